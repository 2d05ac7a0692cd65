/**
 * The user's cache folder and writing to it. What iotassure caches there (compiled code, OSV archive indexes) only
 * saves time: each cache's name says exactly what it was made from, a failure to read or write one is no error, and
 * a write is whole or not at all.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

/** The user's cache folder for iotassure ($XDG_CACHE_HOME/iotassure or ~/.cache/iotassure), or undefined. */
export function userCacheDir(env: Env = process.env): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'iotassure'); // the XDG spec: a relative path is to be ignored
  try {
    return join(homedir(), '.cache', 'iotassure');
  } catch {
    return undefined;
  }
}

/** Runs `action`, telling whether it succeeded: a cache is an optimisation, and failing to write one no error. */
function attempt(action: () => void): boolean {
  try {
    action();
    return true;
  } catch {
    return false;
  }
}

/** Writes `data` to `file` whole or not at all (a concurrent run reads either no file or a complete one). */
export function writeAtomically(file: string, data: () => Buffer | string): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  const written = attempt(() => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, data());
    renameSync(temporary, file);
  });
  if (!written) attempt(() => rmSync(temporary, { force: true }));
  return written;
}

/** A day: an interrupted write's temporary file older than this is no concurrent run's. */
const STALE_TEMPORARY_MS = 86_400_000;

/**
 * Keeps the `kept` newest caches with the file name ending `suffix` in `dir` (the one just written among them) and
 * removes the others, and temporaries that interrupted writes left. Never throws.
 */
export function pruneCaches(dir: string, suffix: string, written: string, kept: number): void {
  attempt(() => {
    const now = Date.now();
    const others: { file: string; time: number }[] = [];
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (file === written) continue;
      const time = statSync(file).mtimeMs;
      if (name.endsWith(suffix)) others.push({ file, time });
      else if (name.endsWith('.tmp') && now - time > STALE_TEMPORARY_MS) attempt(() => rmSync(file, { force: true }));
    }
    others.sort((a, b) => b.time - a.time);
    for (const { file } of others.slice(kept - 1)) attempt(() => rmSync(file, { force: true }));
  });
}
