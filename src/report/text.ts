/** Wording shared by the text reports (terminal, Markdown, HTML). */
import type { Assessment, FrameworkCoverage, Support } from '../assess/assessment.js';

export const STAKEHOLDER_TITLES: Record<string, string> = {
  developer: 'IoT service developer',
  provider: 'IoT service provider',
  user: 'IoT user',
};

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
