/** Small helpers shared by the HTML sections: risk levels, row caps and lists. */
import type { Assessment, Risk } from '../../assess/assessment.js';
import { capList, MAX_TABLE_ROWS, shortText } from '../text.js';

import { esc } from './escape.js';

/** Index of a level on the model's matrix (higher is worse); -1 for `none` or unknown levels. */
export function levelRank(a: Assessment, level: string): number {
  return a.riskMatrix.levels.indexOf(level);
}

/** CSS class of a level, bucketed to four colours whatever the size of the model's matrix. */
export function levelClass(a: Assessment, level: string): string {
  const rank = levelRank(a, level);
  if (rank < 0) return 'lvl lvl-none';
  const n = a.riskMatrix.levels.length;
  const bucket = n <= 1 ? 3 : Math.round((rank * 3) / (n - 1));
  return `lvl lvl-${bucket}`;
}

/** A level as a badge, with a sort key so sorting by the column orders by severity. */
export function levelBadge(a: Assessment, level: string): string {
  return `<span class="${levelClass(a, level)}">${esc(level)}</span>`;
}

/** Risks worst first: residual, then inherent, then id. */
export function risksByResidual(a: Assessment): Risk[] {
  return [...a.risks].sort(
    (x, y) =>
      levelRank(a, y.residual.level) - levelRank(a, x.residual.level) ||
      levelRank(a, y.inherent.level) - levelRank(a, x.inherent.level) ||
      x.id.localeCompare(y.id),
  );
}

/** In-page anchor ids for risks, by index so any model id makes a valid fragment. */
export function riskAnchors(a: Assessment): Map<string, string> {
  return new Map(risksByResidual(a).map((r, i) => [r.id, `risk-${i + 1}`]));
}

/** The first `max` rows and, when some were left out, a note that says so. */
export function capRows<T>(rows: T[], what: string, max = MAX_TABLE_ROWS): { rows: T[]; note: string } {
  const { rows: shown, cut } = capList(rows, what, max);
  const note = cut === undefined ? '' : `<p class="note cap-note">${esc(cut)} (<code>--format json</code>).</p>`;
  return { rows: shown, note };
}

/** A comma-separated list of escaped items, shortened with a count of the rest. */
export function shortList(items: string[], max = 6): string {
  return shortText(items.slice(0, max).map(esc), max, items.length);
}
