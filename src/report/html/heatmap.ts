/** The risk heat map: likelihood × impact on the model's matrix, one grid for inherent and one for residual ratings. */
import type { Assessment } from '../../assess/assessment.js';
import { heatCounts } from '../text.js';
import { levelClass } from './common.js';
import { esc } from './escape.js';

export function heatGrid(a: Assessment, which: 'inherent' | 'residual'): string {
  const counts = heatCounts(a, which);
  const { likelihood, impact, matrix } = a.riskMatrix;
  const head = impact.map((i) => `<th scope="col">${esc(i)}</th>`).join('');
  const rows = likelihood
    .map((l, li) => {
      const cells = impact
        .map((imp, ii) => {
          const level = matrix[li]?.[ii] ?? '';
          const count = counts[li]?.[ii] ?? 0;
          const visible = count > 0 ? `<strong>${count}</strong>` : '·';
          const cls = `${levelClass(a, level)}${count > 0 ? ' has-risks' : ''}`;
          const title = esc(`${l} × ${imp}: ${level}, ${count} risks`);
          return `<td class="${cls}" title="${title}"><span class="sr-only">${esc(level)}: ${count} risks</span><span aria-hidden="true">${visible}</span></td>`;
        })
        .join('');
      return `<tr><th scope="row">${esc(l)}</th>${cells}</tr>`;
    })
    .reverse()
    .join('\n');
  const title = which === 'inherent' ? 'Inherent risk' : 'Residual risk';
  return (
    `<div class="heat table-wrap"><table class="heatmap" id="heatmap-${which}">` +
    `<caption>${title}: number of risks by likelihood (rows) and impact (columns)</caption>` +
    `<thead><tr><th scope="col"><span class="sr-only">likelihood \\ impact</span><span aria-hidden="true">L \\ I</span></th>${head}</tr></thead>` +
    `<tbody>${rows}</tbody></table></div>`
  );
}

export function heatmapSection(a: Assessment): string {
  return (
    `<div class="heatmaps">${heatGrid(a, 'inherent')}${heatGrid(a, 'residual')}</div>` +
    `<p class="note">Residual likelihood falls as mitigating controls become effective (implemented or verified and not contradicted by a failed check); impact stays. Cell colours are the model's risk levels: ${a.riskMatrix.levels
      .map((l) => `<span class="${levelClass(a, l)}">${esc(l)}</span>`)
      .join(' ')}.</p>`
  );
}
