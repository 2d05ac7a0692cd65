import type { Rating, RiskRule } from './rule.js';

/** Devices within others' reach that would boot whatever firmware is written to them. */
export const noSecureBoot: RiskRule = {
  meta: {
    id: 'no-secure-boot',
    title: 'Physically exposed device boots unverified software',
    description:
      'A device that does not verify its software at boot runs modified firmware once someone reflashes it, through a port or a flash clip, and a compromise survives every restart.',
    riskSource: 'scd-physical-access',
    stride: ['tampering', 'elevation-of-privilege'],
    likelihood: 2,
    impact: 4,
    mitigations: ['secure-boot-and-tamper-response', 'physical-hardening', 'user-secure-physical-installation'],
    references: ['owasp-iot-top10-2018:I10', 'etsi-en-303-645:5.7-1'],
  },
  check(graph) {
    return graph
      .devices()
      .filter((device) => device.secureBoot !== true)
      .filter((d) => d.physicalExposure === 'public-space' || d.physicalExposure === 'customer-premises')
      .map((device) => {
        const publicSpace = device.physicalExposure === 'public-space';
        const likelihood = ((publicSpace ? 3 : 2) - (device.tamperDetection ? 1 : 0)) as Rating;
        const what = device.secureBoot === false ? 'has no secure boot' : 'is not stated to have secure boot';
        return {
          subject: device.id,
          message: `${device.name} ${what} and is ${publicSpace ? 'in a public space' : 'at customer premises'}${device.tamperDetection ? ', though it detects tampering' : ''}.`,
          likelihood: likelihood === 2 ? undefined : likelihood,
        };
      });
  },
};
