import type { SystemGraph } from '../model/graph.js';
import type { ModelElement, ModelFlow } from '../model/types.js';
import type { Rating, RiskRule, RiskRuleMeta, RuleFinding } from './rule.js';
import { perWrittenFlow } from './zone-flows.js';

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

/** How likely misuse is: a strong route or access opened per session lowers it, an always-open path raises it. */
function likelihoodOf(flow: ModelFlow, from: ModelElement, to: ModelElement): { rating?: Rating; why?: string } {
  if (strongRoute(flow, from))
    return { rating: 2, why: 'it goes through a VPN with certificate or multi-factor login' };
  if (to.remoteAccess === 'on-demand') return { rating: 2, why: 'remote access is opened per session, then closed' };
  if (to.remoteAccess === 'always-on') return { rating: 4, why: 'the remote path stays open all the time' };
  return {};
}

const meta: RiskRuleMeta = {
  id: 'third-party-remote-access',
  title: 'Outside party has remote access to devices or site networks',
  description:
    'Remote maintenance access by vendors, integrators or support contractors is a standing way into devices and site networks; its accounts are often shared, long-lived and unmonitored, and a breach at the outside party becomes a breach here.',
  riskSource: 'omd-remote-maintenance-access',
  stride: ['elevation-of-privilege', 'spoofing', 'repudiation'],
  likelihood: 3,
  impact: 4,
  // A managed, approved, logged route removes the standing access; the supplier's own security limits the rest.
  mitigations: ['secure-remote-access', 'user-control-remote-access'],
  supporting: ['supplier-security-management'],
  references: ['eu-cra:I.2(d)'],
};

/** Vendors, integrators or other outside parties reaching into devices or site networks to administer them. */
export const thirdPartyRemoteAccess: RiskRule = {
  meta,
  check(graph) {
    const findings = graph.model.flows
      .filter((flow) => REMOTE_PURPOSES.has(flow.purpose ?? ''))
      .flatMap((flow): RuleFinding[] => {
        const from = graph.element(flow.from);
        const to = graph.element(flow.to);
        const why = outsider(graph, from);
        const zone = graph.zoneOf(to);
        const site = zone !== undefined && SITE_ZONES.has(zone.kind);
        if (why === undefined || !(graph.isDevice(to) || site)) return [];
        const likely = likelihoodOf(flow, from, to);
        const industrial = zone?.kind === 'industrial';
        return [
          {
            subject: flow.id,
            related: [flow.from, flow.to],
            message: `${from.name} (${why}) has ${flow.purpose === 'admin' ? 'administrative' : 'remote'} access to ${to.name}${site && zone ? ` in the ${zone.kind} zone ${zone.name}` : ''} over ${flow.protocol.toUpperCase()}${strongRoute(flow, from) ? ', through a VPN with strong authentication' : ''}.`,
            likelihood: likely.rating,
            impact: industrial ? 5 : undefined,
            adjustment:
              [...(likely.why ? [likely.why] : []), ...(industrial ? ['it reaches an industrial network'] : [])].join(
                '; ',
              ) || undefined,
          },
        ];
      });
    return perWrittenFlow(graph, meta, findings);
  },
};
