/**
 * Matching an SBOM against a large OSV all.zip in one pass over the archive, spread over worker threads.
 *
 * Most of the time of a large database goes into inflating its entries (node:zlib costs microseconds per call
 * whatever the entry's size) and parsing the records that concern the SBOM. Here the main thread and the workers take
 * blocks of entries until none is left. For each entry, a thread inflates it, finds the packages it names (for the
 * index), and — when one of them is a package of the SBOM — parses the record and evaluates it against those
 * components with the same functions as `matchSbom`. The main thread builds the index from the threads' package keys
 * and assembles the component results exactly as `matchSbom` does, so both give the same report (a test holds them to
 * it).
 *
 * Passes too small to repay a worker (ENTRIES_PER_THREAD), and machines with one core, run the same function in the
 * main thread alone.
 */
import { closeSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { openInput } from '../../input/read.js';
import { inputError } from '../../util/diagnostics.js';
import { startWorker } from '../../util/start-worker.js';
import {
  type ArchiveIndex,
  archiveIndexDigest,
  type IndexPart,
  readArchiveIndex,
  selectEntries,
  writeArchiveIndex,
} from './archive-index.js';
import {
  assembleComponent,
  candidateEcosystems,
  componentTargets,
  computeSeverity,
  type DatabaseSummary,
  DEFAULT_SUPPRESSING_STATES,
  evaluateVersion,
  type MatchOptions,
  type MatchReport,
  matchReport,
  type OsvPackage,
  type RecordEvaluation,
  type RecordFacts,
  type RecordVerdict,
  recordVerdict,
  resolveEcosystem,
  type Severity,
  VersionCache,
} from './match.js';
import {
  ecosystemKey,
  MalformedWarnings,
  OsvDatabase,
  osvIndexKey,
  osvZipEntries,
  type ParsedRecord,
  parseOsvRecord,
  type RecordOutcome,
  scanPackages,
  zipEntryLabel,
} from './osv.js';
import type { Sbom } from './sbom.js';
import { readZipEntry, type ZipEntry, ZipFormatError } from './zip.js';

/**
 * What a thread needs to know about the SBOM: per index key, the components to evaluate, which of their names and
 * candidate ecosystems (`candidateEcosystems`) the key is, and their version.
 */
export type Wants = [key: string, wants: [component: number, name: number, candidate: number, version: string][]][];

/** The numbers of a verdict in `BlockResult.verdicts`: component, name, candidate, entry, record, severity. */
const VERDICT_FIELDS = 6;

export interface PassJob {
  /** with an archive index: the entries to read, ascending (those of the SBOM's packages, and `always`) */
  selected?: number[];
  /** entries of `selected` to read as without an index: scanned, and parsed when the scan finds no package */
  always?: number[];
  maxRecordBytes: number;
  wants: Wants;
  /** return every entry's index keys, for a database that serves later lookups */
  keys: boolean;
  /** return each thread's part of an archive index, to keep for later runs */
  index: boolean;
  /** the entries to read: [0, total) of the archive, or with `selected`, of that list */
  total: number;
  /**
   * The next block to claim (one Int32, shared by every thread of the pass). Threads take blocks until none is left,
   * so they finish within a block of each other, however slowly a worker starts.
   */
  claim: SharedArrayBuffer;
  /** entries per block */
  blockEntries: number;
}

/** What one block of entries gives: contiguous entries, so that blocks sorted by `first` come in archive order. */
export interface BlockResult {
  first: number;
  /** per entry of the block: the index keys of the packages it names (when the job asks for them) */
  keys: string[][];
  /**
   * The verdicts, packed to cross threads cheaply (cloning a match object per verdict took longer than matching):
   * VERDICT_FIELDS numbers each — the component, its name and candidate ecosystem, the entry, the record and the
   * severity (−1 when undecided) as indices into `records` and `severities`, which hold each once.
   */
  verdicts: number[];
  /** per verdict, what its record says of the component's version */
  evaluations: RecordEvaluation[];
  records: RecordFacts[];
  severities: Severity[];
  /** [entry, outcome] for entries that were withdrawn or malformed among those parsed */
  outcomes: [number, RecordOutcome][];
  /** entries inflated, and records parsed */
  read: number;
  parsed: number;
}

/** What one thread's share of a pass gives: its blocks, and what it learnt over all of them. */
export interface ShareResult {
  blocks: BlockResult[];
  /**
   * the thread's part of an archive index, and its entries read always (when the job asks for them); which entries a
   * part holds depends on the blocks the thread took, and an index is the same whatever its parts
   */
  index?: { part: IndexPart; always: number[] };
  /** the ecosystems the thread's records name */
  ecosystems: string[];
}

/**
 * Entries per block of a pass, by default: about 20 ms of reading (19 µs an entry), the most by which the threads'
 * ends differ.
 */
export const BLOCK_ENTRIES = 1_000;

/** How many blocks a pass has. */
function blockCount(job: PassJob): number {
  return Math.ceil(job.total / job.blockEntries);
}

/**
 * Inflates, indexes and (for the SBOM's packages) evaluates blocks of the job's entries: those it claims until none is
 * left, or, with `blocks`, those listed.
 */
export function readShare(
  buf: Buffer,
  entries: readonly ZipEntry[],
  job: PassJob,
  blocks?: readonly number[],
): ShareResult {
  const wants = new Map(job.wants);
  const cache = new VersionCache();
  // the thread's part of an archive index: each key's position in `keys`, and (entry, key) pairs
  const index = job.index ? { ids: new Map<string, number>(), keys: [] as string[], pairs: [] as number[] } : undefined;
  const always: number[] = [];
  const ecosystems = new Set<string>();
  let lastEcosystem = '';
  /** the block being read */
  let result: BlockResult;
  const parse = (i: number, bytes: Buffer): ParsedRecord | undefined => {
    const outcome = parseOsvRecord(bytes);
    result.parsed++;
    if ('parsed' in outcome) return outcome.parsed;
    result.outcomes.push([i, outcome]);
    return undefined;
  };
  // Nothing here outlives the record but what the result keeps. severityOf's cache, which holds the record it was
  // computed for, carried every matched record into the old generation: a seventh of a run's time went to copying and
  // then collecting them (docs/performance.md, 2026-12-05).
  const evaluate = (i: number, { record, byKey }: ParsedRecord): void => {
    let recordIndex = -1;
    for (const [key, affected] of byKey) {
      let severity = -1; // the record's for this package, computed at its first match
      for (const [component, name, candidate, version] of wants.get(key) ?? []) {
        const evaluation = evaluateVersion(version, affected, cache);
        if (!evaluation) continue;
        if (recordIndex < 0) {
          recordIndex = result.records.push({ id: record.id, aliases: record.aliases, summary: record.summary }) - 1;
        }
        const matched = !('undecided' in evaluation);
        if (matched && severity < 0) severity = result.severities.push(computeSeverity(record, affected)) - 1;
        result.verdicts.push(component, name, candidate, i, recordIndex, matched ? severity : -1);
        result.evaluations.push(evaluation);
      }
    }
    cache.forgetRanges();
  };
  /** Reads entry i; `indexed` when an archive index says it names a package of the SBOM. */
  const visit = (i: number, indexed: boolean): void => {
    let bytes: Buffer;
    result.read++;
    try {
      bytes = readZipEntry(buf, entries[i]!, job.maxRecordBytes);
    } catch (error) {
      if (!(error instanceof ZipFormatError)) throw error;
      if (job.keys) result.keys.push([]);
      always.push(i);
      result.outcomes.push([i, { problem: error.message }]);
      result.parsed++;
      return;
    }
    if (indexed) {
      const parsed = parse(i, bytes);
      if (parsed) evaluate(i, parsed);
      return;
    }
    const scanned = scanPackages(bytes);
    let parsed: ParsedRecord | undefined;
    const keys: string[] = [];
    if (scanned) {
      for (const p of scanned) {
        const key = osvIndexKey(p.ecosystem, p.name);
        if (!keys.includes(key)) keys.push(key);
      }
    } else {
      // no package found by the scan: parse now, so the index and the counts are exact
      always.push(i);
      parsed = parse(i, bytes);
      if (parsed) keys.push(...parsed.byKey.keys());
    }
    if (job.keys) result.keys.push(keys);
    let wanted = false;
    for (const key of keys) {
      if (!key.startsWith(lastEcosystem) || key.charCodeAt(lastEcosystem.length) !== 0) {
        lastEcosystem = key.slice(0, key.indexOf('\u0000'));
        ecosystems.add(lastEcosystem);
      }
      if (wants.has(key)) wanted = true;
      if (index) {
        let id = index.ids.get(key);
        if (id === undefined) {
          id = index.keys.push(key) - 1;
          index.ids.set(key, id);
        }
        index.pairs.push(i, id);
      }
    }
    if (!wanted) return;
    if (scanned) parsed = parse(i, bytes);
    if (parsed) evaluate(i, parsed);
  };
  const readAsWithout = new Set(job.always);
  const readBlock = (block: number): BlockResult => {
    const first = block * job.blockEntries;
    const end = Math.min(job.total, first + job.blockEntries);
    result = {
      first,
      keys: [],
      verdicts: [],
      evaluations: [],
      records: [],
      severities: [],
      outcomes: [],
      read: 0,
      parsed: 0,
    };
    const { selected } = job;
    if (selected) for (let k = first; k < end; k++) visit(selected[k]!, !readAsWithout.has(selected[k]!));
    else for (let i = first; i < end; i++) visit(i, false);
    return result;
  };
  const read: BlockResult[] = [];
  if (blocks) for (const block of blocks) read.push(readBlock(block));
  else {
    const claim = new Int32Array(job.claim);
    const count = blockCount(job);
    for (let block = Atomics.add(claim, 0, 1); block < count; block = Atomics.add(claim, 0, 1))
      read.push(readBlock(block));
  }
  return {
    blocks: read,
    ...(index && { index: { part: { keys: index.keys, pairs: index.pairs }, always } }),
    ecosystems: [...ecosystems],
  };
}

/**
 * A component's verdicts from the blocks' results, in the order matchSbom meets them (by package name, then database
 * order), one per record id, for the candidate ecosystem the database names. `refs` are [result, verdict] positions
 * in database order: results come in archive order, and a block's verdicts in the order of its entries.
 */
function componentVerdicts(
  results: readonly BlockResult[],
  refs: readonly number[],
  target: OsvPackage,
  ecosystem: string,
  candidate: number,
): RecordVerdict[] {
  const kept: { name: number; result: BlockResult; at: number }[] = [];
  for (let k = 0; k < refs.length; k += 2) {
    const result = results[refs[k]!]!;
    const at = refs[k + 1]! * VERDICT_FIELDS;
    if (result.verdicts[at + 2] === candidate) kept.push({ name: result.verdicts[at + 1]!, result, at });
  }
  if (target.names.length > 1) kept.sort((a, b) => a.name - b.name); // stable: database order within a name
  const seen = new Set<string>();
  const verdicts: RecordVerdict[] = [];
  for (const { name, result, at } of kept) {
    const record = result.records[result.verdicts[at + 4]!]!;
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    const subject = { ecosystem, name: target.names[name]!, version: target.version };
    const evaluation = result.evaluations[at / VERDICT_FIELDS]!;
    verdicts.push(recordVerdict(record, evaluation, subject, () => result.severities[result.verdicts[at + 5]!]!));
  }
  return verdicts;
}

export interface ArchiveMatchOptions extends MatchOptions {
  /**
   * worker threads besides the main thread, which takes a share too (default: one less than the cores, at most 3;
   * 0 runs everything in the main thread)
   */
  workers?: number;
  /**
   * fewest entries each thread's share must have for a worker to be started (default ENTRIES_PER_THREAD; 0 starts
   * the workers asked for, however few the entries)
   */
  entriesPerThread?: number;
  /** entries per block that threads take in turn (default BLOCK_ENTRIES) */
  entriesPerBlock?: number;
  maxRecordBytes?: number;
  /** largest archive accepted (default 4 GiB) */
  maxBytes?: number;
  /**
   * the folder where archive indexes are kept between runs (archive-index.ts): one that fits this archive is used,
   * and one is written when there was none; without a folder every run reads the whole archive
   */
  indexFolder?: string;
}

/** One less than the cores, at most 3: the main thread takes a share too. */
function defaultWorkers(): number {
  return Math.min(availableParallelism() - 1, 3);
}

/**
 * A worker costs about 0.6 s of CPU whatever its share (its isolate, compiling and optimising the code again, and
 * handing its results back), and adds about 0.3 s of wall time to its share's. Reading an entry (inflate, parse,
 * match, index) takes about 19 µs on one thread. So a worker is started only when each thread's share is at least
 * 30 000 entries, as much work as the worker costs: then it saves at least as much wall time as it adds, and at
 * least half the CPU it spends goes into the pass. (Measured on 10 000 components against 100 000 records,
 * docs/performance.md, 2026-12-05: a worker for 47 000 entries saved 0.14 s of wall time for 0.59 s of CPU.)
 */
export const ENTRIES_PER_THREAD = 30_000;

/** The workers to start for `entries` entries: as many as asked, while each thread's share stays large enough. */
export function workersFor(entries: number, asked: number, perThread: number): number {
  return perThread > 0 ? Math.max(0, Math.min(asked, Math.floor(entries / perThread) - 1)) : asked;
}

/**
 * An OSV all.zip opened for matching: the archive is read into shared memory and, for a pass over every entry, the
 * workers start while the caller reads its SBOM. `match` runs the pass; `close` stops the workers if `match` is
 * never called.
 */
export class OsvArchive {
  readonly path: string;
  private readonly buf: Buffer;
  private readonly entries: ZipEntry[];
  private readonly options: Required<
    Pick<ArchiveMatchOptions, 'maxRecordBytes' | 'entriesPerThread' | 'entriesPerBlock'>
  > &
    ArchiveMatchOptions;
  /** workers asked for: started in the constructor for a pass over every entry, else once `run` knows the entries */
  private readonly asked: number;
  private workers: StartedWorker[] = [];
  /** the digest this archive's index is kept under, and the index kept from an earlier run */
  private readonly indexDigest?: string;
  private readonly keptIndex?: ArchiveIndex;

  constructor(path: string, options: ArchiveMatchOptions = {}) {
    this.path = path;
    this.options = {
      maxRecordBytes: 16 * 1024 * 1024,
      entriesPerThread: ENTRIES_PER_THREAD,
      entriesPerBlock: BLOCK_ENTRIES,
      ...options,
    };
    const maxBytes = options.maxBytes ?? 4 * 1024 * 1024 * 1024;
    // a regular file only, so its size is known: the read below stops at it
    const { fd, size } = openInput(path, 'OSV database');
    try {
      if (size > maxBytes) throw inputError(path, `archive is ${size} bytes; the limit is ${maxBytes}`);
      // shared memory: the workers read the same bytes without a copy
      this.buf = Buffer.from(new SharedArrayBuffer(size));
      for (let off = 0; off < size; ) off += readSync(fd, this.buf, off, size - off, off) || size;
    } finally {
      closeSync(fd);
    }
    this.entries = osvZipEntries(this.buf, path);
    if (options.indexFolder) {
      this.indexDigest = archiveIndexDigest(this.buf, this.options.maxRecordBytes);
      this.keptIndex = readArchiveIndex(options.indexFolder, this.indexDigest, this.entries.length);
    }
    this.asked = Math.min(options.workers ?? defaultWorkers(), 15);
    // a pass over every entry: the workers start now, while the caller reads its SBOM; with a kept index, the
    // entries to read are known only from the SBOM, and are often too few to repay a worker
    if (!this.keptIndex) this.startWorkers(this.entries.length);
  }

  /** Starts (or stops) workers so that there are as many as `entries` entries repay. */
  private startWorkers(entries: number): void {
    const workers = workersFor(entries, this.asked, this.options.entriesPerThread);
    for (const extra of this.workers.splice(workers)) void extra.thread.terminate();
    try {
      while (this.workers.length < workers) {
        const thread = startWorker(import.meta.url, 'archive-worker', { workerData: { buffer: this.buf.buffer } });
        thread.unref();
        // A worker that fails, even before `match`, emits 'error' and then 'exit': the main thread then reads the
        // blocks it did not hand back (`run`). Listening from the start, neither event is missed or left unhandled.
        thread.on('error', () => {});
        const exited = new Promise<undefined>((resolve) => thread.once('exit', () => resolve(undefined)));
        this.workers.push({ thread, exited });
      }
    } catch {
      // no worker module to start (sources run without tsx): the main thread does it all
      this.close();
    }
  }

  /**
   * Matches the SBOM. With `index`, also returns the database indexed for further lookups (which costs the time of
   * building the index of every record, so a kept archive index is not used). `entriesRead` is how many of the
   * archive's entries were inflated, and `threads` on how many threads (the main thread and its workers).
   */
  async match(
    sbom: Sbom,
    options: { index?: boolean } = {},
  ): Promise<{ report: MatchReport; db?: OsvDatabase; entriesRead: number; threads: number }> {
    const targets = componentTargets(sbom);
    const candidates = targets.map((target) => ('reason' in target ? [] : candidateEcosystems(target.ecosystem)));
    const wants = new Map<string, Wants[number][1]>();
    targets.forEach((target, component) => {
      if ('reason' in target) return;
      target.names.forEach((pkg, name) => {
        candidates[component]!.forEach((ecosystem, candidate) => {
          const key = osvIndexKey(ecosystem, pkg);
          const list = wants.get(key);
          const want: Wants[number][1][number] = [component, name, candidate, target.version];
          if (list) list.push(want);
          else wants.set(key, [want]);
        });
      });
    });
    const kept = options.index ? undefined : this.keptIndex;
    const building = !kept && this.indexDigest !== undefined;
    const { shares, threads } = await this.run({
      wants: [...wants],
      keys: options.index ?? false,
      index: building,
      ...(kept && { selected: selectEntries(kept, this.entries.length, wants), always: kept.always }),
    });
    const results = shares.flatMap((share) => share.blocks).sort((a, b) => a.first - b.first);

    // withdrawn and malformed records, in archive order
    const warnings = new MalformedWarnings();
    let withdrawn = 0;
    let parsed = 0;
    const outcomes = new Map<number, RecordOutcome>();
    for (const r of results) {
      parsed += r.parsed;
      for (const [entry, outcome] of r.outcomes.sort((a, b) => a[0] - b[0])) {
        outcomes.set(entry, outcome);
        if ('withdrawn' in outcome) withdrawn++;
        else if ('problem' in outcome) warnings.add(zipEntryLabel(this.path, this.entries[entry]!), outcome.problem);
      }
    }
    const ecosystemKeys = new Set(kept ? kept.ecosystems : shares.flatMap((share) => share.ecosystems));
    const ecosystems = [...ecosystemKeys].sort();
    if (building) {
      writeArchiveIndex(this.options.indexFolder!, this.indexDigest!, this.entries.length, {
        ecosystems,
        always: shares.flatMap((share) => share.index!.always).sort((a, b) => a - b),
        parts: shares.map((share) => share.index!.part),
      });
    }
    const summary: DatabaseSummary = {
      source: this.path,
      ecosystems,
      records: this.entries.length,
      withdrawn,
      malformed: warnings.count,
      warnings: warnings.lines,
    };
    let db: OsvDatabase | undefined;
    if (options.index) {
      db = new OsvDatabase(this.path);
      db.countParsed(parsed);
      const { maxRecordBytes } = this.options;
      for (const r of results) {
        r.keys.forEach((keys, j) => {
          const entry = this.entries[r.first + j]!;
          const label = zipEntryLabel(this.path, entry);
          const outcome = outcomes.get(r.first + j);
          if (outcome) db!.count(label, outcome);
          db!.addIndexed(label, () => readZipEntry(this.buf, entry, maxRecordBytes), keys);
        });
      }
    }

    // each component's verdicts as [result, verdict] positions, in database order
    const found = targets.map((): number[] => []);
    results.forEach((r, at) => {
      for (let j = 0; j < r.evaluations.length; j++) found[r.verdicts[j * VERDICT_FIELDS]!]!.push(at, j);
    });
    const suppressing = new Set(this.options.suppressingStates ?? DEFAULT_SUPPRESSING_STATES);
    const cache = new VersionCache();
    const has = (e: string) => ecosystemKeys.has(ecosystemKey(e));
    const components = sbom.components.map((component, i) => {
      const target = targets[i]!;
      if ('reason' in target) {
        return { component, status: 'NOT_EVALUATED' as const, reason: target.reason, matches: [], undecided: [] };
      }
      const ecosystem = resolveEcosystem(target.ecosystem, has);
      const candidate = candidates[i]!.indexOf(ecosystem);
      const verdicts = componentVerdicts(results, found[i]!, target, ecosystem, candidate);
      return assembleComponent(component, target, ecosystem, has(ecosystem), verdicts, sbom.vex, suppressing, cache);
    });
    const entriesRead = results.reduce((n, r) => n + r.read, 0);
    const report = matchReport(sbom, summary, components);
    return { report, ...(db && { db }), entriesRead, threads };
  }

  /** Stops the workers (match does it when it is done). */
  close(): void {
    for (const w of this.workers) void w.thread.terminate();
    this.workers = [];
  }

  /**
   * Runs the task over the archive's entries, or the selected ones: the main thread and the workers take blocks until
   * none is left. Blocks a worker does not hand back (it could not start, or failed) are read here: never a gap.
   */
  private async run(
    task: Omit<PassJob, 'total' | 'claim' | 'blockEntries' | 'maxRecordBytes'>,
  ): Promise<{ shares: ShareResult[]; threads: number }> {
    const total = task.selected?.length ?? this.entries.length;
    const job: PassJob = {
      ...task,
      total,
      claim: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT),
      blockEntries: this.options.entriesPerBlock,
      maxRecordBytes: this.options.maxRecordBytes,
    };
    // an index leaves fewer entries to read than the workers started for the whole archive were for
    this.startWorkers(total);
    try {
      const pending = this.workers.map((worker) => shareOf(worker, job));
      const shares = [readShare(this.buf, this.entries, job)];
      for (const share of await Promise.all(pending)) if (share) shares.push(share);
      const threads = shares.length;
      const read = new Set(shares.flatMap((share) => share.blocks.map((block) => block.first / job.blockEntries)));
      const missed = Array.from({ length: blockCount(job) }, (_, block) => block).filter((block) => !read.has(block));
      if (missed.length > 0) shares.push(readShare(this.buf, this.entries, job, missed));
      return { shares, threads };
    } finally {
      this.close();
    }
  }
}

/** A worker of a pass, and its end: undefined once it has exited, for whatever reason. */
interface StartedWorker {
  thread: Worker;
  exited: Promise<undefined>;
}

/** A worker's share of a pass: what it hands back, or undefined when it could not start or failed. */
function shareOf(worker: StartedWorker, job: PassJob): Promise<ShareResult | undefined> {
  const handedBack = new Promise<ShareResult | undefined>((resolve) => {
    const receive = (message: { ready?: true; result?: ShareResult; error?: string }) => {
      if (message.ready) return;
      worker.thread.off('message', receive);
      resolve(message.result);
    };
    worker.thread.on('message', receive);
  });
  worker.thread.ref();
  worker.thread.postMessage(job);
  return Promise.race([handedBack, worker.exited]);
}
