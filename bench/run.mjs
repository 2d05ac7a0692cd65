#!/usr/bin/env node
// npm run bench: each measurement in a fresh process (so peak memory is its own), then the targets of the issues.
//   assess: load + assess + write JSON for synthetic models of 100 … 50 000 elements (about three flows each);
//   targets 10 000 elements under 2 s (under 1.2 s for the CLI), and at most 12× the time for 10× the elements.
// Other benchmarks (start-up of --version and validate, HTML rendering, every format at once, SBOM matching,
// verification vs nmap, and vs testssl.sh when $TESTSSL names a checkout of it) run when their scripts are present.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './paired.mjs';
import { measuresResources, timedProcess } from './process.mjs';

const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000,50000').split(',').map(Number);
/** runs per size, the same at every size (medians and ranges; the issue on fleet-scale performance asks at least 5) */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const spread = (values) => `${Math.min(...values)}–${Math.max(...values)}`;

/** The built CLI as a user runs it: start-up, load, assess and JSON written to a folder. */
function cliRun(model, out) {
  const args = ['bin/iotassure.js', 'assess', model, '--format', 'json', '--out', out, '--quiet'];
  const { wallMs, peakRssMb } = timedProcess(process.execPath, args);
  return { ms: Math.round(wallMs), peakRssMb };
}

console.log(
  `assess, median (and range) of ${RUNS} fresh processes per size:`,
  '\n  in-process: load (imports, model, catalog) + assess + JSON written, on dist/;',
  '\n  CLI: `node bin/iotassure.js assess MODEL --format json --out DIR`, the whole process, start-up included.',
);
console.log(
  'elements    flows    risks   load ms   assess ms   json ms   in-process ms      CLI ms (range)    CLI peak RSS MB   JSON KB/element',
);
const rows = [];
for (const size of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'iotassure-bench-'));
  try {
    const model = join(dir, 'model.yaml');
    timedProcess(process.execPath, ['--import', 'tsx', 'bench/write-model.ts', String(size), model]);
    const inProcess = Array.from({ length: RUNS }, () =>
      JSON.parse(timedProcess(process.execPath, ['bench/measure-assess.mjs', dir]).stdout.trim().split('\n').at(-1)),
    );
    const cli = Array.from({ length: RUNS }, () => cliRun(model, join(dir, 'out')));
    const jsonBytes = statSync(join(dir, 'out', 'assessment.json')).size;
    const pick = (key) => median(inProcess.map((r) => r[key]));
    const row = {
      elements: inProcess[0].elements,
      flows: inProcess[0].flows,
      risks: inProcess[0].risks,
      loadMs: pick('loadMs'),
      assessMs: pick('assessMs'),
      jsonMs: pick('jsonMs'),
      totalMs: pick('totalMs'),
      cliMs: median(cli.map((r) => r.ms)),
      cliRange: spread(cli.map((r) => r.ms)),
      cliRssMb: measuresResources ? median(cli.map((r) => r.peakRssMb)) : '-',
      jsonKbPerElement: (jsonBytes / 1024 / size).toFixed(1),
    };
    rows.push(row);
    console.log(
      [
        row.elements,
        row.flows,
        row.risks,
        row.loadMs,
        row.assessMs,
        row.jsonMs,
        row.totalMs,
        `${row.cliMs} (${row.cliRange})`,
        row.cliRssMb,
        row.jsonKbPerElement,
      ]
        .map((v, i) => String(v).padStart([8, 8, 8, 9, 11, 9, 15, 19, 18, 17][i]))
        .join(' '),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const byElements = new Map(rows.map((r) => [r.elements, r]));
const tenK = byElements.get(10000);
if (tenK) {
  // the assessment-truth issue's target (2 s), and the fleet-scale issue's for the whole process (1.2 s)
  for (const [what, ms, target] of [
    ['in-process', tenK.totalMs, 2000],
    ['CLI', tenK.cliMs, 2000],
    ['CLI', tenK.cliMs, 1200],
  ])
    console.log(`target: 10 000 elements under ${target} ms (${what}) — ${ms} ms ${ms < target ? 'met' : 'MISSED'}`);
}
for (const [small, large] of [
  [1000, 10000],
  [10000, 50000],
  [10000, 100000],
]) {
  const a = byElements.get(small);
  const b = byElements.get(large);
  if (!a || !b) continue;
  const ratio = b.cliMs / a.cliMs;
  const allowed = 1.2 * (large / small);
  console.log(
    `growth ${small} → ${large} (CLI): ×${ratio.toFixed(1)} for ×${large / small} elements (limit ×${allowed.toFixed(0)}) — ${ratio <= allowed ? 'met' : 'MISSED'}`,
  );
}

for (const [title, script] of [
  ['start-up: --version and validate of each example as whole processes (target under 250 ms)', 'bench/startup.mjs'],
  ['HTML report', 'bench/html.ts'],
  ['every format at once (--format all; target 10 000 elements under 5 s)', 'bench/formats.mjs'],
  [
    'SBOM matching (10 000 components × 100 000 OSV records beside the parse floor; target under 3 s)',
    'bench/sbom.mjs',
  ],
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
