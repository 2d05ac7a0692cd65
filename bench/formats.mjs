#!/usr/bin/env node
// Every report format at once: `iotassure assess MODEL --format all --out DIR` of synthetic fleets (bench/synthetic.ts)
// as whole processes, start-up included, against the targets of the issue on fleet-scale performance: 10 000
// elements under 5 s, and 100 000 elements completing under 2 GB of peak memory. Prints the median and range of the
// wall time, the median CPU time (user + system, the PDF's thread included) and peak RSS (from GNU time when it is
// installed), and the size of the files written. Each size is measured in its own temporary folder, removed
// afterwards. `npm run build` first: this runs bin/iotassure.js.
// Usage: node bench/formats.mjs [runs]   (default 5 at every size)
//   BENCH_FORMATS_SIZES=1000,10000,100000 (default 1000,10000: 100 000 elements take about a minute a run)
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './paired.mjs';
import { measuresResources, timedProcess } from './process.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SIZES = (process.env.BENCH_FORMATS_SIZES ?? '1000,10000').split(',').map(Number);
const RUNS = Number(process.argv[2] ?? 5);
/** the targets, by fleet size: wall ms, peak RSS MB */
const TARGETS = new Map([
  [10_000, { wallMs: 5000 }],
  [100_000, { peakRssMb: 2048 }],
]);

const seconds = (ms) => (ms / 1000).toFixed(2);
const folderBytes = (dir) => readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);

console.log(`load average ${loadavg()[0].toFixed(2)} before`);
console.log('elements   runs   wall s (range)        CPU s   peak RSS MB   written MB');
for (const size of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'iotassure-bench-formats-'));
  try {
    const model = join(dir, 'model.yaml');
    const out = join(dir, 'out');
    timedProcess(process.execPath, ['--import', 'tsx', 'bench/write-model.ts', String(size), model], { cwd: ROOT });
    const args = ['bin/iotassure.js', 'assess', model, '--format', 'all', '--out', out, '--force', '--quiet'];
    const runs = Array.from({ length: RUNS }, () => timedProcess(process.execPath, args, { cwd: ROOT }));
    const walls = runs.map((r) => r.wallMs);
    const wall = median(walls);
    const cpu = measuresResources ? seconds(median(runs.map((r) => r.cpuMs))) : '-';
    const rss = measuresResources ? median(runs.map((r) => r.peakRssMb)) : undefined;
    const range = `${seconds(Math.min(...walls))}–${seconds(Math.max(...walls))}`;
    console.log(
      `${String(size).padStart(8)} ${String(runs.length).padStart(6)}   ${`${seconds(wall)} (${range})`.padEnd(20)} ${cpu.padStart(7)} ${String(rss ?? '-').padStart(13)} ${(folderBytes(out) / 1e6).toFixed(1).padStart(12)}`,
    );
    const target = TARGETS.get(size);
    if (target?.wallMs) {
      console.log(`  target: under ${seconds(target.wallMs)} s — ${wall < target.wallMs ? 'met' : 'MISSED'}`);
    }
    if (target?.peakRssMb && rss !== undefined) {
      console.log(`  target: under ${target.peakRssMb} MB peak RSS — ${rss < target.peakRssMb ? 'met' : 'MISSED'}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`load average ${loadavg()[0].toFixed(2)} after`);
