import type { RiskRule, RiskRuleMeta } from './rule.js';
import { clientsWithoutServerAuthentication } from './server-authentication.js';

const APP_KINDS = new Set(['mobile-app', 'web-app', 'hmi']);

const meta: RiskRuleMeta = {
  id: 'app-without-server-authentication',
  title: 'App does not authenticate the server it talks to',
  description:
    'An app that does not check the server certificate hands its login, tokens and data to whoever sits on the network path, such as a rogue Wi-Fi hotspot, and accepts forged responses.',
  riskSource: 'ud-insecure-companion-app',
  stride: ['spoofing', 'information-disclosure', 'tampering'],
  likelihood: 3,
  impact: 4,
  // Certificate validation in the app removes the cause; both controls ask for it.
  mitigations: ['secure-ecosystem-interfaces', 'secure-communication'],
  supporting: ['personal-data-in-transit-protection'],
  references: ['owasp-iot-top10-2018:I3', 'etsi-en-303-645:5.5-1'],
  asks: ['serverAuthenticated'],
};

/** Apps that talk to a server without checking its certificate: anyone on the path can pose as the service. */
export const appWithoutServerAuthentication: RiskRule = {
  meta,
  check(graph) {
    return clientsWithoutServerAuthentication(
      graph,
      meta,
      (e) => APP_KINDS.has(e.kind),
      (_, flows) =>
        flows.some((f) => graph.personalDataIn(f).some((d) => d.personalData?.sensitive))
          ? { impact: 5, why: 'it carries sensitive personal data' }
          : undefined,
    );
  },
};
