import { allHold, decide, withoutLegalBasis } from './decide.js';
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
    likelihood: 4,
    impact: 4,
    // Identifying a basis for each kind of data (by the provider, and by a user who deploys sensing) removes the
    // cause; accountability reviews and consent handling keep it valid.
    mitigations: ['legal-basis-per-data-asset', 'user-define-sensing-purpose'],
    supporting: ['privacy-accountability-and-audit', 'consent-management'],
    // Lawfulness sits in 29100's purpose legitimacy principle; consent is only one of the bases it allows.
    references: ['iso-iec-29100:5.3'],
    asks: ['legalBasis'],
  },
  check(graph) {
    return graph.model.dataAssets
      .filter((d) => d.personalData !== undefined)
      .flatMap((data) => {
        const what = `${data.name} is personal data (${data.personalData?.categories.join(', ')})`;
        return decide(
          allHold({ legalBasis: withoutLegalBasis(data) }),
          data.id,
          () => `${what}; the legal basis for processing it is not stated (for the asset or for each purpose).`,
          () => {
            const purposes = data.purposes.filter((p) => p.legalBasis === 'none').map((p) => p.purpose);
            return {
              subject: data.id,
              message: `${what} for which no legal basis has been identified${purposes.length > 0 ? ` (${purposes.join('; ')})` : ''}.`,
              impact: data.personalData?.sensitive ? 5 : undefined,
              adjustment: data.personalData?.sensitive ? 'it is sensitive personal data' : undefined,
            };
          },
        );
      });
  },
};
