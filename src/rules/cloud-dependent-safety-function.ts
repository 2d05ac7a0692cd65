import type { Truth } from '../model/condition.js';
import { offSite, safetyRelevant } from './actuation.js';
import { allHold, decide } from './decide.js';
import { namesOf } from './describe.js';
import type { RiskRule } from './rule.js';

/**
 * Safety-relevant elements that stop when the cloud or the network is down: stated so (`worksOffline: false`), or
 * commanded only from off-site services, so that nobody on site can step in.
 */
export const cloudDependentSafetyFunction: RiskRule = {
  meta: {
    id: 'cloud-dependent-safety-function',
    title: 'Safety-relevant function stops when the cloud or network is down',
    description:
      'A lock, valve, heater or machine that needs the cloud or the network to work, or whose every control path runs through a cloud or vendor service, cannot be commanded or kept safe when the internet link, the cloud or the vendor fails, and nobody on site can step in.',
    riskSource: 'out-infrastructure-failure',
    stride: ['denial-of-service'],
    likelihood: 3,
    impact: 4,
    // Local operation and safety interlocks independent of the cloud remove the dependency; a safe state on loss of
    // connectivity and a user's outage plan contain it.
    mitigations: ['resilience-to-outages', 'safety-security-co-engineering'],
    supporting: ['actuator-command-protection', 'user-outage-resilience'],
    references: ['etsi-en-303-645:5.9-2', 'eu-cra:I.2(h)'],
    asks: ['safetyRelevant', 'worksOffline'],
  },
  check(graph) {
    return graph.model.elements
      .filter((e) => !offSite(graph, e))
      .flatMap((element) => {
        const commands = (graph.flowsTo.get(element.id) ?? []).filter((f) => f.purpose === 'control');
        const remoteOnly = commands.length > 0 && commands.every((f) => offSite(graph, graph.element(f.from)));
        const stops: Truth =
          element.worksOffline === undefined ? (remoteOnly ? true : 'unknown') : !element.worksOffline;
        const sources = [...new Set(commands.map((f) => f.from))];
        return decide(
          allHold({ safetyRelevant: safetyRelevant(graph, element), worksOffline: stops }),
          element.id,
          (keys) =>
            keys.length === 2
              ? `Whether ${element.name} is safety-relevant, and whether it keeps working without the cloud or network, is not stated.`
              : keys[0] === 'worksOffline'
                ? `${element.name} is safety-relevant; whether it keeps working when the cloud or network is down is not stated.`
                : `${element.name} ${remoteOnly ? 'is commanded only from off site' : 'stops without the cloud or network'}; whether it is safety-relevant is not stated.`,
          () => ({
            subject: element.id,
            related: remoteOnly ? sources : undefined,
            message: remoteOnly
              ? `${element.name} is safety-relevant and takes control commands only from ${namesOf(graph, sources)} off site; an internet, cloud or vendor outage leaves it without control.`
              : `${element.name} is safety-relevant and stops working when the cloud or network is down.`,
          }),
        );
      });
  },
};
