/** Wording shared by the text reports (terminal, Markdown, HTML). */
import type { Assessment, FrameworkCoverage, RuleSummary, Support } from '../assess/assessment.js';

export const STAKEHOLDER_TITLES: Record<string, string> = {
  developer: 'IoT service developer',
  provider: 'IoT service provider',
  user: 'IoT user',
};

/** The rule summaries of an assessment by id, for the details its risks refer to. */
export function rulesById(a: Assessment): Map<string, RuleSummary> {
  return new Map(a.rules.map((r) => [r.id, r]));
}

/** Risk levels, highest first. */
export function orderedLevels(a: Assessment): string[] {
  return [...a.riskMatrix.levels].reverse();
}

export function supportLabel(support: Support): string {
  return { yes: 'supported', partial: 'partly', no: 'not supported', 'not-applicable': 'n/a' }[support];
}

/** e.g. "ETSI EN 303 645 V3.1.3: 41 of 52 applicable requirements supported (3 partly); 6 mandatory gaps" */
export function frameworkProgress(c: FrameworkCoverage): string {
  const partly = c.partial > 0 ? ` (${c.partial} partly)` : '';
  const gaps = c.mandatoryGaps > 0 ? `; ${c.mandatoryGaps} mandatory gap${c.mandatoryGaps === 1 ? '' : 's'}` : '';
  return `${c.title}: ${c.supported} of ${c.applicable} applicable requirements supported${partly}${gaps}`;
}

/** Number of risks per cell of the matrix, indexed [likelihood - 1][impact - 1]. */
export function heatCounts(a: Assessment, which: 'inherent' | 'residual'): number[][] {
  const counts = a.riskMatrix.likelihood.map(() => a.riskMatrix.impact.map(() => 0));
  for (const r of a.risks) {
    const row = counts[r[which].likelihood - 1];
    if (row && r[which].impact - 1 < row.length) row[r[which].impact - 1]! += 1;
  }
  return counts;
}

export interface Progress {
  /** applicable controls owed */
  owed: number;
  /** owed and not a gap */
  done: number;
  gaps: number;
  /** open risks the gaps leave, by residual level */
  risks: Record<string, number>;
}

/** Applicable controls matching `owes`, how many are gaps, and the open risks those gaps leave. */
export function progress(a: Assessment, owes: (c: Assessment['controls'][number]) => boolean): Progress {
  const gaps = new Map(a.gaps.map((g) => [g.control, g]));
  const owed = a.controls.filter((c) => c.applies && owes(c));
  const open = new Map<string, string>();
  let gapCount = 0;
  for (const c of owed) {
    const gap = gaps.get(c.id);
    if (!gap) continue;
    gapCount += 1;
    for (const r of gap.risks) open.set(r.id, r.level);
  }
  const risks: Record<string, number> = {};
  for (const level of open.values()) risks[level] = (risks[level] ?? 0) + 1;
  return { owed: owed.length, done: owed.length - gapCount, gaps: gapCount, risks };
}

export function progressByStakeholder(a: Assessment): { role: string; progress: Progress }[] {
  return Object.keys(STAKEHOLDER_TITLES).map((role) => ({
    role,
    progress: progress(a, (c) => c.stakeholders.some((s) => s.role === role)),
  }));
}

export function progressByStage(a: Assessment): { stage: string; progress: Progress }[] {
  return a.model.stages.map((stage) => ({ stage, progress: progress(a, (c) => c.stages.includes(stage)) }));
}

/** `1 critical, 2 high` (worst first) from counts by level; `none` when there are none. */
export function levelCountText(a: Assessment, counts: Record<string, number>): string {
  const parts = orderedLevels(a)
    .filter((l) => (counts[l] ?? 0) > 0)
    .map((l) => `${counts[l]} ${l}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** Where each personal data asset is stored and which elements receive it in a flow. */
export function personalDataDestinations(
  a: Assessment,
): { asset: Assessment['system']['dataAssets'][number]; storedIn: string[]; sentTo: string[]; flows: string[] }[] {
  const byAsset = new Map<string, Assessment['system']['flows']>();
  for (const f of a.system.flows) {
    for (const d of f.data) {
      const list = byAsset.get(d) ?? [];
      list.push(f);
      byAsset.set(d, list);
    }
  }
  return a.system.dataAssets
    .filter((d) => d.personalData)
    .map((asset) => {
      const flows = byAsset.get(asset.id) ?? [];
      return {
        asset,
        storedIn: asset.storedIn,
        sentTo: [...new Set(flows.map((f) => f.to))],
        flows: flows.map((f) => f.id),
      };
    });
}
