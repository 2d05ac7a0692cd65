#!/usr/bin/env node
// SBOM matching benchmark: 10 000 components against 100 000 OSV records (synthetic, generated into a temporary
// folder that is removed afterwards unless BENCH_KEEP is set), timed as `iotassure verify` runs it (verifySbom: read + validate the SBOM, load + index the all.zip,
// match, SBOM-01/02/03). Three runs, each in a fresh process; prints the runs and their median; exits 1 when the
// median is over the target. `npm run build` first to time the compiled code users run.
// Usage: node bench/sbom.mjs [components] [records] [targetMs] [workers]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { generateSbomBenchmarkData } = await import('./sbom-bench.ts');
const [components = 10_000, records = 100_000, targetMs = 3000, workers] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'iotassure-bench-sbom-'));
const { sbom, zip } = generateSbomBenchmarkData({ components, records, dir });
const script = fileURLToPath(new URL('./sbom-run.mjs', import.meta.url));
const runs = [];
for (let i = 0; i < 3; i++) {
  const args = [script, sbom, zip, ...(workers === undefined ? [] : [String(workers)])];
  const res = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(res.stderr);
  runs.push(JSON.parse(res.stdout));
}
const times = runs.map((r) => r.totalMs).sort((a, b) => a - b);
const median = times[1];
const { totalMs: _t, cpuMs: _c, ...rest } = runs[0];
console.log(
  JSON.stringify({
    ...rest,
    runsMs: runs.map((r) => r.totalMs),
    cpuMs: runs.map((r) => r.cpuMs),
    medianMs: median,
    loadAverage: Number(loadavg()[0].toFixed(2)),
    targetMs,
    withinTarget: median <= targetMs,
  }),
);
if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
process.exitCode = median <= targetMs ? 0 : 1;
