import type { RiskRule } from './rule.js';

/** Devices sold without a stated, published end date for security updates. */
export const noDefinedSupportPeriod: RiskRule = {
  meta: {
    id: 'no-defined-support-period',
    title: 'No published support period for security updates',
    description:
      'When the end of security updates is not defined and published, buyers cannot plan replacement and keep devices in use long after fixes have stopped.',
    riskSource: 'omd-end-of-support',
    stride: ['elevation-of-privilege'],
    likelihood: 3,
    impact: 3,
    mitigations: ['defined-support-period', 'user-plan-end-of-support', 'user-procurement-security-requirements'],
    references: ['uk-psti:3', 'etsi-en-303-645:5.3-13'],
  },
  check(graph) {
    if (graph.devices().length === 0) return [];
    const { system } = graph.model;
    const period = system.lifecycle?.supportPeriod;
    if (period?.published === true) return [];
    return [
      {
        subject: graph.systemId,
        message: period
          ? `${system.name} defines a support period until ${period.end} but does not publish it.`
          : `${system.name} defines no support period for security updates (system.lifecycle.supportPeriod).`,
        likelihood: period ? 2 : undefined,
      },
    ];
  },
};
