// One in-process measurement in a fresh process, on the built code (dist/): load + assess + write JSON of the model
// DIR/model.yaml (written by bench/run.mjs). Prints one JSON line {elements, flows, risks, loadMs, assessMs, jsonMs,
// totalMs, peakRssMb}; "load" includes the imports, as a command would pay them. It runs under the V8 flags every
// command runs under (COMMAND_V8_FLAGS, src/cli/code-cache.ts), so it measures the code as the CLI runs it.
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { COMMAND_V8_FLAGS } from '../dist/cli/code-cache.js';

for (const flag of COMMAND_V8_FLAGS) setFlagsFromString(flag);
const dir = process.argv[2];
const t0 = performance.now();
const { loadModelFile } = await import('../dist/model/load.js');
const { loadCatalog } = await import('../dist/catalog/load.js');
const { assess } = await import('../dist/assess/pipeline.js');
const { RULES } = await import('../dist/rules/index.js');
const { MODES, writeFileAtomic } = await import('../dist/output/write.js');
const { jsonRenderer } = await import('../dist/report/json.js');
const model = loadModelFile(join(dir, 'model.yaml'));
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
