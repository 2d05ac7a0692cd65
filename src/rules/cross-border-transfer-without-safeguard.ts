import type { RiskRule } from './rule.js';

const norm = (region: string | undefined): string | undefined => region?.trim().toUpperCase();

/** Personal data leaving the data subjects' region with no transfer safeguard. */
export const crossBorderTransferWithoutSafeguard: RiskRule = {
  meta: {
    id: 'cross-border-transfer-without-safeguard',
    title: 'Personal data leaves its region without a transfer safeguard',
    description:
      'Personal data sent to a cloud or partner in another jurisdiction without adequacy, contract clauses or another safeguard loses the protection of the law where the people live, and may be unlawful to send at all.',
    riskSource: 'priv-cross-border-transfer',
    linddun: ['non-compliance', 'data-disclosure'],
    likelihood: 3,
    impact: 4,
    mitigations: ['cross-border-transfer-safeguards', 'personal-data-inventory', 'user-check-provider-data-handling'],
    references: ['iso-iec-29100:5.12'],
  },
  check(graph) {
    const home = norm(graph.model.system.region);
    if (home === undefined) return [];
    return graph.model.flows.flatMap((flow) => {
      if (flow.transferSafeguard !== undefined && flow.transferSafeguard !== 'none') return [];
      const to = graph.element(flow.to);
      const there = norm(graph.regionOf(to));
      if (there === undefined || there === home) return [];
      const from = graph.element(flow.from);
      if ((norm(graph.regionOf(from)) ?? home) === there) return [];
      const personal = graph.personalDataIn(flow);
      if (personal.length === 0) return [];
      return [
        {
          subject: flow.id,
          related: [flow.from, flow.to],
          message: `${from.name} sends personal data (${personal.map((d) => d.name).join(', ')}) to ${to.name} in ${graph.regionOf(to)}, outside ${graph.model.system.region}, ${flow.transferSafeguard === 'none' ? 'with no' : 'with no stated'} transfer safeguard.`,
          impact: personal.some((d) => d.personalData?.sensitive) ? 5 : undefined,
        },
      ];
    });
  },
};
