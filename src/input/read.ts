/**
 * Every file iotassure reads comes through here, because a model, a targets file or a catalog folder may come from
 * someone else (a pull request in CI): what they name must not make iotassure read, or print, files they could not.
 *
 * - A path named inside a file resolves, symbolic links followed, inside the project folders: the folder of the model
 *   or targets file and every folder given with --allow-path. Files found by walking a folder must be inside it.
 * - Only regular files are opened: a device (/dev/zero), a FIFO or a socket is refused before it is opened, and again
 *   after (fstat), and the size limit holds while reading, not by trusting the size a stat reports.
 * - Diagnostics about the contents of a file outside the project folders (and the working directory) are withheld:
 *   only where the problem is, never what the file says.
 */
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type Diagnostic, InputError, inputError, type SourcePosition } from '../util/diagnostics.js';

/** The folders files named inside a model or targets file may be in. */
export interface ProjectFolders {
  /** the folder of the model or targets file, as given: relative paths inside it start here */
  base: string;
  /** real paths of `base` and of every --allow-path folder */
  roots: readonly string[];
}

/** The project folders of `file` (a model or targets file) and the folders the user allowed on the command line. */
export function projectFolders(file: string, allowPaths: readonly string[] = []): ProjectFolders {
  const base = dirname(file);
  const roots = [realFolder(base, file), ...allowPaths.map((dir) => realFolder(dir, dir, '--allow-path'))];
  return { base, roots: [...new Set(roots)] };
}

function realFolder(dir: string, named: string, option?: string): string {
  let real: string;
  try {
    real = realpathSync.native(resolve(dir));
  } catch (error) {
    throw inputError(named, `${option ? `${option} ${dir}: ` : ''}${describeError(error, 'folder')}`, {
      hint: option ? 'give an existing folder' : 'check the path',
    });
  }
  if (option && !statSync(real).isDirectory()) {
    throw inputError(dir, `${option} needs a folder; ${dir} is not one`);
  }
  return real;
}

/** True when `path` (a real path) is `folder` or inside it. */
function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Where a path was named: the file that names it and, when known, the position and document path of the entry. */
interface NamedAt {
  file: string;
  position?: SourcePosition;
  path?: string;
}

/**
 * Resolves a path named inside a file (relative to `folders.base`) to its real path, and refuses it unless it is
 * inside one of the project folders. The error points at the entry that names it. A path outside the project is
 * refused with the same words whether or not it exists, so that a model cannot probe the file system beyond its folder.
 */
export function resolveNamedPath(named: string, folders: ProjectFolders, at: NamedAt): string {
  const fail = (message: string, hint: string): never => {
    throw new InputError([{ severity: 'error', ...at, message, hint }]);
  };
  const path = resolve(folders.base, named);
  const found = realPathOf(path);
  const inProject = (p: string) => folders.roots.some((root) => isInside(p, root));
  if (!inProject(found.real)) {
    // Where a link leads is told only for a link inside the project: the user's own, not one beyond it.
    const leads = found.real !== path && inProject(path) ? ` leads to ${found.real}, which` : '';
    fail(
      `"${named}"${leads} is outside the project folder ${folders.roots[0]}`,
      'files a model or targets file names must be inside its folder; to allow another folder, give it with --allow-path DIR',
    );
  }
  if (found.error !== undefined)
    fail(`"${named}": ${describeError(found.error, 'file')}`, `paths are relative to ${folders.base}`);
  return found.real;
}

/**
 * The real path of `path`; when it cannot be resolved (it does not exist, or a folder on the way cannot be read), the
 * real path of its nearest folder that can, with the rest of the path as written, and why.
 */
function realPathOf(path: string): { real: string; error?: unknown } {
  let error: unknown;
  for (let known = path; ; known = dirname(known)) {
    try {
      const real = realpathSync.native(known);
      return known === path ? { real } : { real: join(real, relative(known, path)), error };
    } catch (failed) {
      error ??= failed;
      if (dirname(known) === known) return { real: path, error };
    }
  }
}

/**
 * The entries of `dir` whose names `accept` takes, sorted by name, with whether each is a folder. An entry that is a
 * link to anything outside `roots` (real paths: the folder walked, and the project folders) is refused: walking a
 * folder must not lead out of the project.
 */
export function folderEntries(
  dir: string,
  roots: readonly string[],
  accept: (name: string) => boolean = () => true,
): { path: string; folder: boolean }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => accept(entry.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((entry) => {
      const path = join(dir, entry.name);
      // only a link can lead out of the folder: anything else in it is in it
      if (!entry.isSymbolicLink()) return { path, folder: entry.isDirectory() };
      let real: string;
      try {
        real = realpathSync.native(path);
      } catch (error) {
        throw inputError(path, describeError(error, 'file'));
      }
      if (!roots.some((root) => isInside(real, root))) {
        const where = roots.length > 1 ? `the folder ${roots[0]} and the project folders` : `the folder ${roots[0]}`;
        throw inputError(path, `links to ${real}, outside ${where}`, {
          hint: 'files in a catalog or OSV folder must be inside it; copy the file in instead of linking to it',
        });
      }
      return { path, folder: statSync(real).isDirectory() };
    });
}

/**
 * True the first time a walk meets the folder `dir` (by its real path): links in a folder may lead back to a folder
 * that holds them, or to one folder many times, and a walk must not go round or multiply.
 */
export function firstVisit(seen: Set<string>, dir: string): boolean {
  const real = realpathSync.native(dir);
  if (seen.has(real)) return false;
  seen.add(real);
  return true;
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const CHUNK = 1 << 20;

/** An open regular file; `size` is what fstat reported when it was opened (reads stay bounded by a limit anyway). */
interface OpenInput {
  fd: number;
  size: number;
}

/** Opens a regular file for reading; anything else is an InputError naming the file and what it is. */
export function openInput(file: string, what = 'file'): OpenInput {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    throw inputError(file, describeError(error, what), { hint: 'check the path' });
  }
  refuseSpecial(file, stats, what);
  let fd: number;
  try {
    // O_NONBLOCK: should the file be swapped for a FIFO after the check above, opening it cannot hang
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    throw inputError(file, describeError(error, what), { hint: 'check the path and its permissions' });
  }
  try {
    const opened = fstatSync(fd);
    refuseSpecial(file, opened, what);
    return { fd, size: opened.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function refuseSpecial(file: string, stats: Stats, what: string): void {
  if (stats.isFile()) return;
  const kind = stats.isDirectory()
    ? 'a folder'
    : stats.isFIFO()
      ? 'a FIFO (named pipe)'
      : stats.isSocket()
        ? 'a socket'
        : stats.isCharacterDevice() || stats.isBlockDevice()
          ? 'a device'
          : 'not a regular file';
  throw inputError(file, `the ${what} is ${kind}; only regular files are read`, {
    hint: `give the path of a regular ${what}`,
  });
}

/** Reads a whole regular file, refusing it as soon as it grows past `maxBytes`. */
export function readInput(file: string, maxBytes: number, what = 'file'): Buffer {
  const { fd, size } = openInput(file, what);
  const tooLarge = (found: string) =>
    inputError(file, `the ${what} is ${found}; the limit is ${maxBytes} bytes`, {
      hint: 'check that this is the file you meant',
    });
  try {
    if (size > maxBytes) throw tooLarge(`${size} bytes`);
    const chunks: Buffer[] = [];
    let total = 0;
    // as much as fstat said and one byte more, then a one-byte read to see the end; a file that grows past what
    // fstat said (or that fstat says is empty, as /proc files are) is read on in large chunks up to the limit
    let want = size + 1;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(want, maxBytes + 1 - total));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        throw inputError(file, describeError(error, what));
      }
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw tooLarge(`more than ${maxBytes} bytes`);
      want = total === size ? 1 : CHUNK;
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** A file system error as a short phrase: "file not found", "permission denied", … */
export function describeError(error: unknown, what = 'file', verb: 'read' | 'write' = 'read'): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `${what} not found`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'ENOTDIR':
      return `a part of the path is not a folder (${code})`;
    case 'ELOOP':
      return `a symbolic link where none is allowed, or too many links (${code})`;
    case 'ENAMETOOLONG':
      return `the path is too long (${code})`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `no space left on the device (${code})`;
    case 'EROFS':
      return `the file system is read-only (${code})`;
    default:
      return code ? `cannot ${verb} the ${what} (${code})` : `cannot ${verb} the ${what}: ${String(error)}`;
  }
}

/**
 * Replaces every diagnostic about the contents of a file outside `folders` (and the working directory) with one that
 * says where the problem is but not what the file holds. Diagnostics about a file as a whole (not found, too large,
 * not a regular file) carry no position and stay as they are.
 */
export function withholdOutside(diagnostics: readonly Diagnostic[], folders: readonly string[]): Diagnostic[] {
  const project = [...folders, '.'].map(realOrResolved);
  const outside = new Map<string, boolean>();
  const isOutside = (file: string) => {
    let known = outside.get(file);
    if (known === undefined) {
      const real = realOrResolved(file);
      known = !project.some((folder) => isInside(real, folder));
      outside.set(file, known);
    }
    return known;
  };
  const withheld = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (!(d.position || d.path) || !isOutside(d.file)) out.push(d);
    else if (!withheld.has(d.file)) {
      withheld.add(d.file);
      out.push({
        severity: d.severity,
        file: d.file,
        position: d.position,
        message: 'the file is not valid here; what it says is not shown because it is outside the project folder',
        hint: 'the project folder is the folder of the model or targets file, the working directory, and any --allow-path DIR',
      });
    }
  }
  return out;
}

function realOrResolved(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}
