import { RADIO_PROTOCOLS } from '../model/vocabulary.js';
import { decide } from './decide.js';
import type { RiskRule, RiskRuleMeta } from './rule.js';
import { perWrittenFlow } from './zone-flows.js';

const meta: RiskRuleMeta = {
  id: 'cleartext-across-boundary',
  title: 'Unencrypted communication crosses a trust boundary',
  description:
    'A flow between two zones is not encrypted, so anyone on the path between them can read it and, without integrity protection, change it.',
  riskSource: 'asd-unprotected-communication',
  stride: ['information-disclosure', 'tampering'],
  likelihood: 4,
  impact: 3,
  // Encrypting the flow removes the cause; a private network or tunnel between the zones narrows who is on the path.
  mitigations: ['secure-communication', 'personal-data-in-transit-protection'],
  supporting: ['network-selection-and-segmentation'],
  references: ['owasp-iot-top10-2018:I7'],
  asks: ['encryption'],
};

/** Data or commands that leave a trust zone without encryption. Radio links are unprotected-radio-link's concern. */
export const cleartextAcrossBoundary: RiskRule = {
  meta,
  check(graph) {
    const findings = graph.model.flows
      .filter((flow) => graph.crossesBoundary(flow) && !RADIO_PROTOCOLS.has(flow.protocol))
      .flatMap((flow) => {
        const from = graph.element(flow.from);
        const to = graph.element(flow.to);
        const route = `${flow.protocol.toUpperCase()} from ${from.name} (${from.zone}) to ${to.name} (${to.zone})`;
        return decide(
          flow.encryption === 'unknown' ? ['encryption'] : flow.encryption === 'none',
          flow.id,
          () => `${route} crosses a zone boundary; its encryption is not stated.`,
          () => {
            const personal = graph.personalDataIn(flow);
            const sensitive = personal.some((d) => d.personalData?.sensitive);
            const untrusted = graph.touchesUntrustedZone(flow);
            const reasons = [
              ...(untrusted ? ['one end is in an untrusted zone'] : []),
              ...(personal.length > 0 ? [`it carries ${sensitive ? 'sensitive ' : ''}personal data`] : []),
            ];
            return {
              subject: flow.id,
              related: [flow.from, flow.to],
              message: `${route} travels in cleartext${personal.length > 0 ? `, carrying personal data (${personal.map((d) => d.name).join(', ')})` : ''}.`,
              likelihood: untrusted ? 5 : undefined,
              impact: sensitive ? 5 : personal.length > 0 ? 4 : undefined,
              adjustment: reasons.join('; ') || undefined,
            };
          },
        );
      });
    return perWrittenFlow(graph, meta, findings);
  },
};
