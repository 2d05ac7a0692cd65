/**
 * Built-in vendor default credentials: a short, public list in the spirit of routersploit's `wordlists.defaults`,
 * IoTSeeker's devices.cfg and nmap's http-default-accounts. It is deliberately small: at most
 * `limits.attemptsPerService` (default 3) pairs are tried per service, so the order is the order of prevalence.
 * A target's `credentials.defaults` replaces this list for that target.
 *
 * HTTP fingerprints follow IoTSeeker: when a page matches a vendor's fingerprint, only that vendor's documented
 * defaults are tried, which keeps attempts at one or two per device.
 */

export interface DefaultCredential {
  username: string;
  password: string;
}

/** Generic pairs, most common first (telnet, SSH, FTP, MQTT and HTTP admin pages without a fingerprint). */
export const DEFAULT_CREDENTIALS: readonly DefaultCredential[] = [
  { username: 'admin', password: 'admin' },
  { username: 'root', password: 'root' },
  { username: 'admin', password: '12345' },
  { username: 'admin', password: 'password' },
  { username: 'ubnt', password: 'ubnt' },
  { username: 'root', password: '12345' },
  { username: 'user', password: 'user' },
  { username: 'admin', password: '' },
];

export interface HttpFingerprint {
  vendor: string;
  /** case-insensitive substrings; any one matching identifies the vendor */
  server?: string[];
  realm?: string[];
  title?: string[];
  body?: string[];
  credentials: DefaultCredential[];
}

/** HTTP admin fingerprints with their vendors' documented defaults (IoTSeeker, nmap http-default-accounts). */
export const HTTP_FINGERPRINTS: readonly HttpFingerprint[] = [
  {
    vendor: 'Hikvision',
    server: ['App-webs/', 'DNVRS-Webs', 'Hikvision-Webs'],
    credentials: [{ username: 'admin', password: '12345' }],
  },
  { vendor: 'Axis', realm: ['AXIS_'], title: ['AXIS'], credentials: [{ username: 'root', password: 'pass' }] },
  {
    vendor: 'Ubiquiti',
    title: ['airOS', 'UniFi'],
    body: ['ubnt'],
    credentials: [{ username: 'ubnt', password: 'ubnt' }],
  },
  {
    vendor: 'Mobotix',
    realm: ['MOBOTIX'],
    server: ['MOBOTIX'],
    credentials: [{ username: 'admin', password: 'meinsm' }],
  },
  { vendor: 'Dahua', title: ['WEB SERVICE'], body: ['dahua'], credentials: [{ username: 'admin', password: 'admin' }] },
  { vendor: 'TP-Link', realm: ['TP-LINK', 'TP-Link'], credentials: [{ username: 'admin', password: 'admin' }] },
];
