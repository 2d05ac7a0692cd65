/**
 * SBOM checks are file-based: they run once per verification spec that names an SBOM, not per target, on the SBOM
 * and the result of matching it against the OSV database.
 */
import type { CheckMeta, CheckResult } from '../types.js';
import type { MatchReport, SeverityRating } from './match.js';
import type { Sbom } from './sbom.js';

export interface SbomCheckOptions {
  /** the lowest severity that fails SBOM-02 (default medium) */
  failOn: Exclude<SeverityRating, 'unknown' | 'none'>;
  /**
   * What a match of unknown severity does in SBOM-02 (default fail): the Go database, for one, gives no severities,
   * and a known vulnerability that cannot be shown to be below the threshold is not a pass.
   */
  unknownSeverity: 'fail' | 'ignore';
  /** SBOM-01 is INCONCLUSIVE below this share of components with a purl or CPE and a version (default 0.9) */
  minCoverage: number;
  /** SBOM-03 is INCONCLUSIVE at or above this share of NOT_EVALUATED components (default 0.1) */
  maxUnevaluated: number;
  /** most components listed in a result's details (default 200) */
  maxDetails: number;
}

export const DEFAULT_SBOM_OPTIONS: SbomCheckOptions = {
  failOn: 'medium',
  unknownSeverity: 'fail',
  minCoverage: 0.9,
  maxUnevaluated: 0.1,
  maxDetails: 200,
};

export interface SbomCheckContext {
  sbom: Sbom;
  /** undefined when no OSV database was given: SBOM-02 and SBOM-03 cannot run */
  report?: MatchReport;
  options: SbomCheckOptions;
}

export interface SbomCheck {
  meta: CheckMeta;
  run(ctx: SbomCheckContext): CheckResult;
}

/** Detail lines for the first `max` items, and how many were left out (only the lines shown are formatted). */
export function capDetails<T>(items: readonly T[], max: number, line: (item: T) => string): string[] {
  const lines = items.slice(0, max).map(line);
  if (items.length > max) lines.push(`… and ${items.length - max} more`);
  return lines;
}

export const percent = (share: number): string => `${(Math.floor(share * 1000) / 10).toString()}%`;
