#!/usr/bin/env node
// iotassure beside OWASP pytm on the same synthetic system, as whole processes. pytm is not part of iotassure and is
// never copied into it: give a checkout of its source with PYTM_PATH (the folder that holds `pytm/pytm.py`); it
// needs only Python 3 (pyDAL is imported only for --sqldump, which this does not use).
//
//   npm run build && PYTM_PATH=~/src/pytm node --import tsx bench/vs-pytm.mjs [--sizes 100,1000,10000] [--runs 3]
//
// For each size, bench/synthetic.ts writes the fleet model; the same system, as iotassure loads it (templates
// applied), is written as a pytm script: each zone a Boundary, each element a Server (devices), Process (services,
// apps), Datastore or Actor (people, external parties) in its zone's Boundary, each flow a Dataflow with its
// protocol, encryption and authentication, each data asset a Data object carried by the flows that name it.
// Measured: `node bin/iotassure.js assess MODEL --format json --out DIR` (its summary on stdout gives the risk count)
// against `python3 tm.py --json FILE` (pytm resolves its threats for every element and flow and writes them as JSON;
// the script prints the count), in pairs with the order alternating, wall time from spawn to exit, CPU (user +
// system) and peak RSS from GNU time. Medians per size. Run it from the repository's folder.
//
// What each does differs: pytm applies its own threat library (about a hundred conditions on element attributes) to
// each element and flow; iotassure judges its rules, controls, facts and framework mappings for the whole system.
// This compares what each costs as a process on the same system, not what they find.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadModelText } from '../src/model/load.ts';
import { median, pairedRuns } from './paired.mjs';
import { measuresResources, timedProcess } from './process.mjs';
import { syntheticModel } from './synthetic.ts';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const SIZES = (option('--sizes') ?? '100,1000,10000').split(',').map(Number);
const RUNS = Number(option('--runs') ?? 3);
const PYTHON = process.env.PYTHON ?? 'python3';
const CLI = resolve('bin/iotassure.js');

/** Why the comparison cannot run here, or undefined when it can. */
function unavailable() {
  const pytm = process.env.PYTM_PATH;
  if (!pytm) return 'PYTM_PATH is not set: point it to a checkout of https://github.com/OWASP/pytm (tag v1.3.1)';
  if (!existsSync(join(pytm, 'pytm', 'pytm.py'))) return `PYTM_PATH=${pytm} has no pytm/pytm.py`;
  if (spawnSync(PYTHON, ['--version']).status !== 0) return `${PYTHON} is not on the PATH (set PYTHON)`;
  if (!measuresResources) return '/usr/bin/time (GNU time) is missing: apt-get install time';
  if (!existsSync('dist/cli')) return 'dist/ is missing: run `npm run build` first';
  return undefined;
}

const why = unavailable();
if (why) {
  console.log(`vs-pytm skipped: ${why}`);
  process.exit(0);
}
const PYTM_PATH = resolve(process.env.PYTM_PATH);

/** A Python identifier for a model id (ids may hold '-' and '.'; the synthetic ids stay distinct). */
const py = (prefix, id) => `${prefix}_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
const str = (text) => JSON.stringify(text);

/** pytm's nearest class for an element kind. */
function pytmClass(kind) {
  if (kind === 'data-store') return 'Datastore';
  if (kind === 'user' || kind === 'external-party' || kind === 'physical-entity') return 'Actor';
  if (['sensor', 'actuator', 'camera', 'gateway', 'hub', 'controller', 'device'].includes(kind)) return 'Server';
  return 'Process';
}

const CLASSIFICATION = { public: 'PUBLIC', internal: 'RESTRICTED', confidential: 'SECRET', restricted: 'TOP_SECRET' };

/** The pytm script for a loaded iotassure model. */
function pytmScript(model) {
  const lines = [
    `import sys; sys.path.insert(0, ${str(PYTM_PATH)})`,
    'from pytm import TM, Actor, Boundary, Classification, Data, Dataflow, Datastore, Process, Server',
    `tm = TM(${str(model.system.name)})`,
    `tm.description = ${str(`The iotassure synthetic fleet of ${model.elements.length} elements`)}`,
  ];
  for (const zone of model.zones) lines.push(`${py('z', zone.id)} = Boundary(${str(zone.name)})`);
  for (const asset of model.dataAssets) {
    const classification = CLASSIFICATION[asset.classification] ?? 'UNKNOWN';
    lines.push(
      `${py('a', asset.id)} = Data(${str(asset.name)}, classification=Classification.${classification}, isPII=${asset.personalData ? 'True' : 'False'})`,
    );
  }
  for (const e of model.elements) {
    const name = py('e', e.id);
    lines.push(`${name} = ${pytmClass(e.kind)}(${str(e.name)})`);
    if (e.zone) lines.push(`${name}.inBoundary = ${py('z', e.zone)}`);
    if (e.kind === 'data-store' && e.encryptionAtRest === true) lines.push(`${name}.controls.isEncryptedAtRest = True`);
  }
  for (const f of model.flows) {
    const name = py('f', f.id);
    lines.push(`${name} = Dataflow(${py('e', f.from)}, ${py('e', f.to)}, ${str(f.id)})`);
    if (f.protocol) lines.push(`${name}.protocol = ${str(f.protocol)}`);
    if (f.encryption !== 'none' && f.encryption !== 'unknown') lines.push(`${name}.controls.isEncrypted = True`);
    if (f.authentication !== 'none' && f.authentication !== 'unknown')
      lines.push(`${name}.controls.authenticatesSource = True`);
    if (f.data.length > 0) lines.push(`${name}.data = [${f.data.map((d) => py('a', d)).join(', ')}]`);
  }
  // the count of findings, from pytm itself (its JSON passes 512 MB at 10 000 elements, too long for one string)
  lines.push('tm.process()', 'print("pytm-findings", len(tm.findings))');
  return `${lines.join('\n')}\n`;
}

/** One whole process under GNU time: wall ms from spawn to exit, CPU ms, peak RSS MB. */
function timed(command, commandArgs) {
  const { wallMs, cpuMs, peakRssMb, stdout } = timedProcess(command, commandArgs, { maxBuffer: 1 << 30 });
  return { ms: Math.round(wallMs), cpuMs: Math.round(cpuMs), rssMb: peakRssMb, stdout };
}

const pad = (values, widths) => values.map((v, i) => String(v).padStart(widths[i])).join(' ');

const pytmVersion = spawnSync('git', ['-C', PYTM_PATH, 'describe', '--tags'], { encoding: 'utf8' }).stdout.trim();
const pythonVersion = spawnSync(PYTHON, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(
  `iotassure (node ${process.version}) vs pytm ${pytmVersion || '(no git tag)'} (${pythonVersion}), ${RUNS} paired runs per size, medians;`,
  '\n  iotassure: node bin/iotassure.js assess MODEL --format json --out DIR;  pytm: python3 tm.py --json FILE',
);
const widths = [8, 7, 14, 13, 13, 12, 13, 12, 10, 9, 10];
console.log(
  pad(
    [
      'elements',
      'flows',
      'iota risks',
      'pytm findings',
      'iota wall ms',
      'iota CPU ms',
      'pytm wall ms',
      'pytm CPU ms',
      'wall ×',
      'iota MB',
      'pytm MB',
    ],
    widths,
  ),
);
/** The issue on fleet-scale performance: pytm ÷ iotassure in wall time, by fleet size. */
const TARGETS = new Map([
  [100, 1],
  [10000, 25],
]);
const verdicts = [];
for (const size of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'iotassure-bench-pytm-'));
  try {
    const text = syntheticModel(size);
    const modelFile = join(dir, 'model.yaml');
    writeFileSync(modelFile, text);
    const model = loadModelText(modelFile, text);
    const script = join(dir, 'tm.py');
    writeFileSync(script, pytmScript(model));
    const pytmOut = join(dir, 'pytm.json');
    const runIotassure = () =>
      timed(process.execPath, [CLI, 'assess', modelFile, '--format', 'json', '--out', join(dir, 'out')]);
    const runPytm = () => timed(PYTHON, [script, '--json', pytmOut]);
    const [iota, pytm] = pairedRuns(RUNS, runIotassure, runPytm);
    // counts from each tool's own output, only to show both did the work
    const risks = /^Risks: (\d+)/m.exec(iota[0].stdout)?.[1] ?? '?';
    const findings = /^pytm-findings (\d+)/m.exec(pytm[0].stdout)?.[1] ?? '?';
    const pick = (runs, key) => median(runs.map((r) => r[key]));
    const ratio = pick(pytm, 'ms') / pick(iota, 'ms');
    if (TARGETS.has(size))
      verdicts.push(
        `${size}: ${ratio.toFixed(2)}× (target ≥ ${TARGETS.get(size)}) ${ratio >= TARGETS.get(size) ? 'met' : 'MISSED'}`,
      );
    console.log(
      pad(
        [
          model.elements.length,
          model.flows.length,
          risks,
          findings,
          pick(iota, 'ms'),
          pick(iota, 'cpuMs'),
          pick(pytm, 'ms'),
          pick(pytm, 'cpuMs'),
          ratio.toFixed(2),
          pick(iota, 'rssMb'),
          pick(pytm, 'rssMb'),
        ],
        widths,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log('wall × = pytm wall time / iotassure wall time (above 1: iotassure is faster)');
for (const verdict of verdicts) console.log(`target, pytm ÷ iotassure in wall time at ${verdict}`);
