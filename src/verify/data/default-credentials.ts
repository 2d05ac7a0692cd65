/**
 * Built-in default credentials, one ordered list per device class and login surface. At most
 * `limits.attemptsPerService` (default 3) pairs are tried per address and port, from the top, so the order decides
 * what a capped run covers; the verdict says how much of the list was tried, and only a list tried to its end can
 * PASS. A target's `credentials.defaults` replaces the list for that target.
 *
 * Order: how often a pair appears in public default-credential collections and in the attempts IoT honeypots
 * record — Mirai's 2016 scanner list (cameras and DVRs: root/xc3511, root/vizxv…), the honeypot reports of Avira
 * (2019) and F-Secure (2019) ("admin" the most tried password, blank credentials the most tried pair), the SANS ISC
 * honeypot diaries (root, 123456, admin), IoTSeeker's devices.cfg and nmap's http-default-accounts. The order is
 * iotassure's reading of those sources, not a measurement of its own.
 *
 * HTTP fingerprints follow IoTSeeker: when a page matches a vendor's fingerprint, only that vendor's documented
 * defaults are tried, which keeps a run at one or two submissions per device.
 */
import type { DeviceClass } from '../../model/verification.js';

export interface DefaultCredential {
  username: string;
  password: string;
}

/** Where a login is: a remote shell (telnet, SSH, FTP), a web admin page, or an MQTT broker. */
export type LoginSurface = 'shell' | 'web' | 'mqtt';

export interface CredentialList {
  /** e.g. "camera shell list", as the plan and the verdict name it */
  name: string;
  pairs: readonly DefaultCredential[];
}

const pair = (username: string, password: string): DefaultCredential => ({ username, password });

const SHELL: Record<DeviceClass, DefaultCredential[]> = {
  camera: [
    pair('root', 'xc3511'),
    pair('root', 'vizxv'),
    pair('admin', 'admin'),
    pair('root', 'admin'),
    pair('root', '888888'),
    pair('root', 'xmhdipc'),
    pair('root', 'default'),
    pair('root', 'juantech'),
    pair('root', '123456'),
    pair('root', 'hi3518'),
    pair('root', 'klv123'),
    pair('root', ''),
  ],
  router: [
    pair('admin', 'admin'),
    pair('root', 'admin'),
    pair('admin', 'password'),
    pair('root', 'root'),
    pair('admin', ''),
    pair('support', 'support'),
    pair('user', 'user'),
    pair('ubnt', 'ubnt'),
    pair('admin', '1234'),
    pair('root', ''),
  ],
  industrial: [
    pair('admin', 'admin'),
    pair('root', 'root'),
    pair('admin', 'password'),
    pair('USER', 'USER'),
    pair('admin', '1234'),
    pair('root', ''),
  ],
  generic: [
    pair('admin', 'admin'),
    pair('root', 'root'),
    pair('admin', 'password'),
    pair('root', '123456'),
    pair('admin', '12345'),
    pair('admin', ''),
    pair('root', ''),
    pair('user', 'user'),
    pair('ubnt', 'ubnt'),
    pair('support', 'support'),
  ],
};

const WEB: Record<DeviceClass, DefaultCredential[]> = {
  camera: [
    pair('admin', 'admin'),
    pair('admin', '12345'),
    pair('admin', ''),
    pair('admin', '123456'),
    pair('admin', 'password'),
    pair('root', 'pass'),
    pair('admin', '888888'),
    pair('admin', '1234'),
    pair('admin', '9999'),
    pair('admin', 'meinsm'),
  ],
  router: [
    pair('admin', 'admin'),
    pair('admin', 'password'),
    pair('admin', ''),
    pair('admin', '1234'),
    pair('root', 'admin'),
    pair('user', 'user'),
    pair('ubnt', 'ubnt'),
    pair('admin', '12345'),
  ],
  industrial: [pair('admin', 'admin'), pair('admin', 'password'), pair('USER', 'USER'), pair('admin', '')],
  generic: [
    pair('admin', 'admin'),
    pair('admin', 'password'),
    pair('admin', ''),
    pair('admin', '12345'),
    pair('admin', '1234'),
    pair('root', 'root'),
    pair('user', 'user'),
    pair('ubnt', 'ubnt'),
  ],
};

const MQTT: DefaultCredential[] = [
  pair('admin', 'admin'),
  pair('admin', 'password'),
  pair('guest', 'guest'),
  pair('user', 'user'),
  pair('mqtt', 'mqtt'),
  pair('test', 'test'),
];

/** The built-in list for a login surface on a device of a class (MQTT brokers share one list). */
export function builtInList(surface: LoginSurface, deviceClass: DeviceClass = 'generic'): CredentialList {
  if (surface === 'mqtt') return { name: 'built-in MQTT list', pairs: MQTT };
  return {
    name: `built-in ${deviceClass} ${surface === 'shell' ? 'shell' : 'web admin'} list`,
    pairs: (surface === 'shell' ? SHELL : WEB)[deviceClass],
  };
}

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
