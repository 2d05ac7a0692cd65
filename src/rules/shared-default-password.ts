import type { RiskRule } from './rule.js';

/** Devices that all ship with the same password: the Mirai class of IoT compromise. */
export const sharedDefaultPassword: RiskRule = {
  meta: {
    id: 'shared-default-password',
    title: 'Devices share a default password',
    description:
      'Every device of the kind ships with the same password, so one leaked manual or firmware image unlocks the whole fleet; botnets log in with such lists automatically.',
    riskSource: 'scd-weak-device-credentials',
    stride: ['spoofing', 'elevation-of-privilege'],
    likelihood: 5,
    impact: 4,
    mitigations: ['password-credential-quality', 'user-change-default-credentials'],
    references: ['owasp-iot-top10-2018:I1', 'uk-psti:1'],
  },
  check(graph) {
    return graph
      .devices()
      .filter((device) => device.authentication?.passwords === 'shared-default')
      .map((device) => {
        const exposed = device.services.some((s) => s.enabled && s.exposure === 'internet');
        return {
          subject: device.id,
          message: `${device.name} ships with a password shared by every device of its kind${exposed ? ' and has a service reachable from the internet' : ''}.`,
          impact: device.count > 1 || exposed ? 5 : undefined,
        };
      });
  },
};
