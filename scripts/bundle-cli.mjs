#!/usr/bin/env node
// Part of `npm run build`, after tsc: bundles the compiled CLI (dist/cli/main.js) into dist/bundle/, which
// bin/iotassure.js runs. Node 20 has no compile cache for ES modules, and resolving, reading and compiling the
// 206 modules `validate` loads (110 of our own, 95 of zod's) cost about 80 ms of CPU of its 450 ms on a small
// model; from the bundle it loads 26 files. Each command is still loaded only when it runs: dynamic imports become
// chunks (splitting).
//
// Only the packages the everyday commands load are bundled (zod, js-yaml); the others stay in node_modules, so
// those that read their own files (pdfkit's fonts) or have native parts (better-sqlite3) work as installed.
// The worker threads' modules are entry points of their own, next to the chunks, where the code that starts
// them looks for them (`new URL('./assess-worker.js', import.meta.url)`).
// dist/ itself stays as tsc wrote it: scripts, benchmarks and tests import its modules.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
process.chdir(ROOT); // the paths below are the project's

const OUT = 'dist/bundle';
const BUNDLED_PACKAGES = new Set(['zod', 'js-yaml']);
/**
 * Our modules that must run before a package imported after them, loaded from dist/ as they are: a bundle hoists
 * the imports of the packages it leaves out above its own code. The shim gives tsyringe (under @peculiar/x509) the
 * Reflect functions it checks for when it loads.
 */
const RUN_FIRST = [resolve('dist/verify/tls/reflect-shim.js')];

/** The package a bare import names (`@scope/name/sub` → `@scope/name`), or undefined for a path. */
function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

rmSync(OUT, { recursive: true, force: true }); // chunk names change with their content: no stale ones left
await build({
  entryPoints: {
    main: 'dist/cli/main.js',
    'assess-worker': 'dist/server/jobs/assess-worker.js',
    'archive-worker': 'dist/verify/sbom/archive-worker.js',
  },
  absWorkingDir: ROOT,
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
  plugins: [
    {
      name: 'run-first-modules-stay-separate',
      setup(build) {
        build.onResolve({ filter: /^\./ }, ({ path, resolveDir }) => {
          const file = resolve(resolveDir, path);
          return RUN_FIRST.includes(file)
            ? { path: `../${file.slice(resolve('dist').length + 1)}`, external: true }
            : undefined;
        });
      },
    },
    {
      name: 'bundle-only-listed-packages',
      setup(build) {
        build.onResolve({ filter: /^[^./]/ }, ({ path, kind }) => {
          const name = kind === 'entry-point' ? undefined : packageOf(path);
          return name === undefined || BUNDLED_PACKAGES.has(name) ? undefined : { path, external: true };
        });
      },
    },
  ],
});
