import type { RiskRule } from './rule.js';

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
    mitigations: ['authenticate-before-access', 'minimise-interfaces-and-services', 'user-network-segmentation'],
    references: ['owasp-iot-top10-2018:I2', 'etsi-en-303-645:5.5-4', 'eu-cra:I.2(d)'],
  },
  check(graph) {
    return graph.devices().flatMap((device) => {
      const services = device.services.filter(
        (s) => s.enabled && SENSITIVE_PURPOSES.has(s.purpose) && !graph.isAuthenticated(s),
      );
      if (services.length === 0) return [];
      const internet = services.some((s) => s.exposure === 'internet');
      const commanding = services.some((s) => COMMANDING.has(s.purpose));
      const list = services
        .map(
          (s) =>
            `${s.protocol.toUpperCase()}${s.port ? ` ${s.port}` : ''} (${s.purpose}, ${s.authentication === 'none' ? 'no authentication' : 'authentication not stated'})`,
        )
        .join(', ');
      return [
        {
          subject: device.id,
          message: `${device.name} serves ${list}${internet ? ', reachable from the internet' : ''}.`,
          likelihood: internet ? 5 : undefined,
          impact: commanding && device.safetyRelevant ? 5 : undefined,
        },
      ];
    });
  },
};
