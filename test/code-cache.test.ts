/**
 * The CLI's V8 code cache (src/cli/code-cache.ts): used only for the bundle and Node it was made for, written once to
 * the user's cache folder when the build's does not fit, never a reason for a command to fail. Checked on a small
 * bundle of its own and on the built CLI.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { COMMAND_V8_FLAGS, cacheName, KEPT_USER_CACHES, loadBundle, userCacheDir } from '../src/cli/code-cache.js';

const root = mkdtempSync(join(tmpdir(), 'iotassure-code-cache-'));
after(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const folder = () => {
  const path = join(root, `f${folders++}`);
  mkdirSync(path);
  return path;
};

/** A bundle as esbuild writes one: strict, CommonJS, using require and its own file name. */
function bundle(answer: number): string {
  const file = join(folder(), 'cli.cjs');
  writeFileSync(
    file,
    `"use strict";
const { basename } = require("node:path");
function add(a, b) { return a + b; }
exports.answer = () => add(${answer}, 0);
exports.name = basename(__filename);
exports.strict = (function () { return this === undefined; })();
`,
  );
  return file;
}

const cacheFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.v8cache')) : []);

describe('the code cache', () => {
  it('is written to the user cache folder after the first run and used by the next', () => {
    const file = bundle(42);
    const env = { XDG_CACHE_HOME: folder() };
    const first = loadBundle(file, env);
    assert.equal(first.cached, false);
    assert.equal((first.exports.answer as () => number)(), 42);
    assert.equal(first.exports.name, 'cli.cjs');
    assert.equal(first.exports.strict, true, 'the bundle runs in strict mode as its modules did');
    first.settle();
    assert.deepEqual(cacheFiles(join(env.XDG_CACHE_HOME, 'iotassure')), [cacheName(readFileSync(file))]);

    const second = loadBundle(file, env);
    assert.equal(second.cached, true);
    assert.equal((second.exports.answer as () => number)(), 42);
  });

  it('of another bundle is not used, even of the same length', () => {
    const env = { XDG_CACHE_HOME: folder() };
    const file = bundle(42);
    loadBundle(file, env).settle();
    writeFileSync(file, readFileSync(file, 'utf8').replace('42', '43'));
    const changed = loadBundle(file, env);
    assert.equal(changed.cached, false);
    assert.equal((changed.exports.answer as () => number)(), 43);
  });

  it("is read from the bundle's folder when the user has none, and the user's is not written then", () => {
    const file = bundle(7);
    const built = { XDG_CACHE_HOME: folder() };
    loadBundle(file, built).settle();
    const name = cacheName(readFileSync(file));
    writeFileSync(join(file, '..', name), readFileSync(join(built.XDG_CACHE_HOME, 'iotassure', name)));

    const env = { XDG_CACHE_HOME: folder() };
    const loaded = loadBundle(file, env);
    assert.equal(loaded.cached, true);
    loaded.settle();
    assert.deepEqual(cacheFiles(join(env.XDG_CACHE_HOME, 'iotassure')), []);
  });

  it('that V8 refuses is ignored: the bundle compiles as usual and a new cache replaces it', () => {
    const file = bundle(5);
    const env = { XDG_CACHE_HOME: folder() };
    const cache = join(env.XDG_CACHE_HOME, 'iotassure', cacheName(readFileSync(file)));
    mkdirSync(join(cache, '..'));
    writeFileSync(cache, Buffer.alloc(4096, 7));
    const loaded = loadBundle(file, env);
    assert.equal(loaded.cached, false);
    assert.equal((loaded.exports.answer as () => number)(), 5);
    loaded.settle();
    assert.equal(loadBundle(file, env).cached, true, 'the cache written in its place fits');
  });

  it('is neither read nor written with IOTASSURE_CODE_CACHE=off', () => {
    const file = bundle(1);
    const env = { XDG_CACHE_HOME: folder() };
    loadBundle(file, env).settle();
    const off = loadBundle(file, { ...env, IOTASSURE_CODE_CACHE: 'off' });
    assert.equal(off.cached, false);
    const fresh = { XDG_CACHE_HOME: folder(), IOTASSURE_CODE_CACHE: 'off' };
    loadBundle(file, fresh).settle();
    assert.deepEqual(cacheFiles(join(fresh.XDG_CACHE_HOME, 'iotassure')), []);
  });

  it('that cannot be written does not fail the command', (t) => {
    const file = bundle(2);
    const blocked = join(folder(), 'a-file');
    writeFileSync(blocked, '');
    assert.doesNotThrow(() => loadBundle(file, { XDG_CACHE_HOME: blocked }).settle(), 'the cache folder is a file');
    if (process.getuid?.() === 0) return t.diagnostic('a read-only folder is writable by root: not checked');
    const readOnly = folder();
    mkdirSync(join(readOnly, 'iotassure'));
    chmodSync(join(readOnly, 'iotassure'), 0o500);
    assert.doesNotThrow(() => loadBundle(file, { XDG_CACHE_HOME: readOnly }).settle());
    assert.deepEqual(readdirSync(join(readOnly, 'iotassure')), [], 'no temporary file is left');
  });

  it('written to the user folder leaves only the newest others there, and no stale temporary file', () => {
    const file = bundle(3);
    const env = { XDG_CACHE_HOME: folder() };
    const dir = join(env.XDG_CACHE_HOME, 'iotassure');
    mkdirSync(dir);
    // Older versions' caches, written one day apart (the oldest first), and two interrupted writes.
    const day = 86_400_000;
    const older = [5, 4, 3, 2, 1].map((days) => {
      const name = `old${days}-node${process.version}-${process.arch}.v8cache`;
      writeFileSync(join(dir, name), 'x');
      utimesSync(join(dir, name), new Date(Date.now() - days * day), new Date(Date.now() - days * day));
      return name;
    });
    writeFileSync(join(dir, 'stale.v8cache.1.tmp'), 'x');
    utimesSync(join(dir, 'stale.v8cache.1.tmp'), new Date(Date.now() - 2 * day), new Date(Date.now() - 2 * day));
    writeFileSync(join(dir, 'running.v8cache.2.tmp'), 'x');
    loadBundle(file, env).settle();
    const kept = [cacheName(readFileSync(file)), ...older.slice(-(KEPT_USER_CACHES - 1))];
    assert.deepEqual(readdirSync(dir).sort(), [...kept, 'running.v8cache.2.tmp'].sort());
    assert.equal(loadBundle(file, env).cached, true, 'the cache just written is one of those kept');
  });

  it('is kept under XDG_CACHE_HOME when that is absolute, else under ~/.cache', () => {
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }), '/var/cache/me/iotassure');
    assert.match(userCacheDir({ XDG_CACHE_HOME: 'relative/path' }) ?? '', /\/\.cache\/iotassure$/);
    assert.match(userCacheDir({}) ?? '', /\/\.cache\/iotassure$/);
  });
});

describe("the built CLI's code cache", () => {
  const cli = fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url));

  it('is written by the build for this Node and fits it', () => {
    const name = cacheName(readFileSync(cli));
    assert.ok(existsSync(join(cli, '..', name)), `npm run build wrote dist/bundle/${name}`);
    const env = { XDG_CACHE_HOME: folder() };
    const loaded = loadBundle(cli, env);
    assert.equal(loaded.cached, true, 'V8 took the build’s cache');
    assert.equal(typeof loaded.exports.main, 'function');
  });

  it('runs commands under its V8 flags, and leaves one the user gave node as given', () => {
    const loader = fileURLToPath(new URL('../dist/bundle/code-cache.cjs', import.meta.url));
    /** Whether V8 takes the build's cache in a node started with `nodeFlags`. */
    const cachedUnder = (...nodeFlags: string[]) => {
      const env = { XDG_CACHE_HOME: folder() };
      const script = `const { loadBundle } = require(${JSON.stringify(loader)});
        process.stdout.write(String(loadBundle(${JSON.stringify(cli)}, ${JSON.stringify(env)}).cached));`;
      const result = spawnSync(process.execPath, [...nodeFlags, '-e', script], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      return result.stdout;
    };
    const [flag] = COMMAND_V8_FLAGS[0]!.split('=');
    // the build made its cache under COMMAND_V8_FLAGS, and V8 takes a cache only under the flags it was made with
    assert.equal(cachedUnder(), 'true', 'no flag given: the loader sets it, and the cache fits');
    assert.equal(cachedUnder(`${flag}=500`), 'false', 'the user’s value kept: the cache does not fit it');
    // and the flags are not V8's own: compiled without the loader, under V8's defaults, the cache does not fit
    const plain = `const { readFileSync } = require('node:fs'); const { Script } = require('node:vm');
      const source = '(function (exports, require, module, __filename, __dirname) { ' + readFileSync(${JSON.stringify(cli)}, 'latin1') + '\\n})';
      const cachedData = readFileSync(${JSON.stringify(join(cli, '..', cacheName(readFileSync(cli))))});
      process.stdout.write(String(new Script(source, { filename: ${JSON.stringify(cli)}, cachedData }).cachedDataRejected));`;
    const result = spawnSync(process.execPath, ['-e', plain], { encoding: 'utf8' });
    assert.equal(result.stdout, 'true', result.stderr);
  });

  it('leaves the user cache folder empty when the build’s fits', () => {
    const env = { ...process.env, XDG_CACHE_HOME: folder() };
    const bin = fileURLToPath(new URL('../bin/iotassure.js', import.meta.url));
    const run = spawnSync(process.execPath, [bin, 'validate', '--quiet', 'examples/smart-home/system.yaml'], {
      env,
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(cacheFiles(join(env.XDG_CACHE_HOME, 'iotassure')), []);
  });
});
