import { RADIO_PROTOCOLS } from '../model/vocabulary.js';
import type { RiskRule } from './rule.js';

/** Data or commands that leave a trust zone without encryption. Radio links are unprotected-radio-link's concern. */
export const cleartextAcrossBoundary: RiskRule = {
  meta: {
    id: 'cleartext-across-boundary',
    title: 'Unencrypted communication crosses a trust boundary',
    description:
      'A flow between two zones is not encrypted, so anyone on the path between them can read it and, without integrity protection, change it.',
    riskSource: 'asd-unprotected-communication',
    stride: ['information-disclosure', 'tampering'],
    likelihood: 4,
    impact: 3,
    mitigations: ['secure-communication', 'personal-data-in-transit-protection'],
    references: ['owasp-iot-top10-2018:I7'],
  },
  check(graph) {
    return graph.model.flows
      .filter((flow) => graph.crossesBoundary(flow) && !graph.isEncrypted(flow) && !RADIO_PROTOCOLS.has(flow.protocol))
      .map((flow) => {
        const from = graph.element(flow.from);
        const to = graph.element(flow.to);
        const personal = graph.personalDataIn(flow);
        const untrusted = graph.touchesUntrustedZone(flow);
        const what = flow.encryption === 'unknown' ? 'with no stated encryption' : 'in cleartext';
        return {
          subject: flow.id,
          related: [flow.from, flow.to],
          message: `${flow.protocol.toUpperCase()} from ${from.name} (${from.zone}) to ${to.name} (${to.zone}) travels ${what}${personal.length > 0 ? `, carrying personal data (${personal.map((d) => d.name).join(', ')})` : ''}.`,
          likelihood: untrusted ? 5 : undefined,
          impact: personal.some((d) => d.personalData?.sensitive) ? 5 : personal.length > 0 ? 4 : undefined,
        };
      });
  },
};
