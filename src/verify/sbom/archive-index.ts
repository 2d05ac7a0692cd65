/**
 * An index of an OSV all.zip, kept in the user's cache folder between runs: for each package key (osvIndexKey), the
 * entries whose records name it. Without one, matching an SBOM inflates and scans every record of the archive to
 * find its packages' records; with the index of the same archive, it inflates only those records, plus the few that
 * the scan cannot index (records that name no package the scan can find, and entries that fail to read). Those are
 * read on every run, so the counts and warnings of a run with an index are those of a run without one. Grype builds
 * its vulnerability database once for the same reason.
 *
 * An index serves only the archive and reading it was made from: its name is a SHA-256 of INDEX_FORMAT,
 * iotassure's version, the record size limit and the archive's central directory (every entry's name, CRC-32, sizes
 * and offset), and the file repeats it. A file that is not a well-formed index of as many entries is ignored and
 * written anew. The index is trusted as the user's own files are, like the archive itself: it decides which records
 * are read.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Env, pruneCaches, userCacheDir, writeAtomically } from '../../util/user-cache.js';
import { TOOL_VERSION } from '../../util/version.js';
import { isStringArray } from './osv.js';
import { centralDirectory } from './zip.js';

/** Names what an index holds and how the scan forms its keys: change it when either changes. */
export const INDEX_FORMAT = 'iotassure-osv-archive-index-1';

/** File names end so; the folder keeps the newest KEPT_INDEXES. */
const SUFFIX = '.osv-index.json';
export const KEPT_INDEXES = 4;

/** Where archive indexes are kept: the user's cache folder, unless IOTASSURE_OSV_INDEX=off. */
export function archiveIndexFolder(env: Env = process.env): string | undefined {
  if (env.IOTASSURE_OSV_INDEX === 'off') return undefined;
  const dir = userCacheDir(env);
  return dir && join(dir, 'osv-index');
}

/**
 * A part of an index, as one thread builds it from the blocks of entries it reads: its keys, and for each entry
 * visited that names packages, (entry, key) pairs — the key as its position in `keys` — in the order visited. Flat
 * lists, so that building, writing and reading one makes few objects.
 */
export interface IndexPart {
  keys: string[];
  pairs: number[];
}

/** An index: the parts that cover the archive, as the threads built them. */
export interface ArchiveIndex {
  /** the ecosystems the archive's records name */
  ecosystems: string[];
  /** entries read whatever the SBOM: those the scan could not index, and those that failed to read */
  always: number[];
  parts: IndexPart[];
}

/** The digest an index of this archive, read with this record size limit, is filed under. */
export function archiveIndexDigest(archive: Buffer, maxRecordBytes: number): string {
  const { start } = centralDirectory(archive);
  return createHash('sha256')
    .update(`${INDEX_FORMAT}\n${TOOL_VERSION}\n${maxRecordBytes}\n`)
    .update(archive.subarray(start))
    .digest('hex');
}

/** The entries matching the `wanted` keys reads with this index: theirs and the ones read always, ascending. */
export function selectEntries(
  index: ArchiveIndex,
  records: number,
  wanted: ReadonlySet<string> | ReadonlyMap<string, unknown>,
): number[] {
  const chosen = new Uint8Array(records);
  for (const entry of index.always) chosen[entry] = 1;
  for (const { keys, pairs } of index.parts) {
    const wantedKey = Uint8Array.from(keys, (key) => (wanted.has(key) ? 1 : 0));
    for (let i = 0; i < pairs.length; i += 2) if (wantedKey[pairs[i + 1]!] === 1) chosen[pairs[i]!] = 1;
  }
  const selected: number[] = [];
  for (let entry = 0; entry < records; entry++) if (chosen[entry] === 1) selected.push(entry);
  return selected;
}

interface IndexFile extends ArchiveIndex {
  format: string;
  digest: string;
  /** how many entries the archive has */
  records: number;
}

function indexFile(folder: string, digest: string): string {
  return join(folder, `${digest.slice(0, 40)}${SUFFIX}`);
}

/** Keeps `index` for later runs; a failure to write is no error (the next run builds it again). */
export function writeArchiveIndex(folder: string, digest: string, records: number, index: ArchiveIndex): void {
  const file = indexFile(folder, digest);
  const content: IndexFile = { format: INDEX_FORMAT, digest, records, ...index };
  if (writeAtomically(file, () => JSON.stringify(content))) pruneCaches(folder, SUFFIX, file, KEPT_INDEXES);
}

/** The index kept for this digest, or undefined when there is none or it is not a well-formed one of `records`. */
export function readArchiveIndex(folder: string, digest: string, records: number): ArchiveIndex | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(indexFile(folder, digest), 'utf8'));
  } catch {
    return undefined;
  }
  const f = value as Partial<IndexFile> | null;
  if (
    f === null ||
    typeof f !== 'object' ||
    f.format !== INDEX_FORMAT ||
    f.digest !== digest ||
    f.records !== records ||
    !isStringArray(f.ecosystems) ||
    !Array.isArray(f.always) ||
    !f.always.every((entry) => isEntry(entry, records)) ||
    !Array.isArray(f.parts) ||
    !f.parts.every((part) => wellFormedPart(part, records))
  ) {
    return undefined;
  }
  return { ecosystems: f.ecosystems, always: f.always, parts: f.parts };
}

function isEntry(value: unknown, records: number): boolean {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) < records;
}

/** Whether a part has distinct keys and (entry, key) pairs of entries below `records` and keys it has. */
function wellFormedPart(part: unknown, records: number): part is IndexPart {
  const { keys, pairs } = (part ?? {}) as Partial<IndexPart>;
  if (!isStringArray(keys) || new Set(keys).size !== keys.length || !Array.isArray(pairs) || pairs.length % 2 !== 0) {
    return false;
  }
  for (let i = 0; i < pairs.length; i += 2) {
    if (!isEntry(pairs[i], records) || !isEntry(pairs[i + 1], keys.length)) return false;
  }
  return true;
}
