#!/usr/bin/env node
// Part of `npm run build`, after tsc: bundles the compiled CLI (dist/cli/main.js) into dist/bundle/cli.cjs, which
// bin/iotassure.js runs (through src/cli/code-cache.ts). Node 20 has no compile cache for ES modules, and resolving,
// reading and compiling the 206 modules `validate` loads (110 of our own, 95 of zod's) cost about 80 ms of CPU of its
// 450 ms on a small model. One CommonJS file is what V8 can also keep a code cache for (vm.Script's cachedData;
// scripts/cache-cli-code.mjs writes it): a command then neither parses nor compiles the functions it runs again.
// Each command's modules still run only when the command does: a dynamic import() of a module of ours becomes a call
// that runs the module's code then (esbuild's lazily initialised modules).
//
// Only the packages the everyday commands load are bundled (zod, js-yaml); the others stay in node_modules and are
// loaded with require() when a module that imports them first runs, so those that read their own files (pdfkit's
// fonts) or have native parts (better-sqlite3) work as installed. Every one of them can be required from CommonJS. A
// require() stays where its module's code runs, so the shim tsyringe (under @peculiar/x509) needs still runs first.
// `import.meta.url` becomes the bundle's own URL: the code that finds files from it (the catalog snapshot in
// dist/catalog/, package files two levels up) finds them from dist/bundle/ as from dist/<folder>/.
// The worker threads' modules are ES module entry points of their own, next to the bundle, where the code that
// starts them looks for them (`new URL('./assess-worker.js', import.meta.url)`).
// dist/ itself stays as tsc wrote it: scripts, benchmarks and tests import its modules.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { escapeNonAscii } from '../dist/util/ascii.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
process.chdir(ROOT); // the paths below are the project's

const OUT = 'dist/bundle';
const BUNDLED_PACKAGES = new Set(['zod', 'js-yaml']);
/** The package a bare import names (`@scope/name/sub` → `@scope/name`), or undefined for a path. */
function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

rmSync(OUT, { recursive: true, force: true }); // chunk names change with their content: no stale ones left
const common = {
  absWorkingDir: ROOT,
  outdir: OUT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
};
/** Bare imports of the packages not bundled stay imports (or require() calls) of the installed package. */
const bundleOnlyListedPackages = {
  name: 'bundle-only-listed-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path, kind }) => {
      const name = kind === 'entry-point' ? undefined : packageOf(path);
      return name === undefined || BUNDLED_PACKAGES.has(name) ? undefined : { path, external: true };
    });
  },
};

await build({
  ...common,
  entryPoints: { cli: 'dist/cli/main.js' },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  // import.meta.url: the bundle's URL, set by the banner; import.meta.resolve is used only when running from the
  // TypeScript sources (src/util/start-worker.ts), never from the bundle
  define: { 'import.meta.url': '__bundle_url', 'import.meta.resolve': 'undefined' },
  // strict mode as the ES modules were: the directive must come before the banner's statement to count
  banner: { js: '"use strict";\nconst __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [bundleOnlyListedPackages],
});
// ASCII (src/util/ascii.ts): esbuild writes code as ASCII already (its default charset) but keeps some comments as
// they are, and an escape means the same character in a string or a regular expression too.
const cli = `${OUT}/cli.cjs`;
writeFileSync(cli, escapeNonAscii(readFileSync(cli, 'utf8')));

// The loader bin/iotassure.js runs the bundle with, as CommonJS too (see there).
await build({
  ...common,
  entryPoints: { 'code-cache': 'dist/cli/code-cache.js' },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
});

await build({
  ...common,
  entryPoints: {
    'assess-worker': 'dist/server/jobs/assess-worker.js',
    'archive-worker': 'dist/verify/sbom/archive-worker.js',
    'pdf-worker': 'dist/report/pdf-worker.js',
  },
  splitting: true,
  format: 'esm',
  chunkNames: 'chunk-[hash]',
  plugins: [bundleOnlyListedPackages],
});
