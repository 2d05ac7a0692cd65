/**
 * The TLS prober: raw ClientHellos (hello.ts) sent through Net to learn which protocol versions, suites, groups and
 * extensions a server accepts, plus one Node TLS handshake for what Node can see better (the certificate chain and
 * the negotiated ephemeral key). Every connection stops after the server's first flight; nothing is encrypted.
 *
 * Results are kept per run (per Net instance) and endpoint, so TLS-01..TLS-05 and UPD-01 share the same probes
 * instead of repeating them.
 */
import type { TLSSocket } from 'node:tls';
import type { Net } from '../net/net.js';
import { SocketReader } from '../protocols/reader.js';
import {
  alertName,
  COMMON_GROUPS,
  clientHello,
  EXT,
  type Flight,
  FlightParser,
  type HelloOptions,
  type KeyExchange,
  parseKeyExchange,
  sslv2ClientHello,
  VERSION_CODES,
  versionName,
  WEAK_GROUPS,
} from './hello.js';
import type { TlsVersionName } from './profiles.js';
import {
  type CipherSuite,
  LEGACY_SUITES,
  suiteById,
  TLS_EMPTY_RENEGOTIATION_INFO_SCSV,
  TLS_FALLBACK_SCSV,
  TLS13_SUITES,
} from './suites.js';

export interface Endpoint {
  net: Net;
  /** IP address */
  host: string;
  port: number;
  /** SNI name, when the target is known by a name */
  serverName?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export const ALL_VERSIONS: readonly TlsVersionName[] = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const NODE_VERSIONS: Partial<Record<TlsVersionName, 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'>> = {
  TLSv1: 'TLSv1',
  'TLSv1.1': 'TLSv1.1',
  'TLSv1.2': 'TLSv1.2',
  'TLSv1.3': 'TLSv1.3',
};

/** Suites offered in one ClientHello; nmap uses 64 because some servers choke on very long hellos. */
const CHUNK = 96;

const RANK: Record<string, number> = { AEAD: 0, CBC: 2, '3DES': 4, RC4: 5, LOW: 6, EXPORT: 7, aNULL: 8, NULL: 9 };
const KEX_RANK: Record<string, number> = { ECDHE: 0, DHE: 1, RSA: 2 };

/**
 * The TLS ≤ 1.2 suites in the order a modern client prefers them (forward-secret AEAD first, weak ones last), so a
 * server that follows the client's order picks what a normal client would get.
 */
export const OFFER_ORDER: readonly number[] = [...LEGACY_SUITES]
  .sort(
    (a, b) =>
      (RANK[a.category] ?? 3) + (a.forwardSecrecy ? 0 : 1) - ((RANK[b.category] ?? 3) + (b.forwardSecrecy ? 0 : 1)) ||
      (KEX_RANK[a.kex] ?? 3) - (KEX_RANK[b.kex] ?? 3) ||
      b.bits - a.bits ||
      a.id - b.id,
  )
  .map((s) => s.id);

export interface HandshakeOutcome {
  flight: Flight;
  /** how the read ended: enough seen, the server closed, or nothing more came in time */
  end: 'match' | 'closed' | 'timeout';
  bytes: number;
}

/** Sends one ClientHello (or any first flight) and reads the answer until `until` is satisfied. */
export async function rawHandshake(
  ep: Endpoint,
  hello: Buffer,
  until: 'hello' | 'full' = 'hello',
): Promise<HandshakeOutcome> {
  const socket = await ep.net.tcp(ep.host, ep.port, ep.signal);
  try {
    const parser = new FlightParser();
    let seen = 0;
    const reader = new SocketReader(socket);
    socket.write(hello);
    const result = await reader.until(
      (data) => {
        if (data.length > seen) {
          parser.push(data.subarray(seen));
          seen = data.length;
        }
        return parser.complete(until);
      },
      ep.timeoutMs,
      ep.signal,
    );
    return { flight: parser.flight, end: result.end, bytes: seen };
  } finally {
    socket.destroy();
  }
}

function helloFor(ep: Endpoint, version: TlsVersionName, suites: readonly number[], extra: Partial<HelloOptions> = {}) {
  if (version === 'TLSv1.3') {
    return clientHello({
      version: 0x0303,
      supportedVersions: [0x0304],
      suites,
      serverName: ep.serverName,
      ...extra,
    });
  }
  const code = VERSION_CODES[version];
  return clientHello({
    version: code,
    suites: code === 0x0300 ? [...suites, TLS_EMPTY_RENEGOTIATION_INFO_SCSV] : suites,
    noExtensions: code === 0x0300,
    serverName: ep.serverName,
    ...extra,
  });
}

export interface VersionProbe {
  version: TlsVersionName;
  accepted: boolean;
  /** what the server answered, in words: "ServerHello TLSv1.2 TLS_…", "alert protocol_version", "closed" */
  answer: string;
  /** the suite it chose when accepting */
  suite?: number;
  /** how acceptance was seen: the raw ClientHello, or Node's TLS stack when the raw probe was refused */
  via?: 'raw' | 'node';
}

function describe(outcome: HandshakeOutcome): string {
  const f = outcome.flight;
  if (f.sslv2) return `SSLv2 SERVER-HELLO (${f.sslv2.ciphers.length} ciphers)`;
  if (f.serverHello) {
    const s = f.serverHello;
    return `${s.helloRetryRequest ? 'HelloRetryRequest' : 'ServerHello'} ${versionName(s.version)} ${suiteById(s.suite)?.name ?? s.suite}`;
  }
  if (f.alert) return `alert ${alertName(f.alert)}`;
  if (f.notTls) return 'not TLS';
  return outcome.end === 'closed' ? (outcome.bytes === 0 ? 'closed without answer' : 'closed') : 'no answer';
}

/** Raw probe of one version: offers every suite of the table that the version can use. */
export async function probeVersionRaw(ep: Endpoint, version: TlsVersionName): Promise<VersionProbe> {
  if (version === 'SSLv2') {
    const outcome = await rawHandshake(ep, sslv2ClientHello());
    return { version, accepted: Boolean(outcome.flight.sslv2), answer: describe(outcome), via: 'raw' };
  }
  const suites = version === 'TLSv1.3' ? TLS13_SUITES.map((s) => s.id) : OFFER_ORDER;
  // one hello with every suite: long, but a version check needs only "any suite at all"
  const outcome = await rawHandshake(ep, helloFor(ep, version, suites));
  const sh = outcome.flight.serverHello;
  const accepted = Boolean(sh && sh.version === VERSION_CODES[version]);
  return { version, accepted, answer: describe(outcome), suite: accepted ? sh?.suite : undefined, via: 'raw' };
}

/** Node's TLS stack with min = max = version and security level 0 (so SHA-1 and small keys are not refused). */
export async function probeVersionNode(ep: Endpoint, version: TlsVersionName): Promise<VersionProbe | undefined> {
  const nodeVersion = NODE_VERSIONS[version];
  if (!nodeVersion) return undefined;
  try {
    const socket = await ep.net.tls(
      ep.host,
      ep.port,
      {
        minVersion: nodeVersion,
        maxVersion: nodeVersion,
        ciphers: 'DEFAULT:@SECLEVEL=0',
        servername: ep.serverName,
      },
      ep.signal,
    );
    const cipher = socket.getCipher();
    socket.destroy();
    return {
      version,
      accepted: true,
      answer: `Node handshake ${socket.getProtocol()} ${cipher.standardName}`,
      via: 'node',
    };
  } catch (error) {
    return { version, accepted: false, answer: `Node handshake failed: ${(error as Error).message}`, via: 'node' };
  }
}

/**
 * Which versions the server accepts. The raw ClientHello decides (it can offer what Node cannot); a version the raw
 * probe saw refused is tried once more with Node's TLS, so an unusual server that dislikes our hello is not
 * reported as refusing a version it speaks.
 */
export function probeVersions(ep: Endpoint): Promise<Map<TlsVersionName, VersionProbe>> {
  return memo(ep, 'versions', async () => {
    const probes = await Promise.all(
      ALL_VERSIONS.map(async (version) => {
        const raw = await probeVersionRaw(ep, version);
        if (raw.accepted || !NODE_VERSIONS[version]) return raw;
        const node = await probeVersionNode(ep, version);
        return node?.accepted ? node : raw;
      }),
    );
    return new Map(probes.map((p) => [p.version, p]));
  });
}

export interface SuiteEnumeration {
  version: TlsVersionName;
  /** accepted suites, in the order the server chose them (its preference when it has one) */
  accepted: number[];
  connections: number;
}

/**
 * Enumerates the suites a server accepts at one version the way ssl-enum-ciphers does: offer a list, note the suite
 * the server picks, remove it, offer the rest again — until the server refuses. Lists are offered in chunks.
 */
export async function enumerateSuites(ep: Endpoint, version: TlsVersionName): Promise<SuiteEnumeration> {
  return memo(ep, `suites:${version}`, async () => {
    const all = version === 'TLSv1.3' ? TLS13_SUITES.map((s) => s.id) : [...OFFER_ORDER];
    const accepted: number[] = [];
    let connections = 0;
    const chunks: number[][] = [];
    for (let i = 0; i < all.length; i += CHUNK) chunks.push(all.slice(i, i + CHUNK));
    for (const chunk of chunks) {
      const remaining = [...chunk];
      while (remaining.length > 0) {
        connections++;
        const outcome = await rawHandshake(
          ep,
          helloFor(ep, version, remaining, { groups: [...COMMON_GROUPS, ...WEAK_GROUPS] }),
        );
        const sh = outcome.flight.serverHello;
        if (!sh || sh.version !== VERSION_CODES[version]) break;
        const index = remaining.indexOf(sh.suite);
        if (index < 0) break; // the server chose a suite we did not offer: stop rather than loop
        accepted.push(sh.suite);
        remaining.splice(index, 1);
      }
    }
    return { version, accepted, connections };
  });
}

export interface KexFacts {
  /** DH modulus size when the server does finite-field DHE at TLS ≤ 1.2 */
  dh?: KeyExchange;
  /** the first EC group below 256 bits it accepted when only such groups were offered */
  weakCurve?: KeyExchange;
  /** what a modern client negotiates (Node's handshake), e.g. ECDH X25519 253 */
  negotiated?: { type: string; name?: string; size: number; protocol: string };
  /** the (EC)DHE parameters a default raw hello got at the highest version below 1.3 */
  legacyDefault?: KeyExchange;
  lines: string[];
}

/** Key-exchange strength: DHE modulus, weak curves offered alone, and what a normal handshake gets. */
export function probeKeyExchange(ep: Endpoint, versions: Map<TlsVersionName, VersionProbe>): Promise<KexFacts> {
  return memo(ep, 'kex', async () => {
    const facts: KexFacts = { lines: [] };
    const legacy = (['TLSv1.2', 'TLSv1.1', 'TLSv1', 'SSLv3'] as const).find((v) => versions.get(v)?.accepted);
    if (legacy) {
      const dheSuites = OFFER_ORDER.filter((id) => suiteById(id)?.kex === 'DHE' && suiteById(id)?.auth !== 'PSK');
      const dhe = await fullHandshake(ep, legacy, dheSuites, { groups: COMMON_GROUPS });
      if (dhe.kex) {
        facts.dh = dhe.kex;
        facts.lines.push(`DHE at ${legacy}: ${describeKex(dhe.kex)} (${dhe.suite?.name})`);
      } else facts.lines.push(`DHE at ${legacy}: not accepted (${dhe.answer})`);

      const ecdheSuites = OFFER_ORDER.filter((id) => suiteById(id)?.kex === 'ECDHE' && suiteById(id)?.auth !== 'PSK');
      if (legacy !== 'SSLv3') {
        const weak = await fullHandshake(ep, legacy, ecdheSuites, { groups: WEAK_GROUPS });
        if (weak.kex && weak.kex.type === 'ECDH') {
          facts.weakCurve = weak.kex;
          facts.lines.push(`ECDHE with only groups < 256 bits offered: server chose ${describeKex(weak.kex)}`);
        } else facts.lines.push(`ECDHE with only groups < 256 bits offered: refused (${weak.answer})`);
        const normal = await fullHandshake(ep, legacy, OFFER_ORDER, { groups: COMMON_GROUPS });
        if (normal.kex) {
          facts.legacyDefault = normal.kex;
          facts.lines.push(`default hello at ${legacy}: ${describeKex(normal.kex)} (${normal.suite?.name})`);
        }
      }
    }
    const node = await nodeHandshake(ep);
    if (node.ephemeral) {
      facts.negotiated = { ...node.ephemeral, protocol: node.protocol ?? '?' };
      facts.lines.push(
        `Node handshake ${node.protocol}: ${node.ephemeral.type} ${node.ephemeral.name ?? ''} ${node.ephemeral.size} bits`.replace(
          /\s+/g,
          ' ',
        ),
      );
    }
    return facts;
  });
}

export function describeKex(kex: KeyExchange): string {
  return kex.type === 'DH' ? `DH ${kex.bits} bits` : `ECDH ${kex.name} (${kex.bits} bits)`;
}

interface FullHandshake {
  accepted: boolean;
  suite?: CipherSuite;
  kex?: KeyExchange;
  certificates?: Buffer[];
  answer: string;
  flight: Flight;
}

/** A raw handshake read through ServerHelloDone, with the ServerKeyExchange parsed. */
export async function fullHandshake(
  ep: Endpoint,
  version: TlsVersionName,
  suites: readonly number[],
  extra: Partial<HelloOptions> = {},
): Promise<FullHandshake> {
  const outcome = await rawHandshake(ep, helloFor(ep, version, suites, extra), 'full');
  const sh = outcome.flight.serverHello;
  const suite = sh ? suiteById(sh.suite) : undefined;
  const kex =
    suite && outcome.flight.serverKeyExchange
      ? parseKeyExchange(outcome.flight.serverKeyExchange, suite.kex, suite.auth)
      : undefined;
  return {
    accepted: Boolean(sh),
    suite,
    kex,
    certificates: outcome.flight.certificates,
    answer: describe(outcome),
    flight: outcome.flight,
  };
}

export interface HygieneFacts {
  /** the version the hygiene hello used (the highest accepted below 1.3) */
  version?: TlsVersionName;
  secureRenegotiation?: boolean;
  extendedMasterSecret?: boolean;
  compression?: boolean;
  /** TLS_FALLBACK_SCSV honoured (inappropriate_fallback seen); undefined when there is no lower version to try */
  fallbackScsv?: boolean;
  fallbackAnswer?: string;
  answer?: string;
}

/** RFC 5746 renegotiation_info, RFC 7627 extended master secret, compression, and RFC 7507 fallback protection. */
export function probeHygiene(ep: Endpoint, versions: Map<TlsVersionName, VersionProbe>): Promise<HygieneFacts> {
  return memo(ep, 'hygiene', async () => {
    const facts: HygieneFacts = {};
    const order: TlsVersionName[] = ['TLSv1.2', 'TLSv1.1', 'TLSv1', 'SSLv3'];
    const legacy = order.find((v) => versions.get(v)?.accepted);
    if (legacy) {
      facts.version = legacy;
      const outcome = await rawHandshake(
        ep,
        helloFor(ep, legacy, OFFER_ORDER, { compression: true, noExtensions: false }),
      );
      facts.answer = describe(outcome);
      const sh = outcome.flight.serverHello;
      if (sh) {
        facts.secureRenegotiation = sh.extensions.has(EXT.renegotiationInfo);
        facts.extendedMasterSecret = sh.extensions.has(EXT.extendedMasterSecret);
        facts.compression = sh.compression !== 0;
      }
    }
    // fallback: a hello at a lower version than the highest the server speaks, carrying TLS_FALLBACK_SCSV
    const highest = [...ALL_VERSIONS].reverse().find((v) => versions.get(v)?.accepted);
    const lower = highest
      ? order.find((v) => v !== highest && versions.get(v)?.accepted && below(v, highest))
      : undefined;
    if (lower) {
      const suites = [...OFFER_ORDER, TLS_FALLBACK_SCSV];
      const outcome = await rawHandshake(ep, helloFor(ep, lower, suites));
      facts.fallbackAnswer = `${lower} hello with TLS_FALLBACK_SCSV: ${describe(outcome)}`;
      const f = outcome.flight;
      if (f.alert?.description === 86) facts.fallbackScsv = true;
      else if (f.serverHello) facts.fallbackScsv = false;
    }
    return facts;
  });
}

function below(a: TlsVersionName, b: TlsVersionName): boolean {
  return ALL_VERSIONS.indexOf(a) < ALL_VERSIONS.indexOf(b);
}

export interface NodeHandshake {
  ok: boolean;
  error?: string;
  protocol?: string;
  cipher?: string;
  /** DER of the peer chain as sent, leaf first */
  chain: Buffer[];
  ephemeral?: { type: string; name?: string; size: number };
}

/** One Node TLS handshake (any version TLSv1+, security level 0): certificate chain and ephemeral key. */
export function nodeHandshake(ep: Endpoint): Promise<NodeHandshake> {
  return memo(ep, 'node', async () => {
    let socket: TLSSocket | undefined;
    try {
      socket = await ep.net.tls(
        ep.host,
        ep.port,
        { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0', servername: ep.serverName },
        ep.signal,
      );
      // the leaf as Node's X509Certificate, the issuers from the detailed peer certificate chain
      const leaf = socket.getPeerX509Certificate();
      const chain: Buffer[] = leaf ? [leaf.raw] : [];
      const seen = new Set<string>(leaf ? [leaf.fingerprint256] : []);
      let cert = socket.getPeerCertificate(true)?.issuerCertificate;
      while (leaf && cert?.raw && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        chain.push(cert.raw);
        cert = cert.issuerCertificate;
      }
      const info = socket.getEphemeralKeyInfo() as { type?: string; name?: string; size?: number } | null;
      return {
        ok: true,
        protocol: socket.getProtocol() ?? undefined,
        cipher: socket.getCipher().standardName,
        chain,
        ephemeral: info?.type ? { type: info.type, name: info.name, size: info.size ?? 0 } : undefined,
      };
    } catch (error) {
      return { ok: false, error: (error as Error).message, chain: [] };
    } finally {
      socket?.destroy();
    }
  });
}

/**
 * The certificate chain: from Node's handshake, or — when Node cannot talk to the server (3DES/RC4-only, SSLv3) —
 * from the Certificate message of a raw TLS ≤ 1.2 handshake.
 */
export async function certificateChain(
  ep: Endpoint,
  versions: Map<TlsVersionName, VersionProbe>,
): Promise<{ chain: Buffer[]; via: string }> {
  const node = await nodeHandshake(ep);
  if (node.ok && node.chain.length > 0) return { chain: node.chain, via: `Node handshake (${node.protocol})` };
  const legacy = (['TLSv1.2', 'TLSv1.1', 'TLSv1', 'SSLv3'] as const).find((v) => versions.get(v)?.accepted);
  if (!legacy) return { chain: [], via: node.error ?? 'no handshake' };
  const raw = await fullHandshake(ep, legacy, OFFER_ORDER);
  return { chain: raw.certificates ?? [], via: `raw ${legacy} handshake` };
}

// ---------------------------------------------------------------------------------------------------------------

const cache = new WeakMap<Net, Map<string, Promise<unknown>>>();

/** One probe per run, endpoint and kind: checks that need the same facts share the connections. */
function memo<T>(ep: Endpoint, kind: string, compute: () => Promise<T>): Promise<T> {
  let perNet = cache.get(ep.net);
  if (!perNet) {
    perNet = new Map();
    cache.set(ep.net, perNet);
  }
  const key = `${ep.host}|${ep.port}|${ep.serverName ?? ''}|${kind}`;
  let promise = perNet.get(key) as Promise<T> | undefined;
  if (!promise) {
    promise = compute();
    perNet.set(key, promise);
    promise.catch(() => perNet.delete(key));
  }
  return promise;
}
