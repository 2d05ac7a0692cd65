import type { RiskRule, RiskRuleMeta } from './rule.js';
import { clientsWithoutServerAuthentication } from './server-authentication.js';

const meta: RiskRuleMeta = {
  id: 'device-without-server-authentication',
  title: 'Device does not authenticate the service it connects to',
  description:
    'A device that sends to a service without checking its certificate talks to whoever answers in its place: a rogue access point, a DNS spoof or a compromised router collects its data and credentials and feeds it forged configuration, commands or updates.',
  riskSource: 'asd-unprotected-communication',
  stride: ['spoofing', 'information-disclosure', 'tampering'],
  likelihood: 3,
  impact: 4,
  // Checking the server's certificate (or mutual authentication) removes the cause; signed updates contain the worst
  // outcome, a forged update.
  mitigations: ['secure-communication', 'cryptographic-authentication'],
  supporting: ['authenticated-updates', 'device-credential-lifecycle'],
  references: ['etsi-en-303-645:5.5-1', 'eu-cra:I.2(f)'],
  asks: ['serverAuthenticated'],
};

/** Devices whose connections to services do not check who answers. */
export const deviceWithoutServerAuthentication: RiskRule = {
  meta,
  check(graph) {
    return clientsWithoutServerAuthentication(
      graph,
      meta,
      (e) => graph.isDevice(e),
      (device, flows) => {
        if (device.update?.signed === false && flows.some((f) => f.purpose === 'update'))
          return { impact: 5, why: 'it fetches updates this way and does not verify their signature' };
        return device.safetyRelevant === true ? { impact: 5, why: 'the device is safety-relevant' } : undefined;
      },
    );
  },
};
