import { allHold, decide } from './decide.js';
import type { RiskRule } from './rule.js';

/** Devices too small to defend themselves, placed where attackers can reach them directly. */
export const constrainedDeviceOnUntrustedNetwork: RiskRule = {
  meta: {
    id: 'constrained-device-on-untrusted-network',
    title: 'Constrained device reachable from an untrusted network',
    description:
      'A resource-constrained device cannot afford strong cryptography, rate limiting or frequent updates, so it relies on a gateway or network that shields it; in an untrusted zone or exposed to the internet, nothing does.',
    riskSource: 'scd-constrained-resources',
    stride: ['spoofing', 'tampering', 'information-disclosure', 'denial-of-service'],
    likelihood: 3,
    impact: 3,
    // Putting the device behind a network that shields it removes the exposure; a mediating gateway contains it.
    mitigations: [
      'network-selection-and-segmentation',
      'user-network-segmentation',
      'user-no-inbound-internet-exposure',
    ],
    supporting: ['heterogeneous-device-integration'],
    asks: ['zone'],
  },
  check(graph) {
    // Being constrained is an exemption a model claims (`constrained: true`); unstated, a device is not taken to be.
    return graph
      .devices()
      .filter((device) => device.constrained === true)
      .flatMap((device) => {
        const zone = graph.zoneOf(device);
        const untrusted = zone?.trust === 'untrusted';
        const internet = device.services.some((s) => s.enabled && s.exposure === 'internet');
        const causes = [
          ...(untrusted && zone ? [`sits in the untrusted zone ${zone.name}`] : []),
          ...(internet ? ['has a service reachable from the internet'] : []),
        ];
        return decide(
          allHold({ zone: causes.length > 0 ? true : zone === undefined ? 'unknown' : false }),
          device.id,
          () => `${device.name} is resource-constrained; the zone it is in is not stated.`,
          () => ({
            subject: device.id,
            message: `${device.name} is resource-constrained and ${causes.join(' and ')}.`,
            likelihood: internet ? 4 : undefined,
            impact: device.safetyRelevant ? 4 : undefined,
            adjustment:
              [
                ...(internet ? ['internet scanners reach it directly'] : []),
                ...(device.safetyRelevant ? ['it is safety-relevant'] : []),
              ].join('; ') || undefined,
          }),
        );
      });
  },
};
