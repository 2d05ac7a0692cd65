#!/usr/bin/env node
// SBOM matching benchmark: 10 000 components against 100 000 OSV records (synthetic, generated into a temporary
// folder that is removed afterwards unless BENCH_KEEP is set), timed as `iotassure verify` runs it (verifySbom: read
// + validate the SBOM, open the all.zip, match, SBOM-01/02/03), beside its floor: one thread that inflates and
// JSON.parses every record of the same all.zip and does nothing else (bench/sbom-floor.mjs). Each run is a pair of
// fresh processes, floor and matcher, in alternating order, so a change in the machine's load falls on both; the
// ratios of the medians are what the targets are about (wall within 1.3× of the floor, CPU within 1.5×).
// Two kinds of matcher run, each against its own floor runs:
// - first: the archive is new to the run (an empty cache folder of its own), so it is read whole and its index
//   written, as on the first `verify` after a download of the database;
// - later: the archive's index is kept from an earlier run (archive-index.ts), as on every `verify` after that one.
// Prints the runs and medians; exits 1 when the first runs' median wall time is over the target. `npm run build`
// first to time the compiled code users run.
// Usage: node bench/sbom.mjs [components] [records] [targetMs] [workers]   (BENCH_SBOM_RUNS runs, default 5)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { median, pairedRuns } from './paired.mjs';

register();
const { generateSbomBenchmarkData } = await import('./sbom-bench.ts');
const [components = 10_000, records = 100_000, targetMs = 3000, workers] = process.argv.slice(2).map(Number);
const RUNS = Number(process.env.BENCH_SBOM_RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'iotassure-bench-sbom-'));
const { sbom, zip } = generateSbomBenchmarkData({ components, records, dir });
const script = (name) => fileURLToPath(new URL(name, import.meta.url));

function fresh(args, env = {}) {
  const res = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout);
}
const matcherArgs = [script('./sbom-run.mjs'), sbom, zip, ...(workers === undefined ? [] : [String(workers)])];
let firstRuns = 0;
const first = () => fresh(matcherArgs, { XDG_CACHE_HOME: join(dir, `cache-${firstRuns++}`), IOTASSURE_OSV_INDEX: '' });
const kept = join(dir, 'cache-kept');
const later = () => fresh(matcherArgs, { XDG_CACHE_HOME: kept, IOTASSURE_OSV_INDEX: '' });
const floor = () => fresh([script('./sbom-floor.mjs'), zip]);

/** The medians of paired matcher and floor runs, and their ratios. */
function measure(matcher) {
  const [runs, floors] = pairedRuns(RUNS, matcher, floor);
  const medianMs = median(runs.map((r) => r.totalMs));
  const medianCpuMs = median(runs.map((r) => r.cpuMs));
  const floorMs = median(floors.map((r) => r.totalMs));
  const floorCpuMs = median(floors.map((r) => r.cpuMs));
  const { totalMs: _t, cpuMs: _c, ...rest } = runs[0];
  return {
    ...rest,
    runsMs: runs.map((r) => r.totalMs),
    cpuMs: runs.map((r) => r.cpuMs),
    medianMs,
    medianCpuMs,
    floor: {
      runsMs: floors.map((r) => r.totalMs),
      cpuMs: floors.map((r) => r.cpuMs),
      medianMs: floorMs,
      medianCpuMs: floorCpuMs,
    },
    wallRatio: Number((medianMs / floorMs).toFixed(2)),
    cpuRatio: Number((medianCpuMs / floorCpuMs).toFixed(2)),
  };
}

const firstResult = measure(first);
later(); // writes the index the later runs find
if (readdirSync(join(kept, 'iotassure', 'osv-index')).length !== 1) throw new Error('the first run kept no index');
const laterResult = measure(later);
console.log(
  JSON.stringify({
    first: firstResult,
    later: laterResult,
    loadAverage: Number(loadavg()[0].toFixed(2)),
    targetMs,
    withinTarget: firstResult.medianMs <= targetMs,
  }),
);
for (const [what, r] of [
  ['first run on the archive', firstResult],
  ['later runs (index kept)', laterResult],
]) {
  console.log(
    `${what}, ${r.entriesRead} of ${r.records} entries read on ${r.threads} thread${r.threads === 1 ? '' : 's'}: ${r.medianMs} ms wall, ${r.medianCpuMs} ms CPU; against the single-thread parse floor: wall ×${r.wallRatio} (target ×1.3), CPU ×${r.cpuRatio} (target ×1.5)`,
  );
}
if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
process.exitCode = firstResult.medianMs <= targetMs ? 0 : 1;
