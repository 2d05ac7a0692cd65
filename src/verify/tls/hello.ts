/**
 * The bytes of a TLS handshake's first flight, without any cryptography: a ClientHello for a chosen protocol version
 * and suite list, and parsers for what a server answers before keys are in use — ServerHello (or HelloRetryRequest),
 * Certificate, ServerKeyExchange, ServerHelloDone, Alert, and the SSLv2 SERVER-HELLO. This is how nmap's
 * ssl-enum-ciphers and testssl.sh's socket mode enumerate what a server accepts: Node's own TLS cannot offer SSLv3,
 * 3DES or RC4, so it cannot see them either. (RFC 5246 §7.4, RFC 8446 §4.1, RFC 6101, SSLv2 draft-02.)
 */
import { randomBytes } from 'node:crypto';
import type { TlsVersionName } from './profiles.js';

export const VERSION_CODES: Readonly<Record<TlsVersionName, number>> = {
  SSLv2: 0x0002,
  SSLv3: 0x0300,
  TLSv1: 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
};

export function versionName(code: number): string {
  const entry = Object.entries(VERSION_CODES).find(([, c]) => c === code);
  if (entry) return entry[0];
  if (code === 0xfeff) return 'DTLSv1.0';
  if (code === 0xfefd) return 'DTLSv1.2';
  if (code === 0xfefc) return 'DTLSv1.3';
  return `0x${code.toString(16).padStart(4, '0')}`;
}

export interface NamedGroup {
  id: number;
  name: string;
  /** strength class in bits: the field size for EC groups (X25519 counts as 256), the modulus for ffdhe */
  bits: number;
  type: 'EC' | 'FFDHE';
}

/** TLS supported_groups (RFC 8422, 7919, 8446). OpenSSL names where they differ: secp256r1 = prime256v1. */
export const GROUPS: readonly NamedGroup[] = [
  ['sect163k1', 163, 1],
  ['sect163r1', 163, 2],
  ['sect163r2', 163, 3],
  ['sect193r1', 193, 4],
  ['sect193r2', 193, 5],
  ['sect233k1', 233, 6],
  ['sect233r1', 233, 7],
  ['sect239k1', 239, 8],
  ['sect283k1', 283, 9],
  ['sect283r1', 283, 10],
  ['sect409k1', 409, 11],
  ['sect409r1', 409, 12],
  ['sect571k1', 571, 13],
  ['sect571r1', 571, 14],
  ['secp160k1', 160, 15],
  ['secp160r1', 160, 16],
  ['secp160r2', 160, 17],
  ['secp192k1', 192, 18],
  ['secp192r1', 192, 19],
  ['secp224k1', 224, 20],
  ['secp224r1', 224, 21],
  ['secp256k1', 256, 22],
  ['secp256r1', 256, 23],
  ['secp384r1', 384, 24],
  ['secp521r1', 521, 25],
  ['brainpoolP256r1', 256, 26],
  ['brainpoolP384r1', 384, 27],
  ['brainpoolP512r1', 512, 28],
  ['X25519', 256, 29],
  ['X448', 448, 30],
].map(([name, bits, id]) => ({ id: id as number, name: name as string, bits: bits as number, type: 'EC' as const }));

export const FFDHE_GROUPS: readonly NamedGroup[] = [
  { id: 0x0100, name: 'ffdhe2048', bits: 2048, type: 'FFDHE' },
  { id: 0x0101, name: 'ffdhe3072', bits: 3072, type: 'FFDHE' },
  { id: 0x0102, name: 'ffdhe4096', bits: 4096, type: 'FFDHE' },
  { id: 0x0103, name: 'ffdhe6144', bits: 6144, type: 'FFDHE' },
  { id: 0x0104, name: 'ffdhe8192', bits: 8192, type: 'FFDHE' },
];

export function groupById(id: number): NamedGroup | undefined {
  return GROUPS.find((g) => g.id === id) ?? FFDHE_GROUPS.find((g) => g.id === id);
}

/** The EC groups a client commonly offers, strongest first; the weak ones are probed separately. */
export const COMMON_GROUPS = [29, 23, 24, 25, 30, 26, 27, 28, 22];
/** EC groups below 256 bits. */
export const WEAK_GROUPS = GROUPS.filter((g) => g.bits < 256).map((g) => g.id);

/** signature_algorithms: modern first, SHA-1 last so that old servers still answer. */
const SIGNATURE_ALGORITHMS = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601,
  0x0303, 0x0301, 0x0302, 0x0402, 0x0203, 0x0201, 0x0202,
];

export const EXT = {
  serverName: 0x0000,
  supportedGroups: 0x000a,
  ecPointFormats: 0x000b,
  signatureAlgorithms: 0x000d,
  heartbeat: 0x000f,
  encryptThenMac: 0x0016,
  extendedMasterSecret: 0x0017,
  sessionTicket: 0x0023,
  supportedVersions: 0x002b,
  pskKeyExchangeModes: 0x002d,
  keyShare: 0x0033,
  renegotiationInfo: 0xff01,
} as const;

export interface HelloOptions {
  /** legacy client_version: 0x0300..0x0303 (TLS 1.3 is offered with `tls13`) */
  version: number;
  /** offer TLS 1.3 through supported_versions (with these versions, highest first) and a key_share */
  supportedVersions?: number[];
  suites: readonly number[];
  /** EC (and ffdhe) groups for supported_groups; default COMMON_GROUPS */
  groups?: readonly number[];
  /** offer DEFLATE compression as well as null */
  compression?: boolean;
  /** SNI host name (never an IP literal) */
  serverName?: string;
  /** send no extensions at all (SSLv3 style) */
  noExtensions?: boolean;
  /** add the renegotiation_info extension (default true) */
  renegotiationInfo?: boolean;
  /** for DTLS: the cookie from HelloVerifyRequest */
  cookie?: Buffer;
  /** client random (default: fresh); a DTLS hello repeated with a cookie keeps the first one */
  random?: Buffer;
}

function u8(n: number): Buffer {
  return Buffer.from([n & 0xff]);
}
function u16(n: number): Buffer {
  return Buffer.from([(n >> 8) & 0xff, n & 0xff]);
}
function u24(n: number): Buffer {
  return Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}
function vec16(body: Buffer): Buffer {
  return Buffer.concat([u16(body.length), body]);
}
function vec8(body: Buffer): Buffer {
  return Buffer.concat([u8(body.length), body]);
}
function list16(values: readonly number[]): Buffer {
  return Buffer.concat(values.map(u16));
}
function extension(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), vec16(body)]);
}

/** The extensions block of a ClientHello (also used by the DTLS hello). */
export function helloExtensions(options: HelloOptions): Buffer {
  if (options.noExtensions) return Buffer.alloc(0);
  const groups = options.groups ?? COMMON_GROUPS;
  const parts: Buffer[] = [];
  if (options.serverName) {
    const name = Buffer.from(options.serverName, 'ascii');
    parts.push(extension(EXT.serverName, vec16(Buffer.concat([u8(0), vec16(name)]))));
  }
  if (groups.length > 0) {
    parts.push(extension(EXT.supportedGroups, vec16(list16(groups))));
    parts.push(extension(EXT.ecPointFormats, vec8(Buffer.from([0]))));
  }
  if (options.version >= 0x0303 || options.version >= 0xfe00) {
    parts.push(extension(EXT.signatureAlgorithms, vec16(list16(SIGNATURE_ALGORITHMS))));
  }
  parts.push(extension(EXT.extendedMasterSecret, Buffer.alloc(0)));
  parts.push(extension(EXT.sessionTicket, Buffer.alloc(0)));
  if (options.renegotiationInfo !== false) parts.push(extension(EXT.renegotiationInfo, vec8(Buffer.alloc(0))));
  if (options.supportedVersions?.length) {
    parts.push(extension(EXT.supportedVersions, vec8(list16(options.supportedVersions))));
    parts.push(extension(EXT.pskKeyExchangeModes, vec8(Buffer.from([1]))));
    // Any 32 bytes are a valid X25519 public value; the handshake never gets far enough to need the private key.
    const share = Buffer.concat([u16(29), vec16(randomBytes(32))]);
    parts.push(extension(EXT.keyShare, vec16(share)));
  }
  return Buffer.concat(parts);
}

/** ClientHello body (after the 4-byte handshake header). */
function clientHelloBody(options: HelloOptions, dtls: boolean): Buffer {
  const tls13 = Boolean(options.supportedVersions?.includes(0x0304));
  const extensions = helloExtensions(options);
  return Buffer.concat([
    u16(options.version),
    options.random ?? randomBytes(32),
    // TLS 1.3 middlebox compatibility mode sends a 32-byte session id; older versions none
    vec8(tls13 ? randomBytes(32) : Buffer.alloc(0)),
    ...(dtls ? [vec8(options.cookie ?? Buffer.alloc(0))] : []),
    vec16(list16(options.suites)),
    vec8(Buffer.from(options.compression ? [1, 0] : [0])),
    ...(options.noExtensions ? [] : [vec16(extensions)]),
  ]);
}

/** A complete ClientHello record for TLS (record version 0x0301, or 0x0300 for SSLv3). */
export function clientHello(options: HelloOptions): Buffer {
  const body = clientHelloBody(options, false);
  const handshake = Buffer.concat([u8(1), u24(body.length), body]);
  const recordVersion = options.version === 0x0300 ? 0x0300 : 0x0301;
  return Buffer.concat([u8(22), u16(recordVersion), vec16(handshake)]);
}

/** A DTLS ClientHello record (RFC 6347 §4.2.1): epoch 0, the given record and message sequence numbers. */
export function dtlsClientHello(options: HelloOptions, sequence: number): Buffer {
  const body = clientHelloBody(options, true);
  const handshake = Buffer.concat([u8(1), u24(body.length), u16(sequence), u24(0), u24(body.length), body]);
  const recordVersion = 0xfeff;
  return Buffer.concat([u8(22), u16(recordVersion), u16(0), Buffer.alloc(4), u16(sequence), vec16(handshake)]);
}

/** SSLv2 cipher kinds (3 bytes each) a v2 CLIENT-HELLO offers. */
export const SSL2_CIPHERS: Readonly<Record<number, string>> = {
  65664: 'SSL2_RC4_128_WITH_MD5',
  131200: 'SSL2_RC4_128_EXPORT40_WITH_MD5',
  196736: 'SSL2_RC2_128_CBC_WITH_MD5',
  262272: 'SSL2_RC2_128_CBC_EXPORT40_WITH_MD5',
  327808: 'SSL2_IDEA_128_CBC_WITH_MD5',
  393280: 'SSL2_DES_64_CBC_WITH_MD5',
  458944: 'SSL2_DES_192_EDE3_CBC_WITH_MD5',
};

/** An SSLv2 CLIENT-HELLO (2-byte header form). */
export function sslv2ClientHello(): Buffer {
  const specs = Buffer.concat(Object.keys(SSL2_CIPHERS).map((k) => u24(Number(k))));
  const challenge = randomBytes(16);
  const body = Buffer.concat([u8(1), u16(0x0002), u16(specs.length), u16(0), u16(challenge.length), specs, challenge]);
  return Buffer.concat([u16(0x8000 | body.length), body]);
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

export interface ServerHello {
  /** the version the server chose: supported_versions when present, else the legacy field */
  version: number;
  legacyVersion: number;
  suite: number;
  compression: number;
  extensions: Map<number, Buffer>;
  /** a TLS 1.3 HelloRetryRequest (the server wants another key_share group) */
  helloRetryRequest: boolean;
  /** TLS 1.3: the group of the server's key_share (or the group a HelloRetryRequest asks for) */
  keyShareGroup?: number;
}

export interface Alert {
  level: number;
  description: number;
}

export type KeyExchange = { type: 'DH'; bits: number } | { type: 'ECDH'; group: number; name: string; bits: number };

export interface Flight {
  serverHello?: ServerHello;
  alert?: Alert;
  /** DER certificates from a TLS ≤ 1.2 Certificate message, leaf first */
  certificates?: Buffer[];
  /** the ServerKeyExchange body, unparsed */
  serverKeyExchange?: Buffer;
  serverHelloDone?: boolean;
  /** an SSLv2 SERVER-HELLO */
  sslv2?: { version: number; ciphers: number[] };
  /** the bytes do not look like TLS at all */
  notTls?: boolean;
}

const HELLO_RETRY_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

export const ALERTS: Readonly<Record<number, string>> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  22: 'record_overflow',
  40: 'handshake_failure',
  42: 'bad_certificate',
  47: 'illegal_parameter',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  109: 'missing_extension',
  110: 'unsupported_extension',
  112: 'unrecognized_name',
  120: 'no_application_protocol',
};

export function alertName(alert: Alert): string {
  return ALERTS[alert.description] ?? `alert ${alert.description}`;
}

class Reader {
  offset = 0;
  constructor(readonly buf: Buffer) {}
  get left(): number {
    return this.buf.length - this.offset;
  }
  need(n: number): void {
    if (this.left < n) throw new RangeError('truncated');
  }
  u8(): number {
    this.need(1);
    return this.buf[this.offset++]!;
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  u24(): number {
    this.need(3);
    const v = this.buf.readUIntBE(this.offset, 3);
    this.offset += 3;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }
}

/** Parses a ServerHello body (after the handshake header). Throws RangeError when truncated. */
export function parseServerHello(body: Buffer, dtls = false): ServerHello {
  const r = new Reader(body);
  const legacyVersion = r.u16();
  const random = r.bytes(32);
  r.bytes(r.u8()); // session id
  const suite = r.u16();
  const compression = r.u8();
  const extensions = new Map<number, Buffer>();
  if (r.left >= 2) {
    const length = r.u16();
    const end = r.offset + length;
    while (r.offset + 4 <= end) {
      const type = r.u16();
      extensions.set(type, r.bytes(r.u16()));
    }
  }
  const sv = extensions.get(EXT.supportedVersions);
  const version = sv && sv.length >= 2 ? sv.readUInt16BE(0) : legacyVersion;
  const ks = extensions.get(EXT.keyShare);
  return {
    version,
    legacyVersion,
    suite,
    compression,
    extensions,
    helloRetryRequest: !dtls && random.equals(HELLO_RETRY_RANDOM),
    keyShareGroup: ks && ks.length >= 2 ? ks.readUInt16BE(0) : undefined,
  };
}

/** Parses a Certificate message body (TLS ≤ 1.2): a 3-byte list of 3-byte-length DER certificates. */
export function parseCertificates(body: Buffer): Buffer[] {
  const r = new Reader(body);
  const end = r.u24() + 3;
  const certs: Buffer[] = [];
  while (r.offset + 3 <= Math.min(end, body.length)) certs.push(Buffer.from(r.bytes(r.u24())));
  return certs;
}

/** Reads the group or modulus size from a ServerKeyExchange for a (EC)DHE suite (with a PSK hint first for *_PSK). */
export function parseKeyExchange(body: Buffer, kex: string, auth: string): KeyExchange | undefined {
  try {
    const r = new Reader(body);
    if (auth === 'PSK') r.bytes(r.u16()); // psk_identity_hint
    if (kex === 'DHE' || kex === 'DH') {
      const p = r.bytes(r.u16());
      let first = 0;
      while (first < p.length && p[first] === 0) first++;
      const top = p[first] ?? 0;
      const bits = (p.length - first - 1) * 8 + (top === 0 ? 0 : Math.floor(Math.log2(top)) + 1);
      return { type: 'DH', bits };
    }
    if (kex === 'ECDHE' || kex === 'ECDH') {
      const curveType = r.u8();
      if (curveType !== 3) return undefined; // explicit curves: not supported
      const id = r.u16();
      const group = groupById(id);
      return { type: 'ECDH', group: id, name: group?.name ?? `group ${id}`, bits: group?.bits ?? 0 };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * Accumulates the bytes a TLS server sends and parses them into a Flight. `complete` says whether enough has been
 * seen for the caller's purpose ('hello': ServerHello or an alert; 'full': through ServerHelloDone).
 */
export class FlightParser {
  private raw = Buffer.alloc(0);
  private handshake = Buffer.alloc(0);
  private consumed = 0;
  readonly flight: Flight = {};

  push(chunk: Buffer): void {
    this.raw = Buffer.concat([this.raw, chunk]);
    this.parse();
  }

  get bytes(): number {
    return this.raw.length;
  }

  complete(until: 'hello' | 'full'): boolean {
    const f = this.flight;
    if (f.alert || f.notTls || f.sslv2) return true;
    if (!f.serverHello) return false;
    if (until === 'hello' || f.serverHello.version === 0x0304 || f.serverHello.helloRetryRequest) return true;
    return Boolean(f.serverHelloDone);
  }

  private parse(): void {
    const f = this.flight;
    if (this.consumed === 0 && this.raw.length >= 3 && (this.raw[0]! & 0x80) !== 0 && this.raw[2] === 4) {
      this.parseSslv2();
      return;
    }
    while (this.raw.length - this.consumed >= 5) {
      const start = this.consumed;
      const type = this.raw[start]!;
      const major = this.raw[start + 1]!;
      const length = this.raw.readUInt16BE(start + 3);
      if (![20, 21, 22, 23].includes(type) || major !== 3 || length > 18432) {
        f.notTls = true;
        return;
      }
      if (this.raw.length - start < 5 + length) return;
      const body = this.raw.subarray(start + 5, start + 5 + length);
      this.consumed = start + 5 + length;
      if (type === 21 && body.length >= 2 && !f.alert) {
        // after the ServerHello of TLS 1.3 everything is encrypted, so an alert then is not readable
        if (!(f.serverHello && f.serverHello.version === 0x0304)) f.alert = { level: body[0]!, description: body[1]! };
      } else if (type === 22) {
        if (f.serverHello?.version === 0x0304 && !f.serverHello.helloRetryRequest) continue;
        this.handshake = Buffer.concat([this.handshake, body]);
        this.parseHandshake();
      }
    }
  }

  private parseHandshake(): void {
    const f = this.flight;
    while (this.handshake.length >= 4) {
      const type = this.handshake[0]!;
      const length = this.handshake.readUIntBE(1, 3);
      if (this.handshake.length < 4 + length) return;
      const body = this.handshake.subarray(4, 4 + length);
      this.handshake = this.handshake.subarray(4 + length);
      try {
        if (type === 2 && !f.serverHello) f.serverHello = parseServerHello(body);
        else if (type === 11) f.certificates = parseCertificates(body);
        else if (type === 12) f.serverKeyExchange = Buffer.from(body);
        else if (type === 14) f.serverHelloDone = true;
      } catch {
        f.notTls = true;
        return;
      }
    }
  }

  private parseSslv2(): void {
    const r = new Reader(this.raw);
    try {
      const length = r.u16() & 0x7fff;
      if (this.raw.length < 2 + length) return;
      r.u8(); // type 4
      r.u8(); // session id hit
      r.u8(); // certificate type
      const version = r.u16();
      const certLength = r.u16();
      const specsLength = r.u16();
      r.u16(); // connection id length
      r.bytes(certLength);
      const specs = r.bytes(specsLength);
      const ciphers: number[] = [];
      for (let i = 0; i + 3 <= specs.length; i += 3) ciphers.push(specs.readUIntBE(i, 3));
      this.flight.sslv2 = { version, ciphers };
    } catch {
      // wait for more bytes
    }
  }
}
