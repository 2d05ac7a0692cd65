import { ask, servicesOf } from './decide.js';
import { serviceLabel } from './describe.js';
import type { RiskRule, RuleFinding } from './rule.js';

/** Service purposes where an anonymous caller reads data or changes what the device does. */
const SENSITIVE_PURPOSES = new Set(['admin', 'control', 'data', 'api', 'streaming']);
const COMMANDING = new Set(['admin', 'control']);

/** Device services that anyone who can reach them may use. */
export const unauthenticatedDeviceService: RiskRule = {
  meta: {
    id: 'unauthenticated-device-service',
    title: 'Device service accepts requests without authentication',
    description:
      'A device service for administration, control, data, APIs or streams that does not authenticate its clients lets anyone on the same network, or on the internet when exposed, watch or command the device.',
    riskSource: 'scd-exposed-device-services',
    stride: ['spoofing', 'elevation-of-privilege', 'information-disclosure'],
    likelihood: 3,
    impact: 4,
    // Authenticating every caller removes the cause; fewer services and a separate segment shrink who can call.
    mitigations: ['authenticate-before-access'],
    supporting: ['minimise-interfaces-and-services', 'user-network-segmentation'],
    references: ['owasp-iot-top10-2018:I2', 'etsi-en-303-645:5.5-4', 'eu-cra:I.2(d)'],
    asks: ['services', 'services[].authentication'],
  },
  check(graph) {
    return graph.devices().flatMap((device): RuleFinding[] => {
      const services = servicesOf(device, (s) => SENSITIVE_PURPOSES.has(s.purpose));
      if (services === 'unknown')
        return [ask(device.id, ['services'], `The network services of ${device.name} are not stated.`)];
      const open = services.filter((s) => s.authentication === 'none');
      const unsaid = services.filter((s) => s.authentication === 'unknown');
      const questions = unsaid.length
        ? [
            ask(
              device.id,
              ['services[].authentication'],
              `How ${device.name} authenticates callers of ${unsaid.map((s) => `${serviceLabel(s)} (${s.purpose})`).join(', ')} is not stated.`,
            ),
          ]
        : [];
      if (open.length === 0) return questions;
      const internet = open.some((s) => s.exposure === 'internet');
      const unsafe = open.some((s) => COMMANDING.has(s.purpose)) && device.safetyRelevant === true;
      const risk: RuleFinding = {
        subject: device.id,
        message: `${device.name} serves ${open.map((s) => `${serviceLabel(s)} (${s.purpose})`).join(', ')} without authentication${internet ? ', reachable from the internet' : ''}.`,
        likelihood: internet ? 5 : undefined,
        impact: unsafe ? 5 : undefined,
        adjustment:
          [
            ...(internet ? ['it is reachable from the internet'] : []),
            ...(unsafe ? ['anyone who reaches it can command a safety-relevant device'] : []),
          ].join('; ') || undefined,
      };
      return [risk, ...questions];
    });
  },
};
