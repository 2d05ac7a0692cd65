// The HTML report benchmark (run by bench/run.mjs when present, or `node --import tsx bench/html.ts [SIZES]`):
// renders the synthetic benchmark model (bench/synthetic.ts) to HTML; target: 10 000 elements under 5 s.
// Prints, per size, the render time (median of 3), the page size, the diagram mode and the rows shown per table.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assess } from '../src/assess/pipeline.js';
import { loadCatalog } from '../src/catalog/load.js';
import { loadModelFile } from '../src/model/load.js';
import { renderHtml } from '../src/report/html.js';
import { RULES } from '../src/rules/index.js';
import { syntheticModel } from './synthetic.js';

const SIZES = (process.argv[2] ?? '100,1000,10000').split(',').map(Number);
const TARGET_MS = 5000;
const dir = mkdtempSync(join(tmpdir(), 'iotassure-bench-html-'));
const catalog = loadCatalog();

console.log('elements   flows   risks  render ms      MB  diagram');
for (const size of SIZES) {
  const file = join(dir, `model-${size}.yaml`);
  writeFileSync(file, syntheticModel(size));
  const model = loadModelFile(file);
  const assessment = assess(model, catalog, RULES, { date: '2026-11-27' });
  const times: number[] = [];
  let html = '';
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    html = await renderHtml(assessment);
    times.push(performance.now() - t);
  }
  const median = Math.round(times.sort((a, b) => a - b)[1]!);
  writeFileSync(join(dir, `report-${size}.html`), html);
  const mode = /data-mode="([a-z-]+)"/.exec(html)?.[1] ?? '?';
  console.log(
    [
      model.elements.length,
      model.flows.length,
      assessment.risks.length,
      median,
      (html.length / 1e6).toFixed(2),
      ` ${mode}`,
    ]
      .map((v, i) => String(v).padStart([8, 8, 8, 11, 8, 0][i]!))
      .join(''),
  );
  if (size === 10000) {
    console.log(
      `target: 10 000 elements rendered under ${TARGET_MS} ms — ${median} ms ${median < TARGET_MS ? 'met' : 'MISSED'}`,
    );
  }
}
// the reports stay for a look only when asked: a benchmark leaves nothing behind in the temporary folder
if (process.env.BENCH_KEEP) console.log(`reports written to ${dir}`);
else rmSync(dir, { recursive: true, force: true });
