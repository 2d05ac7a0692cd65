import { ask } from './decide.js';
import { statementHolders } from './product-statements.js';
import type { RiskRule } from './rule.js';

/**
 * No software bill of materials: nobody can tell which devices carry a newly disclosed vulnerable component. The model
 * names where an SBOM is (`sbom`) and has no word yet for "none is kept", so a product that names none is a question.
 */
export const noSbom: RiskRule = {
  meta: {
    id: 'no-sbom',
    title: 'No software bill of materials',
    description:
      'Without an SBOM nobody can tell which firmware, apps and services contain a third-party library, SDK or chip vendor blob when a vulnerability in it is published, so fixes start late.',
    riskSource: 'omd-unknown-assets',
    stride: ['elevation-of-privilege', 'information-disclosure'],
    likelihood: 3,
    impact: 3,
    // Keeping the SBOM removes the cause; monitoring it and asking suppliers for theirs are what make it useful.
    mitigations: ['component-inventory-sbom'],
    supporting: ['component-vulnerability-monitoring', 'supplier-security-management'],
    references: ['eu-cra:II.1', 'owasp-iot-top10-2018:I5'],
    asks: ['sbom', 'system.lifecycle.sbom'],
  },
  check(graph) {
    return statementHolders(graph)
      .filter((holder) => holder.sbom === undefined)
      .map((holder) =>
        ask(
          holder.id,
          [holder.key('sbom')],
          `${holder.name} names no software bill of materials; whether one is kept is not stated.`,
        ),
      );
  },
};
