import type { RiskRule } from './rule.js';

/** Personal data processed with no legal basis identified for it. */
export const noLegalBasis: RiskRule = {
  meta: {
    id: 'no-legal-basis',
    title: 'Personal data is processed without a legal basis',
    description:
      'Personal data collected by devices and services without consent, a contract or another identified legal basis is processed unlawfully, and people have had no say in it.',
    riskSource: 'priv-no-legal-basis',
    linddun: ['non-compliance'],
    likelihood: 3,
    impact: 4,
    mitigations: [
      'legal-basis-per-data-asset',
      'consent-management',
      'privacy-accountability-and-audit',
      'user-define-sensing-purpose',
    ],
    // Lawfulness sits in 29100's purpose legitimacy principle; consent is only one of the bases it allows.
    references: ['iso-iec-29100:5.3'],
  },
  check(graph) {
    return graph.model.dataAssets
      .filter((d) => d.personalData !== undefined && (d.legalBasis === undefined || d.legalBasis === 'none'))
      .map((data) => ({
        subject: data.id,
        message: `${data.name} is personal data (${data.personalData?.categories.join(', ')}) ${data.legalBasis === 'none' ? 'for which no legal basis has been identified' : 'with no legal basis in the model'}.`,
        likelihood: data.legalBasis === 'none' ? 4 : undefined,
        impact: data.personalData?.sensitive ? 5 : undefined,
      }));
  },
};
