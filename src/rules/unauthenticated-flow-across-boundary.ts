import type { RiskRule } from './rule.js';

/** Network plumbing that is unauthenticated by design; other rules and controls deal with it. */
const PLUMBING_PROTOCOLS = new Set(['dns', 'mdns', 'ssdp', 'ntp']);
const COMMANDING = new Set(['control', 'admin', 'update', 'remote-access']);

/** Flows from one zone into another whose receiver does not check who sent them. */
export const unauthenticatedFlowAcrossBoundary: RiskRule = {
  meta: {
    id: 'unauthenticated-flow-across-boundary',
    title: 'Unauthenticated communication crosses a trust boundary',
    description:
      'A receiver that accepts data or commands from another zone without authenticating the sender lets anyone who reaches it there inject false readings, forged commands or malicious updates.',
    riskSource: 'asd-unprotected-communication',
    stride: ['spoofing', 'tampering'],
    likelihood: 3,
    impact: 3,
    mitigations: ['cryptographic-authentication', 'authenticate-before-access', 'secure-communication'],
    references: ['eu-cra:I.2(d)', 'eu-cra:I.2(f)'],
  },
  check(graph) {
    return graph.model.flows
      .filter((flow) => graph.crossesBoundary(flow) && !graph.isAuthenticated(flow))
      .filter((flow) => flow.purpose !== 'discovery' && !PLUMBING_PROTOCOLS.has(flow.protocol))
      .map((flow) => {
        const from = graph.element(flow.from);
        const to = graph.element(flow.to);
        const inward = graph.entersMoreTrustedZone(flow);
        const fromUntrusted = graph.zoneOf(from)?.trust === 'untrusted';
        const what = flow.authentication === 'unknown' ? 'with no stated authentication' : 'without authentication';
        return {
          subject: flow.id,
          related: [flow.from, flow.to],
          message: `${to.name} (${to.zone}) accepts ${flow.protocol.toUpperCase()}${flow.purpose ? ` ${flow.purpose}` : ''} from ${from.name} (${from.zone}) ${what}${inward ? ', into a more trusted zone' : ''}.`,
          likelihood: inward ? (fromUntrusted ? 5 : 4) : undefined,
          impact: COMMANDING.has(flow.purpose ?? '') ? 4 : undefined,
        };
      });
  },
};
