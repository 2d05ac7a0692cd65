import type { ZoneKind } from '../model/vocabulary.js';
import type { RiskRule } from './rule.js';

/** Zones the site does not run and cannot keep available: the internet, a cloud, a supplier's own network. */
const OFF_SITE: ReadonlySet<ZoneKind> = new Set(['internet', 'cloud', 'vendor-network']);

/** Safety-relevant elements that only off-site services can command: an outage there leaves them without control. */
export const cloudDependentSafetyFunction: RiskRule = {
  meta: {
    id: 'cloud-dependent-safety-function',
    title: 'Safety-relevant element is controlled only from off-site services',
    description:
      'A lock, valve, heater or machine whose every control path runs through a cloud or vendor service cannot be commanded when the internet link, the cloud or the vendor fails, and nobody on site can step in.',
    riskSource: 'out-infrastructure-failure',
    stride: ['denial-of-service'],
    likelihood: 3,
    impact: 4,
    mitigations: [
      'safety-security-co-engineering',
      'actuator-command-protection',
      'resilience-to-outages',
      'user-outage-resilience',
    ],
    references: ['etsi-en-303-645:5.9-2', 'eu-cra:I.2(h)'],
  },
  check(graph) {
    // A zone the model does not state is not taken to be off site, so no finding rests on a guess.
    const offSite = (id: string) => {
      const kind = graph.zoneOf(graph.element(id))?.kind;
      return kind !== undefined && OFF_SITE.has(kind);
    };
    return [...graph.elements.values()].flatMap((element) => {
      if (element.safetyRelevant !== true || offSite(element.id)) return [];
      const commands = (graph.flowsTo.get(element.id) ?? []).filter((f) => f.purpose === 'control');
      if (commands.length === 0 || !commands.every((f) => offSite(f.from))) return [];
      const sources = [...new Set(commands.map((f) => f.from))];
      return [
        {
          subject: element.id,
          related: sources,
          message: `${element.name} is safety-relevant and takes control commands only from ${sources.map((id) => graph.element(id).name).join(', ')} off site; an internet, cloud or vendor outage leaves it without control.`,
        },
      ];
    });
  },
};
