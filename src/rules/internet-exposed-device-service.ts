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
    mitigations: [
      'minimise-interfaces-and-services',
      'network-selection-and-segmentation',
      'user-no-inbound-internet-exposure',
    ],
    references: ['owasp-iot-top10-2018:I2', 'eu-cra:I.2(j)'],
  },
  check(graph) {
    return graph.devices().flatMap((device) => {
      const services = device.services.filter((s) => s.enabled && s.exposure === 'internet');
      if (services.length === 0) return [];
      const open = services.some((s) => !graph.isAuthenticated(s));
      const powerful = services.some((s) => POWERFUL.has(s.purpose));
      const list = services
        .map((s) => `${s.protocol.toUpperCase()}${s.port ? ` ${s.port}` : ''} (${s.purpose})`)
        .join(', ');
      return [
        {
          subject: device.id,
          message: `${device.name} exposes ${list} to the internet${open ? ', not all of it authenticated' : ''}.`,
          likelihood: open ? 5 : undefined,
          impact: powerful || device.safetyRelevant ? 5 : undefined,
        },
      ];
    });
  },
};
