import { ask } from './decide.js';
import type { RiskRule } from './rule.js';

/**
 * Personal data collected for no stated purpose: nothing limits what is collected or what it is used for. The model
 * lists purposes and cannot yet tell "none" from "not written down", so a data asset without purposes is a question.
 */
export const personalDataWithoutPurpose: RiskRule = {
  meta: {
    id: 'personal-data-without-purpose',
    title: 'Personal data has no specified purpose',
    description:
      'Personal data collected without a stated purpose cannot be limited to what that purpose needs, so devices gather more than necessary and the data drifts into other uses.',
    riskSource: 'priv-excessive-collection',
    linddun: ['data-disclosure', 'non-compliance'],
    likelihood: 3,
    impact: 3,
    // Specifying purposes (the provider's, and a user's who deploys sensing) removes the cause; minimisation follows.
    mitigations: ['purpose-specification-and-limitation', 'user-define-sensing-purpose'],
    supporting: ['personal-data-minimisation'],
    references: ['iso-iec-29100:5.3', 'eu-cra:I.2(g)'],
    asks: ['purposes'],
  },
  check(graph) {
    return graph.model.dataAssets
      .filter((d) => d.personalData !== undefined && d.purposes.length === 0)
      .map((data) =>
        ask(
          data.id,
          ['purposes'],
          `${data.name} is personal data (${data.personalData?.categories.join(', ')}); the purposes it is collected for are not stated.`,
        ),
      );
  },
};
