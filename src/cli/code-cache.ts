/**
 * Runs the CLI's CommonJS bundle (dist/bundle/cli.cjs, scripts/bundle-cli.mjs) with a V8 code cache: the bytecode
 * V8 compiled during an earlier run of the same bundle, so a command does not parse and compile again the functions
 * it runs. Node 20 keeps no compiled code between runs, and for a small model that compiling was about a fifth of
 * `validate`'s time (docs/performance.md, "Start-up").
 *
 * A cache never changes what runs: its name holds the SHA-256 of the bundle's bytes, the Node version and the
 * architecture, so an edited bundle or another Node looks for another file; V8 itself refuses a cache made with other
 * V8 flags (then the bundle compiles as usual). `npm run build` writes the cache next to the bundle, from one
 * `validate` (scripts/cache-cli-code.mjs). When that one does not fit this Node, the first command writes one to the
 * user's cache folder ($XDG_CACHE_HOME/iotassure or ~/.cache/iotassure), once, and a failure to write is ignored;
 * writing one removes all but the newest KEPT_USER_CACHES there (each is about 1 MB, and every upgrade of iotassure or
 * Node would otherwise leave one behind). IOTASSURE_CODE_CACHE=off turns both off. A cache is code, trusted
 * as the files beside it are: the installed package's folder, or the user's own.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { type Env, pruneCaches, userCacheDir, writeAtomically } from '../util/user-cache.js';

export { userCacheDir };

/** A loaded bundle: its exports, and `settle` to call once the command is done (it may write the cache). */
export interface LoadedBundle {
  exports: Record<string, unknown>;
  /** whether V8 compiled the bundle from a cache */
  cached: boolean;
  settle(): void;
}

/** The cache file's name for a bundle's bytes on this Node. */
export function cacheName(bundle: Buffer): string {
  const hash = createHash('sha256').update(bundle).digest('hex').slice(0, 32);
  return `${hash}-node${process.version}-${process.arch}.v8cache`;
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** How many caches the user's folder keeps: the one just written and the newest others (another installed version's). */
export const KEPT_USER_CACHES = 3;

/**
 * V8 flags every command runs under. A command runs for seconds, and V8's optimising compiler, which compiles on the
 * other core while the command runs, inlines each hot function's callees up to 920 bytes of their bytecode by default:
 * compile time a run of seconds does not earn back. With 150, `assess` of 10 000 elements takes about 12 % less time,
 * and of 100 000 elements about the same (docs/performance.md, 2026-12-05). They are set before the bundle compiles:
 * V8 refuses a cache made under other flags, and the build makes its cache by running a command, so under them too.
 */
export const COMMAND_V8_FLAGS = ['--max-inlined-bytecode-size-cumulative=150'];

/** Sets COMMAND_V8_FLAGS, except one the user gave node already (NODE_OPTIONS cannot carry these). */
function setCommandFlags(): void {
  const given = process.execArgv.map((f) => f.replace(/_/g, '-'));
  for (const flag of COMMAND_V8_FLAGS) {
    const name = flag.split('=')[0]!;
    if (!given.some((f) => f === name || f.startsWith(`${name}=`))) setFlagsFromString(flag);
  }
}

/**
 * The bundle's source as V8 reads it fastest: ASCII as a one-byte string, decoded from Latin-1 (which is exact for
 * ASCII), other text from UTF-8.
 */
function sourceText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/**
 * Loads the CommonJS bundle `file` as Node's loader would (the same wrapper and arguments), with a code cache from
 * the bundle's folder or the user's cache folder when one fits.
 */
export function loadBundle(file: string, env: Env = process.env): LoadedBundle {
  const bytes = readFileSync(file);
  const enabled = env.IOTASSURE_CODE_CACHE !== 'off';
  const name = cacheName(bytes);
  const userDir = enabled ? userCacheDir(env) : undefined;
  const userFile = userDir && join(userDir, name);
  // the user's copy first: there is one only where the build's did not fit
  const fromUser = userFile ? readOrUndefined(userFile) : undefined;
  const cachedData = enabled ? (fromUser ?? readOrUndefined(join(dirname(file), name))) : undefined;

  setCommandFlags();
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${sourceText(bytes)}\n})`;
  const script = new Script(wrapped, { filename: file, cachedData });
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));

  // Written when there was none, or the user's own did not fit (made under other V8 flags); never over the build's.
  const write = userFile !== undefined && (cachedData === undefined || (script.cachedDataRejected && !!fromUser));
  return {
    exports: module.exports,
    cached: cachedData !== undefined && !script.cachedDataRejected,
    settle() {
      if (!write) return;
      writeAtomically(userFile, () => script.createCachedData());
      pruneCaches(dirname(userFile), '.v8cache', userFile, KEPT_USER_CACHES);
    },
  };
}
