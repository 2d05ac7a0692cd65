/**
 * Every file iotassure writes goes through here: reports, evidence, a starting model, the audit log.
 *
 * - A file is written to a new temporary file in its folder, flushed to disk and renamed over the old one, so a crash,
 *   Ctrl-C or kill -9 leaves the previous file whole — never a truncated one.
 * - A file set (`--format all`) is renamed into place only once every file of it is written: when one renderer or
 *   one write fails, no file of the set is replaced.
 * - A name that is a symbolic link is refused unless `force` (then the file it points to is replaced); a name that is
 *   a folder, FIFO or device is always refused.
 * - Modes are set, not inherited: 0644 for reports, which are made to be handed on, and 0600 for what holds addresses
 *   and device answers (evidence, the audit log). The umask can narrow them, never widen them.
 * - A file system error is an InputError naming the file (exit 2): a folder that cannot be written is the user's to
 *   fix, not a bug in iotassure.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describeError } from '../input/read.js';
import { InputError, inputError } from '../util/diagnostics.js';

export const MODES = {
  /** reports: meant to be shared */
  report: 0o644,
  /** evidence and logs: addresses, banners and device answers */
  private: 0o600,
} as const;

export interface WriteOptions {
  mode: number;
  /** write through a symbolic link: replace the file it points to */
  force?: boolean;
}

export type Content = string | Uint8Array | Iterable<string>;

interface Staged {
  /** the path asked for */
  path: string;
  /** the file replaced: `path`, or with `force` what its link points to */
  target: string;
  temp: string;
  /** the temporary file, open, written and not yet flushed to disk (flushNow, flushLater) */
  fd: number;
}

/** Creates `dir` and its missing parents one by one (Node 20's recursive mkdir loops forever under /proc). */
function ensureFolder(dir: string): void {
  const missing: string[] = [];
  for (let current = resolve(dir); ; ) {
    let stats: Stats | undefined;
    try {
      stats = statSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw outputError(current, error, 'folder');
    }
    if (stats) {
      if (!stats.isDirectory()) throw inputError(dir, `cannot create the folder: ${current} is not a folder`);
      break;
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw outputError(folder, error, 'folder');
    }
  }
}

/** Writes one file atomically (creating its folder). */
export function writeFileAtomic(path: string, content: Content, options: WriteOptions): void {
  ensureFolder(dirname(path));
  const staged = stage(path, content, options);
  flushNow(staged);
  commit([staged]);
}

/**
 * Writes a set of files into `dir`: `produce` adds them one by one; they replace the old ones only once all are
 * written. Returns the paths written.
 */
export async function writeFileSet(
  dir: string,
  options: WriteOptions,
  produce: (add: (name: string, content: Content) => void) => Promise<void>,
): Promise<string[]> {
  ensureFolder(dir);
  const staged: Staged[] = [];
  const flushed: Promise<void>[] = [];
  try {
    await produce((name, content) => {
      const file = stage(join(dir, name), content, options);
      staged.push(file);
      // flushed to disk by a thread of libuv's while the next file is made; the set is renamed once all are
      const flushing = flushLater(file);
      flushing.catch(() => {}); // a failure is handled below, when the set is complete or has failed
      flushed.push(flushing);
    });
    await Promise.all(flushed);
  } catch (error) {
    await Promise.allSettled(flushed);
    discard(staged);
    throw error;
  }
  commit(staged);
  return staged.map((s) => s.path);
}

/** Refuses now what writing `path` later would refuse (a link without `force`, a folder, a FIFO…). */
export function checkWritable(path: string, options: Pick<WriteOptions, 'force'> = {}): void {
  targetOf(path, options.force ?? false);
}

/** Checks that `path` may be written and returns the file to replace: `path`, or with `force` what its link points to. */
function targetOf(path: string, force: boolean): string {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw outputError(path, error);
  }
  if (stats.isSymbolicLink()) {
    if (!force) {
      throw inputError(path, 'is a symbolic link; iotassure does not write through links', {
        hint: 'remove the link or write elsewhere; --force replaces the file it points to',
      });
    }
    let real: string;
    try {
      real = realpathSync.native(path);
    } catch (error) {
      throw outputError(path, error);
    }
    return targetOf(real, false);
  }
  if (!stats.isFile()) throw inputError(path, 'exists and is not a regular file; nothing was written');
  return path;
}

const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Writes `content` to a new temporary file beside the target; it is flushed to disk and closed next. */
function stage(path: string, content: Content, options: WriteOptions): Staged {
  const target = targetOf(path, options.force ?? false);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openOutput(temp, CREATE, options.mode, path);
  try {
    writeContent(fd, path, content);
  } catch (error) {
    closeSync(fd);
    removeQuietly(temp);
    throw isFileSystemError(error) ? outputError(path, error) : error;
  }
  return { path, target, temp, fd };
}

/** Flushes a staged file to disk and closes it; on failure the temporary file is removed. */
function flushNow(staged: Staged): void {
  try {
    fsyncSync(staged.fd);
  } catch (error) {
    closeSync(staged.fd);
    removeQuietly(staged.temp);
    throw outputError(staged.path, error);
  }
  closeSync(staged.fd);
}

/** flushNow on a thread of libuv's: settles once the file is on disk and closed. */
function flushLater(staged: Staged): Promise<void> {
  return new Promise((resolve, reject) =>
    fsync(staged.fd, (error) => {
      closeSync(staged.fd);
      if (error) reject(outputError(staged.path, error));
      else resolve();
    }),
  );
}

function commit(staged: readonly Staged[]): void {
  staged.forEach((s, i) => {
    try {
      renameSync(s.temp, s.target);
    } catch (error) {
      discard(staged.slice(i));
      throw outputError(s.target, error);
    }
  });
  for (const folder of new Set(staged.map((s) => dirname(s.target)))) syncFolder(folder);
}

function discard(staged: readonly Staged[]): void {
  for (const s of staged) removeQuietly(s.temp);
}

/** Makes the renames durable; some file systems cannot sync a folder, and the files themselves are already synced. */
function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, constants.O_RDONLY);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Opens `file` for writing; an error names `path`, the file the user asked for. */
function openOutput(file: string, flags: number, mode: number, path: string): number {
  try {
    return openSync(file, flags, mode);
  } catch (error) {
    throw outputError(path, error);
  }
}

/** About this many bytes are written at a time. */
const WRITE_SIZE = 1 << 20;
/** UTF-8 takes at most 3 bytes for each UTF-16 code unit. */
const MAX_UTF8_PER_UNIT = 3;

/**
 * A report's text, piece by piece, encoded into one buffer and written when it holds about 1 MiB. Joining the pieces
 * into strings first and encoding each would copy every byte twice more (the joined string, then a new buffer per
 * string): at 10 000 elements 0.37 s of `--format all`'s main thread, and the 1 MiB strings land in V8's old space.
 * Content that is one string or bytes is written as it is.
 */
function writeContent(fd: number, path: string, content: Content): void {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    writeAll(fd, path, content);
    return;
  }
  const buffer = Buffer.allocUnsafe(WRITE_SIZE + MAX_UTF8_PER_UNIT * WRITE_SIZE);
  let held = 0;
  const flush = () => {
    writeAll(fd, path, buffer.subarray(0, held));
    held = 0;
  };
  for (const piece of content) {
    if (piece.length > WRITE_SIZE) {
      flush();
      writeAll(fd, path, piece);
      continue;
    }
    held += buffer.write(piece, held, 'utf8');
    if (held >= WRITE_SIZE) flush();
  }
  flush();
}

function writeAll(fd: number, path: string, text: string | Uint8Array): void {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      throw outputError(path, error);
    }
  }
}

const APPEND =
  constants.O_WRONLY |
  constants.O_APPEND |
  constants.O_CREAT |
  (constants.O_NOFOLLOW ?? 0) |
  (constants.O_NONBLOCK ?? 0);

/**
 * An append-only private file (the audit log): opened for each line with O_APPEND and O_NOFOLLOW, so a link put in
 * its place is refused and never followed, and set to 0600 even when it existed before with wider permissions. It is
 * opened once right away, so a log that cannot be written stops a run before anything is done that it must record.
 */
export function appendOnlyFile(path: string): (text: string) => void {
  ensureFolder(dirname(path));
  const append = (text: string) => {
    const fd = openOutput(path, APPEND, MODES.private, path);
    try {
      if (!fstatSync(fd).isFile()) throw inputError(path, 'exists and is not a regular file; nothing was written');
      fchmodSync(fd, MODES.private);
      writeAll(fd, path, text);
    } finally {
      closeSync(fd);
    }
  };
  append('');
  return append;
}

const isFileSystemError = (error: unknown): boolean =>
  error instanceof InputError || typeof (error as NodeJS.ErrnoException | undefined)?.syscall === 'string';

/** A file system error on an output as the user's problem to fix: exit 2, naming the file. */
function outputError(path: string, error: unknown, what = 'file'): InputError {
  if (error instanceof InputError) return error;
  return inputError(path, `cannot write: ${describeError(error, what, 'write')}`, {
    hint: 'choose another output folder, or fix its permissions or free space',
  });
}
