#!/usr/bin/env node
// Start-up benchmark: `iotassure --version` and `iotassure validate` of each example as whole processes, start-up
// included, against the target of the issue on fleet-scale performance (each under 0.25 s). Runs are interleaved, so
// a change in the machine's load falls on every command alike; prints the medians of wall time and of CPU time
// (user + system, from GNU time when it is installed), which other work on the machine disturbs less, and the load
// average before and after, and whether the build's V8 code cache is there for this Node (src/cli/code-cache.ts).
// `npm run build` first: this runs bin/iotassure.js.
// Usage: node bench/startup.mjs [runs]   (default 11)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cacheName } from '../dist/cli/code-cache.js';
import { median } from './paired.mjs';
import { timedProcess } from './process.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.argv[2] ?? 11);
const TARGET_MS = 250;
const EXAMPLES = readdirSync(`${ROOT}/examples`).map((name) => `examples/${name}/system.yaml`);
const COMMANDS = [['--version'], ...EXAMPLES.map((model) => ['validate', model])];

/** One whole process: wall ms, and CPU ms when GNU time is there. */
const run = (args) => timedProcess(process.execPath, ['bin/iotassure.js', ...args], { cwd: ROOT });

const load = () => loadavg()[0].toFixed(2);
const cache = `dist/bundle/${cacheName(readFileSync(`${ROOT}/dist/bundle/cli.cjs`))}`;
console.log(`${RUNS} runs of each, interleaved; load average ${load()} before`);
console.log(existsSync(`${ROOT}/${cache}`) ? `code cache: ${cache}` : `no code cache for this Node (${cache})`);
const results = COMMANDS.map(() => []);
for (let i = 0; i < RUNS; i++) {
  for (const [c, args] of COMMANDS.entries()) results[c].push(run(args));
}
COMMANDS.forEach((args, c) => {
  const wall = median(results[c].map((r) => r.wallMs));
  const cpus = results[c].map((r) => r.cpuMs).filter((v) => v !== undefined);
  const cpu = cpus.length > 0 ? `${median(cpus).toFixed(0)} ms CPU` : 'CPU not measured (no GNU time)';
  const verdict = wall < TARGET_MS ? 'met' : 'MISSED';
  console.log(
    `${`iotassure ${args.join(' ')}`.padEnd(56)} ${wall.toFixed(0).padStart(5)} ms wall, ${cpu} — target ${TARGET_MS} ms ${verdict}`,
  );
});
console.log(`load average ${load()} after`);
