#!/usr/bin/env node
// npm run bench: each measurement in a fresh process (so peak memory is its own), then the targets of the issues.
//   assess: load + assess + write JSON for synthetic models of 100 … 50 000 elements (about three flows each);
//   target 10 000 elements under 2 s, and at most 12× the time for 10× the elements.
// Other benchmarks (HTML rendering, SBOM matching, verification vs nmap, and vs testssl.sh when $TESTSSL names a
// checkout of it) run when their scripts are present.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000,50000').split(',').map(Number);

function run(script, args = []) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    throw new Error(`${script} ${args.join(' ')} failed`);
  }
  return result.stdout.trim().split('\n').at(-1);
}

console.log('assess (load + assess + write JSON), one fresh process per size, best of 3:');
console.log('elements   flows   risks   load ms  assess ms  json ms  total ms  peak RSS MB');
const rows = [];
for (const size of SIZES) {
  const runs = Array.from({ length: size >= 50000 ? 1 : 3 }, () =>
    JSON.parse(run('bench/measure-assess.ts', [String(size)])),
  );
  const best = runs.sort((a, b) => a.totalMs - b.totalMs)[0];
  rows.push(best);
  console.log(
    [best.elements, best.flows, best.risks, best.loadMs, best.assessMs, best.jsonMs, best.totalMs, best.peakRssMb]
      .map((v, i) => String(v).padStart([8, 8, 7, 9, 10, 8, 9, 12][i]))
      .join(''),
  );
}
const byElements = new Map(rows.map((r) => [r.elements, r]));
const tenK = byElements.get(10000);
if (tenK)
  console.log(`target: 10 000 elements under 2000 ms — ${tenK.totalMs} ms ${tenK.totalMs < 2000 ? 'met' : 'MISSED'}`);
for (const [small, large] of [
  [1000, 10000],
  [10000, 50000],
]) {
  const a = byElements.get(small);
  const b = byElements.get(large);
  if (!a || !b) continue;
  const ratio = b.totalMs / a.totalMs;
  const allowed = 1.2 * (large / small);
  console.log(
    `growth ${small} → ${large}: ×${ratio.toFixed(1)} for ×${large / small} elements (limit ×${allowed.toFixed(0)}) — ${ratio <= allowed ? 'met' : 'MISSED'}`,
  );
}

for (const [title, script] of [
  ['HTML report', 'bench/html.ts'],
  ['SBOM matching (10 000 components × 100 000 OSV records; target under 3 s)', 'bench/sbom.mjs'],
  ['verification vs nmap (needs root for a private network namespace)', 'bench/verify-vs-nmap.mjs'],
  // testssl.sh is not part of iotassure: this one runs when $TESTSSL names a checkout of it
  ...(process.env.TESTSSL ? [['TLS facts vs testssl.sh ($TESTSSL)', 'bench/verify-vs-testssl.mjs']] : []),
]) {
  if (!existsSync(script)) continue;
  console.log(`\n${title}:`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) console.log(`${script} failed (exit ${result.status})`);
}
