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
 * An index in the form it is kept in: the keys, and for the key at k its entries `entries[starts[k]]` up to
 * `entries[starts[k + 1]]`, ascending. Flat lists, so that building, writing and reading one makes few objects.
 */
export interface ArchiveIndex {
  /** the ecosystems the archive's records name */
  ecosystems: string[];
  /** entries read whatever the SBOM: those the scan could not index, and those that failed to read (ascending) */
  always: number[];
  keys: string[];
  starts: number[];
  entries: number[];
}

/**
 * A chunk's part of an index: its keys, and for each entry it visited that names packages, (entry, key) pairs —
 * the key as its position in `keys` — in the order visited; and its entries read always.
 */
export interface PartialIndex {
  keys: string[];
  pairs: number[];
  always: number[];
}

/** The digest an index of this archive, read with this record size limit, is filed under. */
export function archiveIndexDigest(archive: Buffer, maxRecordBytes: number): string {
  const { start } = centralDirectory(archive);
  return createHash('sha256')
    .update(`${INDEX_FORMAT}\n${TOOL_VERSION}\n${maxRecordBytes}\n`)
    .update(archive.subarray(start))
    .digest('hex');
}

/** One index from the parts of chunks that cover the archive, given in archive order. */
export function mergeIndex(parts: readonly PartialIndex[], ecosystems: Iterable<string>): ArchiveIndex {
  const ids = new Map<string, number>();
  const keys: string[] = [];
  // each part's key positions as positions in `keys`
  const global = parts.map((part) =>
    part.keys.map((key) => {
      let id = ids.get(key);
      if (id === undefined) {
        id = keys.push(key) - 1;
        ids.set(key, id);
      }
      return id;
    }),
  );
  // a counting sort of the (entry, key) pairs by key; parts and pairs come in archive order, so lists ascend
  const starts = new Array<number>(keys.length + 1).fill(0);
  const entries: number[] = [];
  parts.forEach((part, p) => {
    const ids = global[p]!;
    for (let i = 1; i < part.pairs.length; i += 2) starts[ids[part.pairs[i]!]! + 1]!++;
  });
  for (let k = 0; k < keys.length; k++) starts[k + 1]! += starts[k]!;
  const next = starts.slice(0, keys.length);
  parts.forEach((part, p) => {
    const ids = global[p]!;
    for (let i = 0; i < part.pairs.length; i += 2) {
      const key = ids[part.pairs[i + 1]!]!;
      entries[next[key]!++] = part.pairs[i]!;
    }
  });
  return { ecosystems: [...ecosystems].sort(), always: parts.flatMap((part) => part.always), keys, starts, entries };
}

/** The entries matching the `wanted` keys reads with this index: theirs and the ones read always, ascending. */
export function selectEntries(index: ArchiveIndex, records: number, wanted: Iterable<string>): number[] {
  const ids = new Map(index.keys.map((key, k) => [key, k]));
  const chosen = new Uint8Array(records);
  for (const entry of index.always) chosen[entry] = 1;
  for (const key of wanted) {
    const k = ids.get(key);
    if (k === undefined) continue;
    for (let e = index.starts[k]!; e < index.starts[k + 1]!; e++) chosen[index.entries[e]!] = 1;
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
    !strings(f.ecosystems) ||
    !ascending(f.always, 0, f.always?.length ?? 0, records) ||
    !strings(f.keys) ||
    new Set(f.keys).size !== f.keys.length ||
    !wellFormedLists(f.starts, f.entries, f.keys.length, records)
  ) {
    return undefined;
  }
  return { ecosystems: f.ecosystems, always: f.always!, keys: f.keys, starts: f.starts!, entries: f.entries! };
}

function strings(list: unknown): list is string[] {
  return Array.isArray(list) && list.every((s) => typeof s === 'string');
}

/** Whether list[from..to) holds entry numbers below `records`, each larger than the one before. */
function ascending(list: unknown, from: number, to: number, records: number): boolean {
  if (!Array.isArray(list)) return false;
  for (let i = from; i < to; i++) {
    const e = list[i];
    if (!Number.isInteger(e) || e < 0 || e >= records || (i > from && e <= list[i - 1])) return false;
  }
  return true;
}

/** Whether `starts` cuts `entries` into `count` ascending lists of entry numbers below `records`. */
function wellFormedLists(starts: unknown, entries: unknown, count: number, records: number): boolean {
  if (!Array.isArray(starts) || !Array.isArray(entries) || starts.length !== count + 1) return false;
  if (starts[0] !== 0 || starts[count] !== entries.length) return false;
  for (let k = 0; k < count; k++) {
    const from = starts[k];
    const to = starts[k + 1];
    if (!Number.isInteger(to) || to < from || !ascending(entries, from, to, records)) return false;
  }
  return true;
}
