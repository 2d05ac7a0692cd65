import type { RiskRule } from './rule.js';

/** Devices whose software the model says cannot be updated: every vulnerability found later stays for good. */
export const noUpdateMechanism: RiskRule = {
  meta: {
    id: 'no-update-mechanism',
    title: 'Device software cannot be updated',
    description:
      'A device without any update mechanism keeps every vulnerability found after it ships for the rest of its life, so it must be isolated or replaced instead of patched.',
    riskSource: 'scd-outdated-device-software',
    stride: ['elevation-of-privilege', 'tampering'],
    likelihood: 3,
    impact: 4,
    mitigations: ['secure-update-mechanism', 'non-updateable-device-handling', 'user-isolate-non-updateable-devices'],
    references: ['owasp-iot-top10-2018:I4', 'etsi-en-303-645:5.3-14', 'eu-cra:I.2(c)'],
  },
  check(graph) {
    return graph
      .devices()
      .filter((device) => device.update?.mechanism === 'none')
      .map((device) => {
        const exposed = device.services.some((s) => s.enabled && s.exposure === 'internet');
        return {
          subject: device.id,
          message: `${device.name} has no update mechanism, so vulnerabilities in its software cannot be fixed${exposed ? ', and it has a service reachable from the internet' : ''}.`,
          likelihood: exposed ? 5 : undefined,
        };
      });
  },
};
