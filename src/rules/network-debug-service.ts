import { NETWORK_DEBUG_KINDS } from '../model/vocabulary.js';
import { allHold, decide, listed } from './decide.js';
import type { RiskRule } from './rule.js';

/** Debug services (ADB, vendor engineering services) left open on the network: no screwdriver needed. */
export const networkDebugService: RiskRule = {
  meta: {
    id: 'network-debug-service',
    title: 'Network debug service open on a device',
    description:
      'An ADB or vendor debug service left enabled in production answers anyone on the same network, or on the internet when exposed, with a shell, file access or firmware, from which keys and other devices follow.',
    riskSource: 'scd-exposed-device-services',
    stride: ['elevation-of-privilege', 'information-disclosure', 'tampering'],
    likelihood: 3,
    impact: 4,
    // Disabling or locking the debug service removes the cause; turning unused features off at installation too.
    mitigations: ['debug-interface-protection', 'minimise-interfaces-and-services'],
    supporting: ['user-disable-unused-features', 'user-network-segmentation'],
    references: ['etsi-en-303-645:5.6-4A', 'owasp-iot-top10-2018:I2'],
    asks: ['debugInterfaces'],
  },
  check(graph) {
    return graph.devices().flatMap((device) => {
      const open = device.debugInterfaces.filter((d) => NETWORK_DEBUG_KINDS.has(d.kind) && d.state === 'enabled');
      return decide(
        allHold({ debugInterfaces: listed(device, 'debugInterfaces', () => open.length > 0) }),
        device.id,
        () => `Whether ${device.name} has debug interfaces, and in which state, is not stated.`,
        () => {
          const untrusted = graph.zoneOf(device)?.trust === 'untrusted';
          return {
            subject: device.id,
            message: `${device.name} has network debug services enabled without authentication: ${open.map((d) => d.kind).join(', ')}${untrusted ? ', in an untrusted zone' : ''}.`,
            likelihood: untrusted ? 5 : undefined,
            adjustment: untrusted ? 'anyone in its untrusted zone can reach the service' : undefined,
          };
        },
      );
    });
  },
};
