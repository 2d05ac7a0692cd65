import { actsOnWorld, commandReach, offSite } from './actuation.js';
import { ask } from './decide.js';
import { namesOf } from './describe.js';
import type { RiskRule, RuleFinding } from './rule.js';

/** How many devices that act on the world make a fleet whose simultaneous misuse is a risk of its own. */
export const FLEET = 10;
const CENTRAL_KINDS = new Set(['cloud-service', 'management-service', 'api-gateway']);

/**
 * One central service that can command many actuators or safety-relevant devices at once: whoever takes it over, or
 * a faulty release of it, switches the whole fleet together.
 */
export const fleetWideActuation: RiskRule = {
  meta: {
    id: 'fleet-wide-actuation',
    title: 'One service can command a whole fleet of actuators at once',
    description: `A cloud or management service that commands ${FLEET} or more actuators or safety-relevant devices can switch, open or stop all of them together when it is taken over, misconfigured or shipped with a bug: mass unlocking, heating or load switching that no single device failure would cause.`,
    riskSource: 'scd-unsafe-actuation',
    stride: ['tampering', 'elevation-of-privilege', 'denial-of-service'],
    likelihood: 2,
    impact: 5,
    // Devices that check each command against safe limits, and authorisation that scopes each command to the
    // devices its issuer owns, stop one service acting on all; a joint safety analysis and monitoring contain it.
    mitigations: ['actuator-command-protection', 'secure-ecosystem-interfaces'],
    supporting: ['safety-security-co-engineering', 'security-monitoring-and-anomaly-detection'],
    references: ['eu-cra:I.2(h)'],
    asks: ['safetyRelevant'],
  },
  check(graph) {
    return graph.model.elements
      .filter((e) => !graph.isDevice(e) && (CENTRAL_KINDS.has(e.kind) || offSite(graph, e)))
      .flatMap((service): RuleFinding[] => {
        const targets = [...commandReach(graph, service).keys()].map((id) => graph.element(id));
        const acting = targets.filter((t) => actsOnWorld(graph, t) === true);
        const unsure = targets.filter((t) => actsOnWorld(graph, t) === 'unknown');
        const sure = acting.reduce((n, t) => n + t.count, 0);
        if (sure < FLEET)
          return sure + unsure.reduce((n, t) => n + t.count, 0) >= FLEET
            ? unsure.map((t) =>
                ask(
                  t.id,
                  ['safetyRelevant'],
                  `${service.name} commands ${t.name} (${t.count}) among many devices; whether it is safety-relevant is not stated.`,
                ),
              )
            : [];
        const safety = acting.some((t) => t.safetyRelevant === true);
        return [
          {
            subject: service.id,
            related: acting.map((t) => t.id),
            message: `${service.name} can command ${sure} devices that act on the world at once (${namesOf(
              graph,
              acting.map((t) => t.id),
            )}).`,
            impact: safety ? undefined : 4,
            adjustment: safety ? undefined : 'none of the devices is stated to be safety-relevant',
          },
        ];
      });
  },
};
