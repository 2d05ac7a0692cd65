import { allHold, decide, lacks } from './decide.js';
import type { RiskRule } from './rule.js';

/** Elements that see logins, configuration changes and traffic for many devices and users. */
const CENTRAL_KINDS = new Set([
  'gateway',
  'hub',
  'cloud-service',
  'management-service',
  'message-broker',
  'api-gateway',
]);
/** Kinds from which the whole fleet or outside parties are reached. */
const FLEET_WIDE = new Set(['management-service', 'api-gateway']);

/** Gateways, hubs and back-end services that keep no record of security events. */
export const noSecurityLogging: RiskRule = {
  meta: {
    id: 'no-security-logging',
    title: 'Security events are not logged',
    description:
      'A gateway, hub or back-end service that does not log logins, failures and configuration changes leaves an intrusion unnoticed and untraceable, across every device that depends on it.',
    riskSource: 'omd-unmonitored-events',
    stride: ['repudiation'],
    likelihood: 3,
    impact: 3,
    // Logging removes the cause; someone watching the logs is what makes them useful.
    mitigations: ['security-event-logging'],
    supporting: ['security-monitoring-and-anomaly-detection', 'user-monitor-devices'],
    references: ['eu-cra:I.2(l)'],
    asks: ['logging.securityEvents'],
  },
  check(graph) {
    return graph.model.elements
      .filter((e) => CENTRAL_KINDS.has(e.kind))
      .flatMap((element) =>
        decide(
          allHold({ 'logging.securityEvents': lacks(element.logging?.securityEvents) }),
          element.id,
          () => `Whether ${element.name} (${element.kind}) logs security events is not stated.`,
          () => {
            const fleet = FLEET_WIDE.has(element.kind);
            return {
              subject: element.id,
              message: `${element.name} (${element.kind}) does not log security events such as logins, failures and configuration changes.`,
              impact: fleet ? 4 : undefined,
              adjustment: fleet ? 'the whole fleet or outside parties are reached through it' : undefined,
            };
          },
        ),
      );
  },
};
