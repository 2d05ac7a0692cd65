import type { RiskRule } from './rule.js';

/** Personal data that flows to an outside party with no legal basis recorded for it. */
export const personalDataToThirdParty: RiskRule = {
  meta: {
    id: 'personal-data-to-third-party',
    title: 'Personal data goes to a third party without a legal basis',
    description:
      'Sensor readings, recordings or account data passed to an analytics, advertising or partner organisation without a legal basis are disclosed beyond what the people concerned agreed to, and out of the control of the system.',
    riskSource: 'priv-third-party-disclosure',
    linddun: ['data-disclosure', 'non-compliance'],
    likelihood: 3,
    impact: 4,
    mitigations: ['third-party-disclosure-control', 'consent-management', 'user-check-provider-data-handling'],
    references: ['etsi-en-303-645:6-1', 'owasp-iot-top10-2018:I6'],
  },
  check(graph) {
    return graph.model.flows.flatMap((flow) => {
      const to = graph.element(flow.to);
      if (!graph.isThirdParty(to)) return [];
      const data = graph.personalDataIn(flow).filter((d) => d.legalBasis === undefined || d.legalBasis === 'none');
      if (data.length === 0) return [];
      const from = graph.element(flow.from);
      return [
        {
          subject: flow.id,
          related: [flow.from, flow.to, ...data.map((d) => d.id)],
          message: `${from.name} sends personal data (${data.map((d) => d.name).join(', ')}) to the third party ${to.name} with no legal basis recorded for it.`,
          impact: data.some((d) => d.personalData?.sensitive) ? 5 : undefined,
        },
      ];
    });
  },
};
