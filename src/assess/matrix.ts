/** Likelihood × impact matrices: the default 5 × 5 and a model's own, and rating on them. */
import type { RiskMatrix } from '../model/schema.js';
import type { RatedLevel } from './assessment.js';

export const DEFAULT_MATRIX: RiskMatrix = {
  likelihood: ['rare', 'unlikely', 'possible', 'likely', 'almost-certain'],
  impact: ['negligible', 'minor', 'moderate', 'major', 'severe'],
  levels: ['low', 'medium', 'high', 'critical'],
  matrix: [
    ['low', 'low', 'low', 'medium', 'medium'],
    ['low', 'low', 'medium', 'medium', 'high'],
    ['low', 'medium', 'medium', 'high', 'high'],
    ['medium', 'medium', 'high', 'high', 'critical'],
    ['medium', 'high', 'high', 'critical', 'critical'],
  ],
};

/**
 * Rules rate on 1..5; a model's matrix may have another size, so ratings are mapped linearly onto it (1 stays the
 * lowest, 5 the highest, halves round up).
 */
export function rescale(rating: number, size: number): number {
  return Math.min(size, Math.max(1, Math.round(1 + ((rating - 1) * (size - 1)) / 4)));
}

/** Rates on the matrix; likelihood and impact are already on the matrix's own scales (1-based). */
export function rate(matrix: RiskMatrix, likelihood: number, impact: number): RatedLevel {
  const row = matrix.matrix[likelihood - 1];
  const level = row?.[impact - 1];
  if (level === undefined) throw new Error(`internal: rating ${likelihood}×${impact} is outside the matrix`);
  return { likelihood, impact, level };
}

/** Higher is worse; unknown levels (e.g. `none`) rank below every level. */
export function levelRank(matrix: RiskMatrix, level: string): number {
  return matrix.levels.indexOf(level);
}

/**
 * Residual likelihood: each effective mitigating control removes an equal share of the way down to the lowest
 * likelihood. Impact stays: controls here prevent, they rarely make the consequence smaller.
 */
export function residualLikelihood(inherent: number, effective: number, total: number): number {
  if (total === 0) return inherent;
  return inherent - Math.round(((inherent - 1) * effective) / total);
}
