import { NETWORK_DEBUG_KINDS } from '../model/vocabulary.js';
import { allHold, decide, listed, whereReachable, withinPhysicalReach } from './decide.js';
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
    // Disabling or locking the port removes the cause; enclosures and careful mounting keep hands off it.
    mitigations: ['debug-interface-protection'],
    supporting: ['physical-hardening', 'user-secure-physical-installation'],
    references: ['owasp-iot-top10-2018:I10', 'etsi-en-303-645:5.6-4A', 'etsi-en-303-645:5.6-4B'],
    asks: ['physicalExposure', 'debugInterfaces'],
  },
  check(graph) {
    return graph.devices().flatMap((device) => {
      const open = device.debugInterfaces.filter(
        (d) =>
          !NETWORK_DEBUG_KINDS.has(d.kind) &&
          (d.state === 'enabled' || (d.physicallyAccessible === true && d.state !== 'disabled')),
      );
      const where = whereReachable(device);
      return decide(
        allHold({
          physicalExposure: withinPhysicalReach(device),
          debugInterfaces: listed(device, 'debugInterfaces', () => open.length > 0),
        }),
        device.id,
        (keys) =>
          keys.includes('debugInterfaces')
            ? `Whether ${device.name} has physical debug ports, and in which state, is not stated${keys.length === 2 ? ', nor who can reach it' : ''}.`
            : `${device.name} has open debug ports; who can physically reach it is not stated.`,
        () => {
          const publicSpace = device.physicalExposure === 'public-space';
          const outside = open.some((d) => d.physicallyAccessible === true && d.state === 'enabled');
          const list = open
            .map(
              (d) => `${d.kind} ${d.state}${d.physicallyAccessible ? ' and reachable without opening the case' : ''}`,
            )
            .join(', ');
          return {
            subject: device.id,
            message: `${device.name} ${where} has open debug ports: ${list}.`,
            likelihood: Math.min(5, 3 + (publicSpace ? 1 : 0) + (outside ? 1 : 0)) as Rating,
            adjustment:
              [
                ...(publicSpace ? ['anyone can reach it in a public space'] : []),
                ...(outside ? ['an open port is reachable without opening the case'] : []),
              ].join('; ') || undefined,
          };
        },
      );
    });
  },
};
