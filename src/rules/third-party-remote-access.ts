import type { SystemGraph } from '../model/graph.js';
import type { ModelElement, ModelFlow } from '../model/types.js';
import type { RiskRule } from './rule.js';

const REMOTE_PURPOSES = new Set(['remote-access', 'admin']);
const OUTSIDE_ZONES = new Set(['vendor-network', 'internet']);
/** The IoT user's own apps and people: reaching in from the internet, they are not an outside party. */
const OWN_USERS = new Set(['mobile-app', 'user']);
const SITE_ZONES = new Set(['industrial', 'customer-premises']);

/** Why the sender counts as an outside party, or undefined when it does not. */
function outsider(graph: SystemGraph, element: ModelElement): string | undefined {
  if (graph.isThirdParty(element)) return 'a third party';
  const zone = graph.zoneOf(element);
  const outside = zone !== undefined && OUTSIDE_ZONES.has(zone.kind) && !OWN_USERS.has(element.kind);
  return outside ? `in the ${zone.kind} zone ${zone.name}` : undefined;
}

/** A VPN tunnel whose sender proves itself with a certificate or multi-factor login. */
function strongRoute(flow: ModelFlow, from: ModelElement): boolean {
  const vpn = flow.protocol === 'vpn' || flow.encryption === 'vpn';
  return vpn && (flow.authentication === 'certificate' || from.authentication?.multiFactor === true);
}

/** Vendors, integrators or other outside parties reaching into devices or site networks to administer them. */
export const thirdPartyRemoteAccess: RiskRule = {
  meta: {
    id: 'third-party-remote-access',
    title: 'Outside party has remote access to devices or site networks',
    description:
      'Remote maintenance access by vendors, integrators or support contractors is a standing way into devices and site networks; its accounts are often shared, long-lived and unmonitored, and a breach at the outside party becomes a breach here.',
    riskSource: 'omd-remote-maintenance-access',
    stride: ['elevation-of-privilege', 'spoofing', 'repudiation'],
    likelihood: 3,
    impact: 4,
    mitigations: ['secure-remote-access', 'supplier-security-management', 'user-control-remote-access'],
    references: ['eu-cra:I.2(d)'],
  },
  check(graph) {
    return graph.model.flows
      .filter((flow) => REMOTE_PURPOSES.has(flow.purpose ?? ''))
      .flatMap((flow) => {
        const from = graph.element(flow.from);
        const to = graph.element(flow.to);
        const why = outsider(graph, from);
        const zone = graph.zoneOf(to);
        const site = zone !== undefined && SITE_ZONES.has(zone.kind);
        if (why === undefined || !(graph.isDevice(to) || site)) return [];
        const strong = strongRoute(flow, from);
        return [
          {
            subject: flow.id,
            related: [flow.from, flow.to],
            message: `${from.name} (${why}) has ${flow.purpose === 'admin' ? 'administrative' : 'remote'} access to ${to.name}${site && zone ? ` in the ${zone.kind} zone ${zone.name}` : ''} over ${flow.protocol.toUpperCase()}${strong ? ', through a VPN with strong authentication' : ''}.`,
            likelihood: strong ? 2 : undefined,
            impact: zone?.kind === 'industrial' ? 5 : undefined,
          },
        ];
      });
  },
};
