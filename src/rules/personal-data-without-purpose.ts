import type { RiskRule } from './rule.js';

/** Personal data collected for no stated purpose: nothing limits what is collected or what it is used for. */
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
    mitigations: ['purpose-specification-and-limitation', 'personal-data-minimisation', 'user-define-sensing-purpose'],
    references: ['iso-iec-29100:5.3', 'eu-cra:I.2(g)'],
  },
  check(graph) {
    return graph.model.dataAssets
      .filter((d) => d.personalData !== undefined && (d.purposes ?? []).length === 0)
      .map((data) => ({
        subject: data.id,
        message: `${data.name} is personal data (${data.personalData?.categories.join(', ')}) with no purpose stated for collecting it.`,
        impact: data.personalData?.sensitive ? 4 : undefined,
      }));
  },
};
