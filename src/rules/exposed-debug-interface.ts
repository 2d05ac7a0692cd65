import type { Rating, RiskRule } from './rule.js';

/** Debug kinds reached over the network rather than by touching the board. */
const NETWORK_DEBUG = new Set(['debug-service', 'adb']);

/** Debug ports left open on devices that others can reach: a root shell for anyone with a screwdriver or a cable. */
export const exposedDebugInterface: RiskRule = {
  meta: {
    id: 'exposed-debug-interface',
    title: 'Debug interface open on a device others can reach',
    description:
      'A UART, JTAG or network debug interface left open in production gives whoever reaches the device a shell or a memory dump, from which firmware, keys and other devices follow.',
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
      const reachable = publicSpace || device.physicalExposure === 'customer-premises';
      const open = device.debugInterfaces.filter((d) =>
        NETWORK_DEBUG.has(d.kind)
          ? d.state === 'enabled'
          : reachable && (d.state === 'enabled' || (d.physicallyAccessible === true && d.state !== 'disabled')),
      );
      if (open.length === 0) return [];
      const outside = open.some((d) => d.physicallyAccessible === true && d.state === 'enabled');
      const list = open
        .map((d) => `${d.kind} ${d.state}${d.physicallyAccessible ? ' and reachable without opening the case' : ''}`)
        .join(', ');
      const where = publicSpace ? ' in a public space' : reachable ? ' at customer premises' : '';
      return [
        {
          subject: device.id,
          message: `${device.name}${where} has open debug interfaces: ${list}.`,
          likelihood: Math.min(5, 3 + (publicSpace ? 1 : 0) + (outside ? 1 : 0)) as Rating,
        },
      ];
    });
  },
};
