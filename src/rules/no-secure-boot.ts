import { allHold, decide, lacks, whereReachable, withinPhysicalReach } from './decide.js';
import type { Rating, RiskRule } from './rule.js';

/** Places where others than the operator can reach a device; a public space most easily. */

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
    // Verified boot removes the cause; enclosures and careful mounting make the reflash harder.
    mitigations: ['secure-boot-and-tamper-response'],
    supporting: ['physical-hardening', 'user-secure-physical-installation'],
    references: ['owasp-iot-top10-2018:I10', 'etsi-en-303-645:5.7-1'],
    asks: ['physicalExposure', 'secureBoot'],
  },
  check(graph) {
    return graph.devices().flatMap((device) => {
      const where = whereReachable(device);
      return decide(
        allHold({
          physicalExposure: withinPhysicalReach(device),
          secureBoot: lacks(device.secureBoot),
        }),
        device.id,
        (keys) =>
          keys.length === 2
            ? `Where ${device.name} stands, and whether it verifies its software at boot, is not stated.`
            : keys[0] === 'secureBoot'
              ? `${device.name} is ${where}; whether it verifies its software at boot is not stated.`
              : `${device.name} has no secure boot; who can physically reach it is not stated.`,
        () => {
          const publicSpace = device.physicalExposure === 'public-space';
          const likelihood = ((publicSpace ? 3 : 2) - (device.tamperDetection ? 1 : 0)) as Rating;
          return {
            subject: device.id,
            message: `${device.name} has no secure boot and is ${where}${device.tamperDetection ? ', though it detects tampering' : ''}.`,
            likelihood: likelihood === 2 ? undefined : likelihood,
            adjustment:
              [
                ...(publicSpace ? ['anyone can reach it in a public space'] : []),
                ...(device.tamperDetection ? ['it detects opening or tampering, so a reflash is noticed'] : []),
              ].join('; ') || undefined,
          };
        },
      );
    });
  },
};
