// One benchmark measurement in a fresh process: load + assess + write JSON for a synthetic model of N elements.
// Prints one JSON line {elements, flows, loadMs, assessMs, jsonMs, totalMs, peakRssMb}.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assess } from '../src/assess/pipeline.js';
import { loadCatalog } from '../src/catalog/load.js';
import { loadModelFile } from '../src/model/load.js';
import { MODES, writeFileAtomic } from '../src/output/write.js';
import { jsonRenderer } from '../src/report/json.js';
import { RULES } from '../src/rules/index.js';
import { syntheticModel } from './synthetic.js';

const size = Number(process.argv[2]);
const dir = mkdtempSync(join(tmpdir(), 'iotassure-bench-'));
const file = join(dir, `model-${size}.yaml`);
writeFileSync(file, syntheticModel(size));

const t0 = performance.now();
const model = loadModelFile(file);
const catalog = loadCatalog();
const t1 = performance.now();
const assessment = assess(model, catalog, RULES, { date: '2026-11-27' });
const t2 = performance.now();
for (const out of await jsonRenderer.render(assessment)) {
  writeFileAtomic(join(dir, out.name), out.content, { mode: MODES.report });
}
const t3 = performance.now();

console.log(
  JSON.stringify({
    elements: model.elements.length,
    flows: model.flows.length,
    risks: assessment.risks.length,
    loadMs: Math.round(t1 - t0),
    assessMs: Math.round(t2 - t1),
    jsonMs: Math.round(t3 - t2),
    totalMs: Math.round(t3 - t0),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
