/** What the three OSCAL documents share: UUIDs, OSCAL's datatypes, props and metadata. */
import { hash as digestOf } from 'node:crypto';
import { getOrCreate } from '../../util/maps.js';
import { artifactUri } from '../sarif.js';

export const OSCAL_VERSION = '1.2.1';
/** The namespace of our props, parts and facets. */
export const OSCAL_NS = 'https://iotassure.dev/ns/oscal';
export const RMF_NS = 'http://csrc.nist.gov/ns/rmf';

// ---------------------------------------------------------------------------------------------------------------
// UUIDs

const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** Namespaces as bytes, converted once: a fleet's OSCAL documents make hundreds of thousands of UUIDs. */
const namespaceBytes = new Map<string, Buffer>();

/** The namespace's bytes and then the name's, for the one hash made at a time; grown for a longer name. */
let input = Buffer.alloc(1024);

/**
 * RFC 4122 version-5 UUID (SHA-1 of namespace and name). One-shot `hash` on reused bytes rather than a Hash object per
 * UUID: at 10 000 elements OSCAL makes 68 000 of them, and the objects took half of the time.
 */
export function uuidV5(name: string, namespace: string): string {
  const space = getOrCreate(namespaceBytes, namespace, () => Buffer.from(namespace.replace(/-/g, ''), 'hex'));
  // a UTF-16 code unit is at most three bytes of UTF-8
  if (space.length + 3 * name.length > input.length) input = Buffer.alloc(2 * (space.length + 3 * name.length));
  space.copy(input);
  const size = space.length + input.write(name, space.length, 'utf8');
  const hash = digestOf('sha1', input.subarray(0, size), 'buffer');
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** iotassure's UUID namespace: the v5 UUID of OSCAL_NS in the URL namespace. */
export const IOTASSURE_UUID_NAMESPACE = uuidV5(OSCAL_NS, URL_NAMESPACE);

/** The deterministic UUID of an object, named by a path of ids such as `risk/<system>/<risk id>`. */
export const oscalUuid = (...path: string[]) => uuidV5(path.join('/'), IOTASSURE_UUID_NAMESPACE);

/**
 * A document's UUID: from the digest of what its content is made from (the parts that vary, or the assessment), so it
 * changes exactly when the document's content does.
 */
export function withContentUuid<T extends object>(kind: string, body: T, digest: string): { uuid: string } & T {
  return { uuid: oscalUuid(kind, digest), ...body };
}

// ---------------------------------------------------------------------------------------------------------------
// Datatypes: OSCAL tokens, single-line markup, strings without outer whitespace, date-times and URI references

/** An OSCAL token (an XML NCName): our ids are tokens unless they start with a digit, `.` or `-`. */
export function oscalId(id: string): string {
  const clean = id.replace(/[^\p{L}\p{N}._-]/gu, '_');
  return /^[\p{L}_]/u.test(clean) ? clean : `_${clean}`;
}

/** Text that line() would change: whitespace other than single spaces inside it. */
const UNEVEN_SPACE = /[^\S ]| {2}|^ | $/;
export const line = (text: string) => (UNEVEN_SPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text) || '-';
export const str = (text: string | number) => line(String(text));
export const dateTime = (date: string) => (date.length === 10 ? `${date}T00:00:00Z` : date);

/** A URI reference: absolute URLs as they are (normalised), paths percent-encoded. */
export function uriReference(location: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(location) && !/^[A-Za-z]:[\\/]/.test(location)) {
    try {
      return new URL(location).href;
    } catch {
      return undefined;
    }
  }
  return artifactUri(location);
}

export interface Prop {
  name: string;
  value: string;
  ns?: string;
  class?: string;
}
export const prop = (name: string, value: string | number, ns: string | null = OSCAL_NS): Prop =>
  ns ? { name, ns, value: str(value) } : { name, value: str(value) };
export const props = (name: string, values: readonly string[]) => values.map((v) => prop(name, v));

/** OSCAL arrays must not be empty: absent instead. */
export function nonEmpty<K extends string, L extends { readonly length: number }>(key: K, items: L): { [P in K]?: L } {
  return (items.length > 0 ? { [key]: items } : {}) as { [P in K]?: L };
}

export function metadata(title: string, date: string, version: string, extra: Record<string, unknown> = {}) {
  return {
    title: line(title),
    'last-modified': dateTime(date),
    version: str(version),
    'oscal-version': OSCAL_VERSION,
    ...extra,
  };
}

export interface OscalOptions {
  /** the document date, YYYY-MM-DD (default: today) */
  date?: string;
  /** the document version (default: the tool's version) */
  version?: string;
}

export const today = () => new Date().toISOString().slice(0, 10);
