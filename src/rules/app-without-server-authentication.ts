import type { RiskRule } from './rule.js';

const APP_KINDS = new Set(['mobile-app', 'web-app', 'hmi']);

/** Apps that talk to a server without checking its certificate: anyone on the path can pose as the service. */
export const appWithoutServerAuthentication: RiskRule = {
  meta: {
    id: 'app-without-server-authentication',
    title: 'App does not authenticate the server it talks to',
    description:
      'An app that does not check the server certificate hands its login, tokens and data to whoever sits on the network path, such as a rogue Wi-Fi hotspot, and accepts forged responses.',
    riskSource: 'ud-insecure-companion-app',
    stride: ['spoofing', 'information-disclosure', 'tampering'],
    likelihood: 3,
    impact: 4,
    mitigations: ['secure-ecosystem-interfaces', 'secure-communication'],
    references: ['owasp-iot-top10-2018:I3', 'etsi-en-303-645:5.5-1'],
  },
  check(graph) {
    return graph.model.flows
      .filter((flow) => flow.serverAuthenticated === false)
      .flatMap((flow) => {
        const from = graph.element(flow.from);
        if (!APP_KINDS.has(from.kind)) return [];
        const to = graph.element(flow.to);
        const untrusted = graph.touchesUntrustedZone(flow);
        const sensitive = graph.personalDataIn(flow).some((d) => d.personalData?.sensitive);
        return [
          {
            subject: flow.id,
            related: [flow.from, flow.to],
            message: `${from.name} connects to ${to.name} over ${flow.protocol.toUpperCase()} without authenticating the server${untrusted ? ', across an untrusted network' : ''}.`,
            likelihood: untrusted ? 4 : undefined,
            impact: sensitive ? 5 : undefined,
          },
        ];
      });
  },
};
