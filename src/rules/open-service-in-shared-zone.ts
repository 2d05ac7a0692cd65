import type { SystemGraph } from '../model/graph.js';
import type { ModelElement, ModelFlow, ModelService } from '../model/types.js';
import { RADIO_PROTOCOLS } from '../model/vocabulary.js';
import { ask } from './decide.js';
import { count, serviceLabel } from './describe.js';
import type { RiskRule, RiskRuleMeta, RuleFinding } from './rule.js';
import { perWrittenFlow } from './zone-flows.js';

/** How many device instances make a zone shared: whoever is in it (a compromised device, a visitor) reaches the rest. */
export const SHARED_BY = 10;
/** Network plumbing and discovery are open by design; other rules and controls deal with them. */
const PLUMBING = new Set(['dns', 'mdns', 'ssdp', 'ws-discovery', 'ntp']);
const COMMANDING = new Set(['control', 'admin']);
/** Elements other than devices that listen for traffic: services, stores and operator stations. */
const HOSTS = new Set([
  'edge-service',
  'cloud-service',
  'management-service',
  'message-broker',
  'api-gateway',
  'data-store',
  'hmi',
]);

const isPlumbing = (x: { protocol: string; purpose?: string }) => PLUMBING.has(x.protocol) || x.purpose === 'discovery';

/** The zones each element is in, its own and the zones that contain it. */
function zonesAround(graph: SystemGraph, element: ModelElement): string[] {
  const out: string[] = [];
  for (let zone = graph.zoneOf(element); zone !== undefined && !out.includes(zone.id); ) {
    out.push(zone.id);
    zone = zone.parent === undefined ? undefined : graph.zones.get(zone.parent);
  }
  return out;
}

/** Device instances per zone, counting those in zones nested inside it. */
function devicesPerZone(graph: SystemGraph): Map<string, number> {
  const counts = new Map<string, number>();
  for (const device of graph.devices())
    for (const zone of zonesAround(graph, device)) counts.set(zone, (counts.get(zone) ?? 0) + device.count);
  return counts;
}

/** What is open about a service or a flow: anonymous, cleartext, or both; undefined when neither. */
function openness(x: { authentication: string; encryption: string }): string | undefined {
  const anonymous = x.authentication === 'none';
  const cleartext = x.encryption === 'none';
  if (anonymous && cleartext) return 'anonymous and in cleartext';
  return anonymous ? 'anonymous' : cleartext ? 'in cleartext' : undefined;
}

const meta: RiskRuleMeta = {
  id: 'open-service-in-shared-zone',
  title: 'Open service inside a zone many devices share',
  description: `A broker, edge service or store that takes anonymous or cleartext traffic inside a zone of ${SHARED_BY} or more devices is open to whoever is in that zone: one compromised device, a visitor on the Wi-Fi or a contractor's laptop reads the data of all the others or injects into it, with no boundary to cross.`,
  riskSource: 'raid-weak-access-control',
  stride: ['spoofing', 'information-disclosure', 'tampering'],
  likelihood: 3,
  impact: 3,
  // Authenticated, encrypted access removes the cause; smaller segments shrink who is "in the zone".
  mitigations: ['authenticate-before-access', 'secure-communication'],
  supporting: ['network-selection-and-segmentation', 'user-network-segmentation'],
  references: ['eu-cra:I.2(d)'],
  asks: ['services', 'services[].authentication', 'authentication', 'encryption'],
};

/**
 * Services inside a zone that many devices share, which take anonymous or cleartext traffic: everything in the zone
 * reaches them, boundary or not. Device services are unauthenticated-device-service's and cleartext-admin-service's
 * concern, internet-facing ones weak-api-authentication's.
 */
export const openServiceInSharedZone: RiskRule = {
  meta,
  check(graph) {
    const shared = devicesPerZone(graph);
    return graph.model.elements
      .filter((e) => HOSTS.has(e.kind) && (shared.get(e.zone ?? '') ?? 0) >= SHARED_BY)
      .flatMap((service): RuleFinding[] => {
        const zone = graph.zoneOf(service)!;
        const devices = shared.get(zone.id)!;
        const services = service.services.filter((s) => s.enabled && s.exposure === 'local' && !isPlumbing(s));
        const inbound = (graph.flowsTo.get(service.id) ?? []).filter((f) => {
          const from = graph.element(f.from);
          return (
            graph.isDevice(from) &&
            zonesAround(graph, from).includes(zone.id) &&
            !RADIO_PROTOCOLS.has(f.protocol) &&
            !isPlumbing(f)
          );
        });
        const questions = perWrittenFlow(graph, meta, questionsFor(service, services, inbound));
        const openFlows = inbound.filter((f) => openness(f) !== undefined);
        const senders = new Map<string, number>();
        for (const f of openFlows) {
          const key = `${f.protocol.toUpperCase()} ${openness(f)}`;
          senders.set(key, (senders.get(key) ?? 0) + graph.element(f.from).count);
        }
        const open: string[] = [
          ...services.flatMap((s: ModelService) => {
            const how = openness(s);
            return how ? [`${serviceLabel(s)} (${s.purpose}) ${how}`] : [];
          }),
          ...[...senders].map(([what, n]) => `${what} from ${count(n, 'device')}`),
        ];
        if (open.length === 0) return questions;
        const untrusted = zone.trust === 'untrusted' || zone.trust === 'low';
        const commanding = [...services, ...openFlows].some((x) => COMMANDING.has(x.purpose ?? ''));
        const risk: RuleFinding = {
          subject: service.id,
          related: [zone.id, ...openFlows.map((f) => f.id)],
          message: `${service.name} takes ${open.join(', ')} inside the zone ${zone.name}, which ${devices} devices share.`,
          likelihood: untrusted ? 4 : undefined,
          impact: commanding ? 4 : undefined,
          adjustment:
            [
              ...(untrusted ? [`the zone's trust is ${zone.trust}: others than the operator are in it`] : []),
              ...(commanding ? ['it carries commands or administration'] : []),
            ].join('; ') || undefined,
        };
        return [risk, ...questions];
      });
  },
};

/** What the model leaves open about a service in a shared zone and the device traffic it takes. */
function questionsFor(service: ModelElement, services: ModelService[], inbound: ModelFlow[]): RuleFinding[] {
  if (!service.stated.has('services') && inbound.length === 0)
    return [ask(service.id, ['services'], `The network services of ${service.name} are not stated.`)];
  const unsaid = services.filter((s) => s.authentication === 'unknown' && s.encryption !== 'none');
  const flows = inbound.flatMap((f) => {
    const keys = [
      ...(f.authentication === 'unknown' && f.encryption !== 'none' ? ['authentication'] : []),
      ...(f.encryption === 'unknown' && f.authentication !== 'none' ? ['encryption'] : []),
    ];
    return keys.length > 0
      ? [
          ask(
            f.id,
            keys,
            `${service.name} takes ${f.protocol.toUpperCase()} from devices in its zone; how it is protected is not stated.`,
          ),
        ]
      : [];
  });
  return [
    ...(unsaid.length > 0
      ? [
          ask(
            service.id,
            ['services[].authentication'],
            `How ${service.name} authenticates callers of ${unsaid.map(serviceLabel).join(', ')} is not stated.`,
          ),
        ]
      : []),
    ...flows,
  ];
}
