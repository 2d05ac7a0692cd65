import { NETWORK_DEBUG_KINDS } from '../model/vocabulary.js';
import type { Rating, RiskRule } from './rule.js';

/** Debug ports left open on devices that others can touch: a root shell for anyone with a screwdriver or a cable. */
export const physicalDebugPort: RiskRule = {
  meta: {
    id: 'physical-debug-port',
    title: 'Physical debug port open on a device others can reach',
    description:
      'A UART, JTAG, SWD or USB debug port left open in production gives whoever can touch the device a shell or a memory dump, from which firmware, keys and other devices follow.',
    riskSource: 'scd-physical-access',
    stride: ['tampering', 'information-disclosure', 'elevation-of-privilege'],
    likelihood: 3,
    impact: 4,
    mitigations: ['debug-interface-protection', 'physical-hardening', 'user-secure-physical-installation'],
    references: ['owasp-iot-top10-2018:I10', 'etsi-en-303-645:5.6-4A', 'etsi-en-303-645:5.6-4B'],
  },
  check(graph) {
    return graph.devices().flatMap((device) => {
      const publicSpace = device.physicalExposure === 'public-space';
      if (!publicSpace && device.physicalExposure !== 'customer-premises') return [];
      const open = device.debugInterfaces.filter(
        (d) =>
          !NETWORK_DEBUG_KINDS.has(d.kind) &&
          (d.state === 'enabled' || (d.physicallyAccessible === true && d.state !== 'disabled')),
      );
      if (open.length === 0) return [];
      const outside = open.some((d) => d.physicallyAccessible === true && d.state === 'enabled');
      const list = open
        .map((d) => `${d.kind} ${d.state}${d.physicallyAccessible ? ' and reachable without opening the case' : ''}`)
        .join(', ');
      return [
        {
          subject: device.id,
          message: `${device.name} ${publicSpace ? 'in a public space' : 'at customer premises'} has open debug ports: ${list}.`,
          likelihood: Math.min(5, 3 + (publicSpace ? 1 : 0) + (outside ? 1 : 0)) as Rating,
        },
      ];
    });
  },
};
