#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node:test through tsx. Node 20's test runner does not expand
// globs, so the files are listed here. Extra arguments are passed on (e.g. --test-name-pattern=...).
// The tests' temporary files (models, stores, fixtures' servers and certificates: about a thousand folders a run) go
// to one folder of the run, TMPDIR for the tests and what they start, removed afterwards unless IOTASSURE_KEEP_TMP=1.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'fixtures' ? [] : find(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));
const files = only.length > 0 ? only : [...find('src'), ...find('test')].sort();
const temporary = mkdtempSync(join(tmpdir(), 'iotassure-tests-'));
// as /tmp is: fixtures that run as another user (PostgreSQL as nobody) make their folders in it
chmodSync(temporary, 0o1777);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...flags, ...files],
  { stdio: 'inherit', env: { ...process.env, IOTASSURE_TEST: '1', TMPDIR: temporary } },
);
if (process.env.IOTASSURE_KEEP_TMP === '1') console.log(`temporary files kept in ${temporary}`);
else rmSync(temporary, { recursive: true, force: true });
process.exit(result.status ?? 1);
