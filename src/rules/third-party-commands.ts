import type { ModelElement } from '../model/types.js';
import { actsOnWorld, commandReach, isCommand } from './actuation.js';
import { ask } from './decide.js';
import { namesOf } from './describe.js';
import type { RiskRule, RuleFinding } from './rule.js';

/**
 * Outside parties whose commands reach actuators or safety-relevant devices: an aggregator switching heat pumps for
 * demand response, a voice platform unlocking doors, an integrator's platform driving a plant. One risk per outside
 * party, since its access is the cause, with the devices its commands reach.
 */
export const thirdPartyCommands: RiskRule = {
  meta: {
    id: 'third-party-commands',
    title: 'An outside party can command actuators or safety-relevant devices',
    description:
      "Commands from an aggregator, a demand-response platform or another integration reach devices that act on the world, directly or through the system's services; a breach, a bug or a bad decision at the outside party switches, opens or stops them, outside the control of the people on site.",
    riskSource: 'raid-third-party-access',
    stride: ['spoofing', 'tampering', 'elevation-of-privilege'],
    likelihood: 3,
    impact: 4,
    // Devices that check commands against safe limits, and interfaces that authorise each command for the devices it
    // may touch, remove the cause; a joint safety analysis and supplier terms limit it.
    mitigations: ['actuator-command-protection', 'secure-ecosystem-interfaces'],
    supporting: ['safety-security-co-engineering', 'supplier-security-management'],
    references: ['eu-cra:I.2(d)'],
    asks: ['safetyRelevant'],
  },
  check(graph) {
    return graph.model.elements
      .filter((e) => graph.isThirdParty(e) && (graph.flowsFrom.get(e.id) ?? []).some(isCommand))
      .flatMap((party): RuleFinding[] => {
        const reach = commandReach(graph, party);
        const targets = [...reach.keys()].map((id) => graph.element(id));
        const acting = targets.filter((t) => actsOnWorld(graph, t) === true);
        const unsure = targets.filter((t) => actsOnWorld(graph, t) === 'unknown');
        if (acting.length === 0)
          return unsure.map((t: ModelElement) =>
            ask(
              t.id,
              ['safetyRelevant'],
              `Commands from the outside party ${party.name} reach ${t.name}; whether it is safety-relevant is not stated.`,
            ),
          );
        const safety = acting.some((t) => t.safetyRelevant === true);
        const open = acting.some((t) => reach.get(t.id)!.authentication === 'none');
        return [
          {
            subject: party.id,
            related: [...new Set(acting.map((t) => reach.get(t.id)!.id)), ...acting.map((t) => t.id)],
            message: `Commands from the outside party ${party.name} reach ${namesOf(
              graph,
              acting.map((t) => t.id),
            )}${open ? ', and the system does not authenticate them' : ''}.`,
            likelihood: open ? 4 : undefined,
            impact: safety ? 5 : undefined,
            adjustment:
              [
                ...(open ? ['its commands enter without authentication'] : []),
                ...(safety ? ['they reach a safety-relevant device'] : []),
              ].join('; ') || undefined,
          },
        ];
      });
  },
};
