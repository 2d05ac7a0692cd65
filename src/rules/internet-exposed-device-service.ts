import { ask, servicesOf } from './decide.js';
import { serviceLabel } from './describe.js';
import type { RiskRule } from './rule.js';

const POWERFUL = new Set(['admin', 'control', 'debug', 'remote-access']);

/** Device services reachable from the internet through port forwarding, UPnP or a public address. */
export const internetExposedDeviceService: RiskRule = {
  meta: {
    id: 'internet-exposed-device-service',
    title: 'Device service reachable from the internet',
    description:
      'A device service reachable from the internet is found within hours by scanners such as Shodan and botnets, and every flaw in it or weak password on it becomes exploitable from anywhere.',
    riskSource: 'raid-internet-exposure',
    stride: ['elevation-of-privilege', 'denial-of-service'],
    likelihood: 4,
    impact: 4,
    // Taking the service off the internet removes the cause; authentication limits what a scanner gets.
    mitigations: [
      'minimise-interfaces-and-services',
      'network-selection-and-segmentation',
      'user-no-inbound-internet-exposure',
    ],
    supporting: ['authenticate-before-access'],
    references: ['owasp-iot-top10-2018:I2', 'eu-cra:I.2(j)'],
    asks: ['services'],
  },
  check(graph) {
    return graph.devices().flatMap((device) => {
      const services = servicesOf(device, (s) => s.exposure === 'internet');
      if (services === 'unknown')
        return [ask(device.id, ['services'], `The network services of ${device.name} are not stated.`)];
      if (services.length === 0) return [];
      const open = services.some((s) => s.authentication === 'none');
      const powerful = services.some((s) => POWERFUL.has(s.purpose));
      const safety = device.safetyRelevant === true;
      return [
        {
          subject: device.id,
          message: `${device.name} exposes ${services.map((s) => `${serviceLabel(s)} (${s.purpose})`).join(', ')} to the internet${open ? ', not all of it authenticated' : ''}.`,
          likelihood: open ? 5 : undefined,
          impact: powerful || safety ? 5 : undefined,
          adjustment:
            [
              ...(open ? ['a service takes requests without authentication'] : []),
              ...(powerful
                ? ['it administers, controls or debugs the device']
                : safety
                  ? ['the device is safety-relevant']
                  : []),
            ].join('; ') || undefined,
        },
      ];
    });
  },
};
