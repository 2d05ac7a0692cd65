/**
 * Clients that do not check who they talk to: the flows a client sends where the sender does not authenticate the
 * receiver (`serverAuthenticated: false`). One risk per client, since its TLS settings are one cause for all its
 * flows; a question per encrypted flow that does not say (a cleartext flow authenticates nobody, and is the cleartext
 * rules' concern). Radio links and messages to people are not client–server connections.
 */
import type { SystemGraph } from '../model/graph.js';
import type { ModelElement, ModelFlow } from '../model/types.js';
import { RADIO_PROTOCOLS } from '../model/vocabulary.js';
import { ask } from './decide.js';
import { namesOf } from './describe.js';
import type { RiskRuleMeta, RuleFinding } from './rule.js';
import { perWrittenFlow } from './zone-flows.js';

const NOT_SERVERS = new Set(['user', 'physical-entity']);

/** The flows a client sends to servers, split into those stated unauthenticated and those left open. */
function serverFlows(graph: SystemGraph, client: ModelElement): { refused: ModelFlow[]; open: ModelFlow[] } {
  const flows = (graph.flowsFrom.get(client.id) ?? []).filter(
    (f) => !RADIO_PROTOCOLS.has(f.protocol) && f.purpose !== 'discovery' && !NOT_SERVERS.has(graph.element(f.to).kind),
  );
  return {
    refused: flows.filter((f) => f.serverAuthenticated === false),
    open: flows.filter((f) => f.serverAuthenticated === undefined && graph.isEncrypted(f)),
  };
}

/** A higher impact for a client and its flows that do not authenticate the server, and why. */
export type ImpactOf = (client: ModelElement, flows: ModelFlow[]) => { impact: 5; why: string } | undefined;

/**
 * The findings for every client `isClient` selects: more likely across an untrusted network, where posing as the
 * server is easy; `impactOf` says when it is worse.
 */
export function clientsWithoutServerAuthentication(
  graph: SystemGraph,
  meta: RiskRuleMeta,
  isClient: (e: ModelElement) => boolean,
  impactOf: ImpactOf,
): RuleFinding[] {
  const findings = graph.model.elements.filter(isClient).flatMap((client) => {
    const { refused, open } = serverFlows(graph, client);
    const questions = open.map((f) =>
      ask(
        f.id,
        ['serverAuthenticated'],
        `${client.name} connects to ${graph.element(f.to).name} over ${f.protocol.toUpperCase()}; whether it checks the server's certificate is not stated.`,
      ),
    );
    if (refused.length === 0) return questions;
    const untrusted = refused.some((f) => graph.touchesUntrustedZone(f));
    const worse = impactOf(client, refused);
    const servers = refused.map((f) => f.to);
    const reasons = [...(untrusted ? ['it crosses an untrusted network, where posing as the server is easy'] : [])];
    const risk: RuleFinding = {
      subject: client.id,
      related: [...refused.map((f) => f.id), ...new Set(servers)],
      message: `${client.name} connects to ${namesOf(graph, servers)} without authenticating the server${untrusted ? ', across an untrusted network' : ''}.`,
      likelihood: untrusted ? 4 : undefined,
      impact: worse?.impact,
      adjustment: [...reasons, ...(worse ? [worse.why] : [])].join('; ') || undefined,
    };
    return [risk, ...questions];
  });
  return perWrittenFlow(graph, meta, findings);
}
