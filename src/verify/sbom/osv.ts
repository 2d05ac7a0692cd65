/**
 * An offline OSV database: a folder of OSV JSON files, one OSV JSON file (a record or an array of records), or an
 * ecosystem `all.zip` as OSV publishes it (one record per entry). Loading builds an index
 * ecosystem → package name → records without parsing every record: each record's bytes are scanned for its
 * `"package": {…}` objects, and a record is parsed, validated and cached only when the matcher asks for its package.
 * Withdrawn records are skipped; malformed ones are skipped, counted and reported as warnings (both are found when a
 * record is parsed, so the counts cover the records that were read in full).
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { jsonSyntaxReason, parseJson } from '../../input/json.js';
import { firstVisit, folderEntries, readInput } from '../../input/read.js';
import { InputError, inputError } from '../../util/diagnostics.js';
import { baseEcosystem, normalizePypiName } from './versions.js';
import { listZip, readZipEntry, type ZipEntry, ZipFormatError } from './zip.js';

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: string;
  repo?: string;
  events: OsvEvent[];
}

export interface OsvSeverity {
  type: string;
  score: string;
}

export interface OsvAffected {
  package: { ecosystem: string; name: string; purl?: string };
  ranges?: OsvRange[];
  versions?: string[];
  severity?: OsvSeverity[];
  database_specific?: Record<string, unknown>;
  ecosystem_specific?: Record<string, unknown>;
}

export interface OsvRecord {
  id: string;
  modified?: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[];
  related?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  database_specific?: Record<string, unknown>;
}

/** A record with the affected entries that name the package looked up. */
export interface OsvHit {
  record: OsvRecord;
  affected: OsvAffected[];
}

export interface OsvStats {
  /** record files or archive entries read */
  records: number;
  /** records parsed in full (those whose packages were looked up, and those the scan could not index) */
  parsed: number;
  /** withdrawn records met among those parsed (they are skipped) */
  withdrawn: number;
  /** malformed records met among those parsed (skipped, with a warning) */
  malformed: number;
  /** distinct ecosystem → package keys in the index */
  packages: number;
}

export interface OsvLoadOptions {
  /** largest single record accepted (default 16 MiB) */
  maxRecordBytes?: number;
  /** largest database file or archive accepted (default 4 GiB) */
  maxBytes?: number;
  /** most files read from a folder (default 2 000 000) */
  maxFiles?: number;
}

const DEFAULTS = { maxRecordBytes: 16 * 1024 * 1024, maxBytes: 4 * 1024 * 1024 * 1024, maxFiles: 2_000_000 };
type Limits = typeof DEFAULTS;
const RANGE_EVENTS = new Set(['introduced', 'fixed', 'last_affected', 'limit']);
const PACKAGE_KEY = Buffer.from('"package"');
const MAX_WARNINGS = 20;

/** Warnings for malformed records: the first few in full, then one line for the rest. */
export class MalformedWarnings {
  readonly lines: string[] = [];
  count = 0;

  add(label: string, problem: string): void {
    this.count++;
    if (this.count <= MAX_WARNINGS) this.lines.push(`${label}: skipped malformed OSV record: ${problem}`);
    else if (this.count === MAX_WARNINGS + 1) this.lines.push('further malformed records are counted but not listed');
  }
}

/** The index key part for an ecosystem: registry suffixes of Maven and Packagist dropped. */
export function ecosystemKey(ecosystem: string): string {
  const base = baseEcosystem(ecosystem);
  return base === 'Maven' || base === 'Packagist' ? base : ecosystem;
}

/** Package names the way the ecosystem compares them (PyPI per PEP 503, NuGet case-insensitively). */
export function normalizePackageName(ecosystem: string, name: string): string {
  const base = baseEcosystem(ecosystem);
  if (base === 'PyPI') return normalizePypiName(name);
  if (base === 'NuGet') return name.toLowerCase();
  return name;
}

/** The key the index files a package under: ecosystem (registry suffix dropped) and normalised name. */
export function osvIndexKey(ecosystem: string, name: string): string {
  return `${ecosystemKey(ecosystem)}\u0000${normalizePackageName(ecosystem, name)}`;
}

/** Where a record's bytes come from. */
interface RecordSlot {
  /** file path or archive entry name, for messages */
  label: string;
  read(): Buffer | unknown;
}

/** A parsed record with its affected entries grouped by index key, so lookups need no filtering. */
export interface ParsedRecord {
  record: OsvRecord;
  byKey: Map<string, OsvAffected[]>;
}

/** A record's bytes (or value) parsed and validated: usable, withdrawn, or why it is malformed. */
export type RecordOutcome = { parsed: ParsedRecord } | { withdrawn: true } | { problem: string };

export function parseOsvRecord(raw: Buffer | unknown): RecordOutcome {
  let value: unknown;
  try {
    value = Buffer.isBuffer(raw) ? JSON.parse(raw.toString('utf8')) : raw;
  } catch (error) {
    return { problem: `not JSON (${jsonSyntaxReason(error).reason})` };
  }
  const problem = osvRecordProblem(value);
  if (problem) return { problem };
  const record = value as OsvRecord;
  if (record.withdrawn !== undefined) return { withdrawn: true };
  const byKey = new Map<string, OsvAffected[]>();
  for (const a of record.affected ?? []) {
    const key = osvIndexKey(a.package.ecosystem, a.package.name);
    const list = byKey.get(key);
    if (list) list.push(a);
    else byKey.set(key, [a]);
  }
  return { parsed: { record, byKey } };
}

/** Why a value is not a usable OSV record, or undefined when it is one. Checks only what matching relies on. */
export function osvRecordProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const r = value as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id.length === 0) return 'no "id"';
  if (r.withdrawn !== undefined && typeof r.withdrawn !== 'string') return '"withdrawn" is not a string';
  if (r.aliases !== undefined && !isStringArray(r.aliases)) return '"aliases" is not a list of strings';
  if (r.severity !== undefined && !isSeverityList(r.severity)) return '"severity" is malformed';
  if (r.affected === undefined) return undefined;
  if (!Array.isArray(r.affected)) return '"affected" is not a list';
  // index loops and no Object.keys: this runs for every record parsed, and iterators and key lists were most of what
  // it allocated
  for (let i = 0; i < r.affected.length; i++) {
    const a: unknown = r.affected[i];
    if (a === null || typeof a !== 'object') return `affected[${i}] is not an object`;
    const pkg = (a as OsvAffected).package;
    if (pkg === null || typeof pkg !== 'object' || typeof pkg.ecosystem !== 'string' || typeof pkg.name !== 'string') {
      return `affected[${i}].package needs "ecosystem" and "name"`;
    }
    const { ranges, versions, severity } = a as OsvAffected;
    if (versions !== undefined && !isStringArray(versions)) return `affected[${i}].versions is not a list of strings`;
    if (severity !== undefined && !isSeverityList(severity)) return `affected[${i}].severity is malformed`;
    if (ranges === undefined) continue;
    if (!Array.isArray(ranges)) return `affected[${i}].ranges is not a list`;
    for (let j = 0; j < ranges.length; j++) {
      const range: unknown = ranges[j];
      if (
        range === null ||
        typeof range !== 'object' ||
        typeof (range as OsvRange).type !== 'string' ||
        !Array.isArray((range as OsvRange).events)
      ) {
        return `affected[${i}].ranges[${j}] needs "type" and "events"`;
      }
      const { events } = range as OsvRange;
      let introduced = false;
      for (let k = 0; k < events.length; k++) {
        const event: unknown = events[k];
        const key = event !== null && typeof event === 'object' ? onlyKey(event) : undefined;
        if (key === undefined || !RANGE_EVENTS.has(key)) {
          return `affected[${i}].ranges[${j}].events[${k}] must have exactly one of introduced, fixed, last_affected, limit`;
        }
        if (typeof (event as Record<string, unknown>)[key] !== 'string') {
          return `affected[${i}].ranges[${j}].events[${k}].${key} is not a string`;
        }
        if (key === 'introduced') introduced = true;
      }
      if (!introduced) return `affected[${i}].ranges[${j}] has no "introduced" event`;
    }
  }
  return undefined;
}

/** The one own key of an object, or undefined when it has none or several. */
function onlyKey(value: object): string | undefined {
  let only: string | undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (only !== undefined) return undefined;
    only = key;
  }
  return only;
}

export function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function isSeverityList(v: unknown): boolean {
  return (
    Array.isArray(v) &&
    v.every((s) => s !== null && typeof s === 'object' && typeof s.type === 'string' && typeof s.score === 'string')
  );
}

/** Index of `needle` in `buf` outside JSON strings: a key is never preceded by a backslash, a quote in a string is. */
function findKey(buf: Buffer, needle: Buffer, from: number): number {
  let i = buf.indexOf(needle, from);
  while (i > 0 && buf[i - 1] === 0x5c) i = buf.indexOf(needle, i + needle.length);
  return i;
}

/** The `{…}` value after a key at `keyEnd`, as text, or undefined when the value is not an object. */
function objectAfter(buf: Buffer, keyEnd: number): string | undefined {
  let i = keyEnd;
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
  if (buf[i] !== 0x3a) return undefined; // :
  i++;
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
  if (buf[i] !== 0x7b) return undefined; // {
  const start = i;
  let depth = 0;
  let inString = false;
  for (; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) return buf.toString('utf8', start, i + 1);
  }
  return undefined;
}

/** The packages a record's bytes name, found without parsing the whole record; undefined when in doubt. */
export function scanPackages(buf: Buffer): { ecosystem: string; name: string }[] | undefined {
  const out: { ecosystem: string; name: string }[] = [];
  let i = findKey(buf, PACKAGE_KEY, 0);
  while (i !== -1) {
    const text = objectAfter(buf, i + PACKAGE_KEY.length);
    if (text !== undefined) {
      try {
        const pkg = JSON.parse(text) as { ecosystem?: unknown; name?: unknown };
        if (typeof pkg.ecosystem === 'string' && typeof pkg.name === 'string') {
          out.push({ ecosystem: pkg.ecosystem, name: pkg.name });
        }
      } catch {
        return undefined;
      }
    }
    i = findKey(buf, PACKAGE_KEY, i + PACKAGE_KEY.length);
  }
  return out.length > 0 ? out : undefined;
}

export class OsvDatabase {
  readonly source: string;
  private readonly malformedWarnings = new MalformedWarnings();
  /** one line per malformed record skipped (the first 20), and notes about the source */
  readonly warnings: string[] = this.malformedWarnings.lines;
  private readonly slots: RecordSlot[] = [];
  private readonly index = new Map<string, number[]>();
  private readonly ecosystemSet = new Set<string>();
  private readonly parsed = new Map<number, ParsedRecord | null>();
  private withdrawnCount = 0;
  private parsedElsewhere = 0;

  constructor(source: string) {
    this.source = source;
  }

  get stats(): OsvStats {
    return {
      records: this.slots.length,
      parsed: this.parsed.size + this.parsedElsewhere,
      withdrawn: this.withdrawnCount,
      malformed: this.malformedWarnings.count,
      packages: this.index.size,
    };
  }

  /** Ecosystems the database has records for, as written in the records (e.g. Go, Debian:12). */
  ecosystems(): string[] {
    return [...this.ecosystemSet].sort();
  }

  /** Whether the database covers an ecosystem at all; a component of an uncovered one cannot be called clean. */
  hasEcosystem(ecosystem: string): boolean {
    return this.ecosystemSet.has(ecosystemKey(ecosystem));
  }

  /** The records, not withdrawn and well-formed, with affected entries for `name` in `ecosystem`. */
  lookup(ecosystem: string, name: string): OsvHit[] {
    const key = osvIndexKey(ecosystem, name);
    const slots = this.index.get(key);
    if (!slots) return [];
    const hits: OsvHit[] = [];
    const seen = new Set<string>();
    for (const slot of slots) {
      const parsed = this.record(slot);
      if (!parsed || seen.has(parsed.record.id)) continue;
      const affected = parsed.byKey.get(key);
      if (!affected) continue;
      seen.add(parsed.record.id);
      hits.push({ record: parsed.record, affected });
    }
    return hits;
  }

  /**
   * Adds one record. `bytes` are its JSON when at hand: the packages it names are then found by a scan and the
   * record is parsed only when looked up. Without bytes, or when the scan finds no package, it is parsed now.
   */
  add(label: string, read: () => Buffer | unknown, bytes?: Buffer): void {
    const slot = this.slots.length;
    this.slots.push({ label, read });
    const packages = bytes ? scanPackages(bytes) : undefined;
    if (!packages) {
      const parsed = this.record(slot);
      if (parsed) for (const key of parsed.byKey.keys()) this.indexKey(key, slot);
      return;
    }
    for (const p of packages) this.indexKey(osvIndexKey(p.ecosystem, p.name), slot);
  }

  /** Adds one record whose index keys are already known (osvIndexKey of each affected package). */
  addIndexed(label: string, read: () => Buffer | unknown, keys: readonly string[]): void {
    const slot = this.slots.length;
    this.slots.push({ label, read });
    for (const key of keys) this.indexKey(key, slot);
  }

  private indexKey(key: string, slot: number): void {
    this.ecosystemSet.add(key.slice(0, key.indexOf('\u0000')));
    const list = this.index.get(key);
    if (list === undefined) this.index.set(key, [slot]);
    else if (list[list.length - 1] !== slot) list.push(slot);
  }

  /** Parses and validates a record once; null when withdrawn or malformed (counted, with a warning). */
  private record(slot: number): ParsedRecord | null {
    const cached = this.parsed.get(slot);
    if (cached !== undefined) return cached;
    const entry = this.slots[slot]!;
    let outcome: RecordOutcome;
    try {
      outcome = parseOsvRecord(entry.read());
    } catch (error) {
      outcome = { problem: (error as Error).message };
    }
    this.count(entry.label, outcome);
    const parsed = 'parsed' in outcome ? outcome.parsed : null;
    this.parsed.set(slot, parsed);
    return parsed;
  }

  /** Counts a withdrawn or malformed record (with a warning); the archive matcher reports those it parsed. */
  count(label: string, outcome: RecordOutcome): void {
    if ('withdrawn' in outcome) this.withdrawnCount++;
    else if ('problem' in outcome) this.malformed(label, outcome.problem);
  }

  /** Records parsed elsewhere (the archive matcher's workers), for the statistics. */
  countParsed(n: number): void {
    this.parsedElsewhere += n;
  }

  private malformed(label: string, problem: string): void {
    this.malformedWarnings.add(label, problem);
  }
}

/** A database from records already in memory (tests, callers with their own source). */
export function osvDatabaseFromRecords(records: readonly unknown[], source = '(memory)'): OsvDatabase {
  const db = new OsvDatabase(source);
  records.forEach((record, i) => {
    const id = record && typeof record === 'object' && typeof (record as OsvRecord).id === 'string';
    db.add(id ? (record as OsvRecord).id : `${source}[${i}]`, () => record);
  });
  return db;
}

/** Loads an OSV database from a folder of OSV JSON files, one OSV JSON file, or an ecosystem all.zip. */
export function loadOsvDatabase(path: string, options: OsvLoadOptions = {}): OsvDatabase {
  const limits: Limits = { ...DEFAULTS, ...options };
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (error) {
    throw inputError(path, `cannot read the OSV database: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      hint: 'give a folder of OSV JSON files or an ecosystem all.zip (e.g. from https://osv-vulnerabilities.storage.googleapis.com/<ecosystem>/all.zip)',
    });
  }
  const db = new OsvDatabase(path);
  if (stat.isDirectory()) loadFolder(db, path, limits);
  else if (extname(path).toLowerCase() === '.zip') loadZip(db, path, limits);
  else if (extname(path).toLowerCase() === '.json') loadJsonFile(db, path, limits);
  else {
    throw inputError(path, 'the OSV database must be a folder of OSV JSON files, a .json file or an all.zip archive');
  }
  if (db.stats.records === 0) db.warnings.push(`${path}: the OSV database holds no records`);
  return db;
}

/** The record entries (.json files) of an OSV all.zip held in memory; InputError when it is not a ZIP archive. */
export function osvZipEntries(buf: Buffer, path: string): ZipEntry[] {
  try {
    return listZip(buf).filter((e) => !e.name.endsWith('/') && e.name.toLowerCase().endsWith('.json'));
  } catch (error) {
    throw inputError(path, `not a readable ZIP archive: ${(error as Error).message}`);
  }
}

export const zipEntryLabel = (path: string, entry: ZipEntry): string => `${basename(path)}:${entry.name}`;

function loadZip(db: OsvDatabase, path: string, limits: Limits): void {
  const buf = readInput(path, limits.maxBytes, 'OSV archive');
  for (const entry of osvZipEntries(buf, path)) {
    const label = zipEntryLabel(path, entry);
    let bytes: Buffer | undefined;
    let failure: Error | undefined;
    try {
      bytes = readZipEntry(buf, entry, limits.maxRecordBytes);
    } catch (error) {
      if (!(error instanceof ZipFormatError)) throw error;
      failure = error;
    }
    // re-inflating on demand keeps memory at the size of the archive; one entry takes microseconds
    db.add(
      label,
      () => {
        if (failure) throw failure;
        return readZipEntry(buf, entry, limits.maxRecordBytes);
      },
      bytes,
    );
  }
}

/** Every .json file under `dir`; a link out of the folder is refused, a record over the size limit is skipped. */
function loadFolder(db: OsvDatabase, dir: string, limits: Limits): void {
  const root = realpathSync.native(dir);
  const stack = [dir];
  const seen = new Set<string>();
  let files = 0;
  while (stack.length > 0) {
    const current = stack.pop()!;
    let entries: ReturnType<typeof folderEntries>;
    try {
      if (!firstVisit(seen, current)) continue;
      entries = folderEntries(current, [root], (name) => !name.startsWith('.'));
    } catch (error) {
      if (error instanceof InputError) throw error;
      db.warnings.push(`${current}: cannot read folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      continue;
    }
    for (const { path, folder } of entries) {
      if (folder) stack.push(path);
      else if (path.toLowerCase().endsWith('.json')) {
        if (++files > limits.maxFiles) throw inputError(dir, `more than ${limits.maxFiles} JSON files`);
        let bytes: Buffer;
        try {
          bytes = readInput(path, limits.maxRecordBytes, 'OSV record');
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          const problem = error.diagnostics[0]!.message;
          db.add(path, () => {
            throw new Error(problem);
          });
          continue;
        }
        db.add(path, () => bytes, bytes);
      }
    }
  }
}

function loadJsonFile(db: OsvDatabase, path: string, limits: Limits): void {
  const value = parseJson(path, readInput(path, limits.maxBytes, 'OSV file').toString('utf8'), 'the OSV file');
  const records = Array.isArray(value) ? value : [value];
  records.forEach((record, i) => {
    db.add(Array.isArray(value) ? `${path}[${i}]` : path, () => record);
  });
}
