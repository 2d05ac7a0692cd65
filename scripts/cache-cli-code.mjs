#!/usr/bin/env node
// Part of `npm run build`, after the bundle and the catalog snapshot: writes the CLI's V8 code cache next to its
// bundle (dist/bundle/<hash>-node<version>-<arch>.v8cache; see src/cli/code-cache.ts). The cache is made by one
// `iotassure validate` of the camera example, so it holds the functions that command compiled: reading the model and
// the catalog, the assessment and the findings, which every command that assesses a model runs too. The run writes
// it to a temporary user cache folder, as a first run on a new Node would, and it is copied from there.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'dist/bundle');

for (const old of readdirSync(BUNDLE).filter((f) => f.endsWith('.v8cache'))) rmSync(join(BUNDLE, old));
const folder = mkdtempSync(join(tmpdir(), 'iotassure-code-cache-'));
try {
  // no NODE_OPTIONS: V8 refuses a cache made under other V8 flags, and the cache is for `node` as users start it;
  // no IOTASSURE_CODE_CACHE=off either: the build writes the cache whatever the builder's own runs do
  const { NODE_OPTIONS, IOTASSURE_CODE_CACHE, ...env } = process.env;
  const run = spawnSync(process.execPath, ['bin/iotassure.js', 'validate', 'examples/monitoring-camera/system.yaml'], {
    cwd: ROOT,
    env: { ...env, XDG_CACHE_HOME: folder },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`iotassure validate exited ${run.status}:\n${run.stderr}`);
  const written = readdirSync(join(folder, 'iotassure')).filter((f) => f.endsWith('.v8cache'));
  if (written.length !== 1) throw new Error(`expected one code cache, found: ${written.join(', ') || 'none'}`);
  copyFileSync(join(folder, 'iotassure', written[0]), join(BUNDLE, written[0]));
} finally {
  rmSync(folder, { recursive: true, force: true });
}
