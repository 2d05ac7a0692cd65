import type { RiskRule } from './rule.js';

/** Commands to something that can hurt people or property, accepted from any sender. */
export const unauthenticatedSafetyControl: RiskRule = {
  meta: {
    id: 'unauthenticated-safety-control',
    title: 'Safety-relevant element accepts unauthenticated commands',
    description:
      'A lock, valve, heater or machine that does not authenticate who sends it control commands can be made to act by anyone who can reach the flow, with physical harm as the result.',
    riskSource: 'scd-unsafe-actuation',
    stride: ['spoofing', 'tampering'],
    likelihood: 3,
    impact: 5,
    mitigations: ['actuator-command-protection', 'cryptographic-authentication', 'safety-security-co-engineering'],
    references: ['etsi-en-303-645:5.5-4', 'eu-cra:I.2(f)'],
  },
  check(graph) {
    return graph.model.flows
      .filter((flow) => flow.purpose === 'control' && !graph.isAuthenticated(flow))
      .flatMap((flow) => {
        const to = graph.element(flow.to);
        if (to.safetyRelevant !== true) return [];
        const from = graph.element(flow.from);
        const untrusted = graph.touchesUntrustedZone(flow);
        const crosses = graph.crossesBoundary(flow);
        const what = flow.authentication === 'unknown' ? 'without stated authentication' : 'without authentication';
        return [
          {
            subject: flow.id,
            related: [flow.from, flow.to],
            message: `${to.name} is safety-relevant and takes control commands from ${from.name} over ${flow.protocol.toUpperCase()} ${what}${crosses ? ', across a zone boundary' : ''}.`,
            likelihood: untrusted ? 5 : crosses ? 4 : undefined,
          },
        ];
      });
  },
};
