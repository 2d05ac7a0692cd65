import type { ModelFlow } from '../model/types.js';
import { getOrCreate } from '../util/maps.js';
import { ask } from './decide.js';
import { namesOf } from './describe.js';
import type { Rating, RiskRule, RiskRuleMeta, RuleFinding } from './rule.js';
import { perWrittenFlow } from './zone-flows.js';

/** Network plumbing that is unauthenticated by design; other rules and controls deal with it. */
const PLUMBING_PROTOCOLS = new Set(['dns', 'mdns', 'ssdp', 'ws-discovery', 'ntp']);
const COMMANDING = new Set(['control', 'admin', 'update', 'remote-access']);
/** People and physical things receive no network traffic to authenticate. */
const NOT_RECEIVERS = new Set(['user', 'physical-entity']);

const meta: RiskRuleMeta = {
  id: 'unauthenticated-flow-across-boundary',
  title: 'Unauthenticated communication crosses a trust boundary',
  description:
    'A receiver that accepts data or commands from another zone without authenticating the sender lets anyone who reaches it there inject false readings, forged commands or malicious updates.',
  riskSource: 'asd-unprotected-communication',
  stride: ['spoofing', 'tampering'],
  likelihood: 3,
  impact: 3,
  // Authenticating senders removes the cause; secure channels and boundary filtering narrow who can send.
  mitigations: ['authenticate-before-access', 'cryptographic-authentication'],
  supporting: ['secure-communication', 'zone-boundary-enforcement'],
  references: ['eu-cra:I.2(d)', 'eu-cra:I.2(f)'],
  asks: ['authentication'],
};

/**
 * Receivers that accept flows from other zones without checking who sent them: one risk per receiver, since its
 * acceptance is the cause, with the flows as related; a question per flow whose authentication is not stated.
 */
export const unauthenticatedFlowAcrossBoundary: RiskRule = {
  meta,
  check(graph) {
    const candidates = graph.model.flows.filter(
      (flow) =>
        graph.crossesBoundary(flow) &&
        flow.purpose !== 'discovery' &&
        !PLUMBING_PROTOCOLS.has(flow.protocol) &&
        !NOT_RECEIVERS.has(graph.element(flow.to).kind),
    );
    const questions = candidates
      .filter((flow) => flow.authentication === 'unknown')
      .map((flow) =>
        ask(
          flow.id,
          ['authentication'],
          `${graph.element(flow.to).name} receives ${flow.protocol.toUpperCase()} from ${graph.element(flow.from).name} across a zone boundary; whether it authenticates the sender is not stated.`,
        ),
      );
    const byReceiver = new Map<string, ModelFlow[]>();
    for (const flow of candidates.filter((f) => f.authentication === 'none')) {
      getOrCreate(byReceiver, flow.to, () => []).push(flow);
    }
    const risks = [...byReceiver].map(([id, flows]): RuleFinding => {
      const to = graph.element(id);
      const inward = flows.filter((f) => graph.entersMoreTrustedZone(f));
      const fromUntrusted = inward.some((f) => graph.zoneOf(graph.element(f.from))?.trust === 'untrusted');
      const commanding = flows.some((f) => COMMANDING.has(f.purpose ?? ''));
      const what = [...new Set(flows.map((f) => `${f.protocol.toUpperCase()}${f.purpose ? ` ${f.purpose}` : ''}`))];
      return {
        subject: id,
        related: [...flows.map((f) => f.id), ...new Set(flows.map((f) => f.from))],
        message: `${to.name} (${to.zone}) accepts ${what.join(', ')} from ${namesOf(
          graph,
          flows.map((f) => f.from),
        )} in other zones without authentication${inward.length > 0 ? ', into a more trusted zone' : ''}.`,
        likelihood: inward.length > 0 ? ((fromUntrusted ? 5 : 4) as Rating) : undefined,
        impact: commanding ? 4 : undefined,
        adjustment:
          [
            ...(inward.length > 0
              ? [`it enters a more trusted zone${fromUntrusted ? ' from an untrusted one' : ''}`]
              : []),
            ...(commanding ? ['it carries commands, administration or updates'] : []),
          ].join('; ') || undefined,
      };
    });
    return [...risks, ...perWrittenFlow(graph, meta, questions)];
  },
};
