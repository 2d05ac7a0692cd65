import { allHold, decide } from './decide.js';
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
    // An update mechanism removes the cause; isolating the device and a replacement route contain it.
    mitigations: ['secure-update-mechanism'],
    supporting: ['non-updateable-device-handling', 'user-isolate-non-updateable-devices'],
    references: ['owasp-iot-top10-2018:I4', 'etsi-en-303-645:5.3-14', 'eu-cra:I.2(c)'],
    asks: ['update.mechanism'],
  },
  check(graph) {
    return graph.devices().flatMap((device) => {
      const mechanism = device.update?.mechanism;
      return decide(
        allHold({ 'update.mechanism': mechanism === undefined ? 'unknown' : mechanism === 'none' }),
        device.id,
        () => `Whether and how the software of ${device.name} can be updated is not stated.`,
        () => {
          const exposed = device.services.some((s) => s.enabled && s.exposure === 'internet');
          return {
            subject: device.id,
            message: `${device.name} has no update mechanism, so vulnerabilities in its software cannot be fixed${exposed ? ', and it has a service reachable from the internet' : ''}.`,
            likelihood: exposed ? 5 : undefined,
            adjustment: exposed ? 'a service reachable from the internet exposes its unfixable flaws' : undefined,
          };
        },
      );
    });
  },
};
