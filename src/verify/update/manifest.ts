/**
 * The update manifest iotassure verifies (UPD-02, UPD-03), and its download through Net.
 *
 * Format (JSON, UTF-8), served at the target's `update.url`:
 *
 *   {
 *     "version": "1.4.2",                  // the offered firmware version (semver or dotted numbers)
 *     "image": "fw-1.4.2.bin",             // the image, relative to the manifest URL (same host and port)
 *     "size": 1048576,                     // optional: image size in bytes
 *     "sha256": "9f86d0…",                 // hex SHA-256 of the image
 *     "signature": "MEUCIQ…"               // base64 signature over the canonical manifest
 *   }
 *
 * The canonical manifest is the object without `signature`, serialised as JSON with the keys of every object sorted
 * and no whitespace (JSON.stringify of the sorted object). The algorithm follows from the vendor's public key
 * (`update.publicKey`, PEM): Ed25519; ECDSA P-256/SHA-256, P-384/SHA-384 or P-521/SHA-512 (DER or raw r||s);
 * RSA-PSS with SHA-256 (any salt length, 32 recommended). Other fields may be added; they are signed too.
 */
import { createHash, createPublicKey, constants as cryptoConstants, type KeyObject, verify } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import semver from 'semver';
import { canonicalAddress } from '../net/address.js';
import { type HttpResponse, NetError } from '../net/net.js';
import { loadPem } from '../tls/cert.js';
import type { CheckContext } from '../types.js';

export interface Manifest {
  version?: unknown;
  image?: unknown;
  size?: unknown;
  sha256?: unknown;
  signature?: unknown;
  [key: string]: unknown;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The bytes the signature covers. */
export function canonicalManifest(manifest: Manifest): Buffer {
  const { signature: _ignored, ...rest } = manifest;
  return Buffer.from(JSON.stringify(sortKeys(rest)), 'utf8');
}

export interface Verification {
  ok: boolean;
  reason: string;
}

export function loadPublicKey(value: string): KeyObject {
  return createPublicKey(loadPem(value));
}

export function keyDescription(key: KeyObject): string {
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec') return `ECDSA ${d.namedCurve}`;
  if (key.asymmetricKeyType?.startsWith('rsa')) return `RSA-PSS ${d.modulusLength} bits`;
  return key.asymmetricKeyType ?? 'unknown key';
}

/** Verifies the manifest's signature with the vendor key. */
export function verifySignature(manifest: Manifest, key: KeyObject): Verification {
  if (typeof manifest.signature !== 'string' || manifest.signature.length === 0) {
    return { ok: false, reason: 'the manifest carries no signature' };
  }
  const signature = Buffer.from(manifest.signature, 'base64');
  const data = canonicalManifest(manifest);
  const type = key.asymmetricKeyType;
  try {
    let ok: boolean;
    if (type === 'ed25519' || type === 'ed448') ok = verify(null, data, key, signature);
    else if (type === 'ec') {
      const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
      const hash = /384/.test(curve) ? 'sha384' : /521/.test(curve) ? 'sha512' : 'sha256';
      ok =
        verify(hash, data, { key, dsaEncoding: 'der' }, signature) ||
        verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    } else if (type === 'rsa' || type === 'rsa-pss') {
      ok = verify(
        'sha256',
        data,
        { key, padding: cryptoConstants.RSA_PKCS1_PSS_PADDING, saltLength: cryptoConstants.RSA_PSS_SALTLEN_AUTO },
        signature,
      );
    } else return { ok: false, reason: `unsupported key type ${type}` };
    return ok
      ? { ok: true, reason: `${keyDescription(key)} signature over the canonical manifest is valid` }
      : { ok: false, reason: `the ${keyDescription(key)} signature does not verify` };
  } catch (error) {
    return { ok: false, reason: `the signature could not be checked: ${(error as Error).message}` };
  }
}

/** The image must match the manifest's sha256 (and size when given). */
export function verifyImage(manifest: Manifest, image: Buffer): Verification {
  if (typeof manifest.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(manifest.sha256)) {
    return { ok: true, reason: 'the manifest names no sha256, so nothing binds the image to the signature' };
  }
  if (typeof manifest.size === 'number' && manifest.size !== image.length) {
    return { ok: false, reason: `image is ${image.length} bytes, the manifest says ${manifest.size}` };
  }
  const digest = createHash('sha256').update(image).digest('hex');
  return digest === manifest.sha256.toLowerCase()
    ? { ok: true, reason: `image SHA-256 ${digest.slice(0, 16)}… matches the manifest` }
    : {
        ok: false,
        reason: `image SHA-256 ${digest.slice(0, 16)}… differs from the manifest's ${manifest.sha256.slice(0, 16)}…`,
      };
}

export function bindsImage(manifest: Manifest): boolean {
  return typeof manifest.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(manifest.sha256);
}

/** Negative when a < b. Semver when both parse (loosely), else dotted numbers, else string order. */
export function compareVersions(a: string, b: string): number {
  const sa = semver.coerce(a, { loose: true });
  const sb = semver.coerce(b, { loose: true });
  if (semver.valid(a, { loose: true }) && semver.valid(b, { loose: true }))
    return semver.compare(a, b, { loose: true });
  const na = a.match(/\d+/g)?.map(Number);
  const nb = b.match(/\d+/g)?.map(Number);
  if (na && nb) {
    for (let i = 0; i < Math.max(na.length, nb.length); i++) {
      const d = (na[i] ?? 0) - (nb[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  }
  if (sa && sb) return semver.compare(sa, sb);
  return a.localeCompare(b);
}

// ---------------------------------------------------------------------------------------------------------------

export interface UpdateUrl {
  url: URL;
  /** the IP address to connect to */
  address: string;
  port: number;
  https: boolean;
  /** SNI and Host name */
  hostName: string;
}

/** Resolves `update.url` to an address; the scope guard in Net decides whether it may be contacted. */
export async function resolveUpdateUrl(ctx: CheckContext, raw: string): Promise<UpdateUrl> {
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new NetError('protocol', `unsupported scheme ${url.protocol}`);
  const name = url.hostname.replace(/^\[|\]$/g, '');
  // the same reading as the planner's: an address literal in its canonical form, a name resolved and canonicalised
  const literal = canonicalAddress(name);
  let address: string;
  if (literal) address = literal.address;
  else if (name === ctx.target.host) address = ctx.address;
  else {
    const answer = canonicalAddress((await lookup(name, { verbatim: true })).address);
    if (!answer) throw new NetError('protocol', `${name} does not resolve to an IP address`);
    address = answer.address;
  }
  const https = url.protocol === 'https:';
  return { url, address, port: Number(url.port || (https ? 443 : 80)), https, hostName: name };
}

export interface Download {
  url: string;
  response: HttpResponse;
  truncated: boolean;
}

export const MAX_MANIFEST = 64 * 1024;
export const MAX_IMAGE = 32 * 1024 * 1024;

async function get(ctx: CheckContext, u: UpdateUrl, path: string, maxBytes: number): Promise<Download> {
  const servername = /^[\d.]+$|:/.test(u.hostName) ? undefined : u.hostName;
  const response = await ctx.net.http(
    {
      host: u.address,
      port: u.port,
      path,
      headers: { host: u.url.host },
      tls: u.https ? { servername } : undefined,
      maxBytes: maxBytes + 1,
    },
    ctx.signal,
  );
  const truncated = response.body.length > maxBytes;
  if (truncated) response.body = response.body.subarray(0, maxBytes);
  return { url: `${u.url.protocol}//${u.url.host}${path}`, response, truncated };
}

export interface UpdateDownload {
  source: UpdateUrl;
  manifestDownload: Download;
  /** undefined when the URL did not serve JSON */
  manifest?: Manifest;
  imagePath?: string;
  imageDownload?: Download;
  /** why the image was not fetched */
  imageProblem?: string;
}

const downloads = new WeakMap<object, Map<string, Promise<UpdateDownload>>>();

/** Manifest and image, size-capped, fetched once per run and shared by UPD-01..03. */
export function downloadUpdate(ctx: CheckContext): Promise<UpdateDownload> {
  const raw = ctx.target.update!.url;
  let perNet = downloads.get(ctx.net);
  if (!perNet) {
    perNet = new Map();
    downloads.set(ctx.net, perNet);
  }
  let pending = perNet.get(raw);
  if (!pending) {
    pending = fetchUpdate(ctx, raw);
    perNet.set(raw, pending);
  }
  return pending;
}

async function fetchUpdate(ctx: CheckContext, raw: string): Promise<UpdateDownload> {
  const source = await resolveUpdateUrl(ctx, raw);
  const manifestDownload = await get(ctx, source, `${source.url.pathname}${source.url.search}`, MAX_MANIFEST);
  const result: UpdateDownload = { source, manifestDownload };
  if (manifestDownload.response.status !== 200) return result;
  try {
    const parsed = JSON.parse(manifestDownload.response.body.toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) result.manifest = parsed as Manifest;
  } catch {
    return result;
  }
  const image = result.manifest?.image;
  if (typeof image !== 'string' || image.length === 0) {
    result.imageProblem = 'the manifest names no image';
    return result;
  }
  const imageUrl = new URL(image, source.url);
  if (imageUrl.host !== source.url.host || imageUrl.protocol !== source.url.protocol) {
    result.imageProblem = `the image ${imageUrl.href} is on another origin; only ${source.url.protocol}//${source.url.host} is fetched`;
    return result;
  }
  result.imagePath = `${imageUrl.pathname}${imageUrl.search}`;
  result.imageDownload = await get(ctx, source, result.imagePath, MAX_IMAGE);
  return result;
}
