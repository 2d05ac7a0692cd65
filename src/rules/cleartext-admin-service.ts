import type { ModelService } from '../model/types.js';
import { ask, servicesOf } from './decide.js';
import { serviceLabel } from './describe.js';
import type { RiskRule } from './rule.js';

/** Management protocols that send credentials and commands in cleartext whatever they are used for. */
const CLEARTEXT_MANAGEMENT = new Set(['telnet', 'ftp', 'tftp', 'snmp']);

const isCleartextAdmin = (s: ModelService): boolean =>
  s.encryption === 'none' && (CLEARTEXT_MANAGEMENT.has(s.protocol) || (s.protocol === 'http' && s.purpose === 'admin'));

/** Telnet, FTP, TFTP, SNMPv1/v2c or a plain-HTTP admin page left enabled on a device. */
export const cleartextAdminService: RiskRule = {
  meta: {
    id: 'cleartext-admin-service',
    title: 'Device offers a cleartext administration service',
    description:
      'Telnet, FTP, TFTP, SNMPv1/v2c or an admin page over plain HTTP send passwords and commands readable to anyone on the network, and are the first services IoT botnets try.',
    riskSource: 'scd-exposed-device-services',
    stride: ['information-disclosure', 'spoofing', 'elevation-of-privilege'],
    likelihood: 3,
    impact: 4,
    // Switching the service off removes the cause; an encrypted replacement and a separate segment limit it.
    mitigations: ['minimise-interfaces-and-services', 'user-disable-unused-features'],
    supporting: ['secure-communication', 'user-network-segmentation'],
    references: ['owasp-iot-top10-2018:I2', 'etsi-en-303-645:5.5-1', 'etsi-en-303-645:5.6-5'],
    asks: ['services'],
  },
  check(graph) {
    return graph.devices().flatMap((device) => {
      const services = servicesOf(device, isCleartextAdmin);
      if (services === 'unknown')
        return [ask(device.id, ['services'], `The network services of ${device.name} are not stated.`)];
      if (services.length === 0) return [];
      const internet = services.some((s) => s.exposure === 'internet');
      return [
        {
          subject: device.id,
          message: `${device.name} has cleartext management enabled (${services.map(serviceLabel).join(', ')})${internet ? ', reachable from the internet' : ''}.`,
          likelihood: internet ? 5 : undefined,
          adjustment: internet ? 'it is reachable from the internet, where scanners find it within hours' : undefined,
        },
      ];
    });
  },
};
