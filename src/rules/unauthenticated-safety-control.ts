import type { ModelElement } from '../model/types.js';
import { safetyRelevant } from './actuation.js';
import { ask } from './decide.js';
import type { RiskRule, RiskRuleMeta, RuleFinding } from './rule.js';
import { perWrittenFlow } from './zone-flows.js';

const meta: RiskRuleMeta = {
  id: 'unauthenticated-safety-control',
  title: 'Safety-relevant element accepts unauthenticated commands',
  description:
    'A lock, valve, heater or machine that does not authenticate who sends it control commands can be made to act by anyone who can reach the flow, with physical harm as the result.',
  riskSource: 'scd-unsafe-actuation',
  stride: ['spoofing', 'tampering'],
  likelihood: 3,
  impact: 5,
  // Authentic commands remove the cause; a joint safety and security analysis keeps interlocks out of reach.
  mitigations: ['actuator-command-protection', 'cryptographic-authentication'],
  supporting: ['safety-security-co-engineering'],
  references: ['etsi-en-303-645:5.5-4', 'eu-cra:I.2(f)'],
  asks: ['authentication', 'safetyRelevant'],
};

/**
 * Commands to something that can hurt people or property, accepted from any sender. One risk per command path: paths
 * differ in who can reach them and are treated apart (a panel in the control room, a gateway across a boundary).
 */
export const unauthenticatedSafetyControl: RiskRule = {
  meta,
  check(graph) {
    const unsure = new Set<ModelElement>();
    const findings = graph.model.flows
      .filter(
        (flow) => flow.purpose === 'control' && (flow.authentication === 'none' || flow.authentication === 'unknown'),
      )
      .flatMap((flow): RuleFinding[] => {
        const to = graph.element(flow.to);
        const from = graph.element(flow.from);
        const safety = safetyRelevant(graph, to);
        if (safety === false) return [];
        if (safety === 'unknown') unsure.add(to);
        if (flow.authentication === 'unknown')
          return [
            ask(
              flow.id,
              ['authentication'],
              `${to.name} takes control commands from ${from.name} over ${flow.protocol.toUpperCase()}; whether it authenticates them is not stated.`,
            ),
          ];
        if (safety === 'unknown') return [];
        const untrusted = graph.touchesUntrustedZone(flow);
        const crosses = graph.crossesBoundary(flow);
        return [
          {
            subject: flow.id,
            related: [flow.from, flow.to],
            message: `${to.name} is safety-relevant and takes control commands from ${from.name} over ${flow.protocol.toUpperCase()} without authentication${crosses ? ', across a zone boundary' : ''}.`,
            likelihood: untrusted ? 5 : crosses ? 4 : undefined,
            adjustment: untrusted
              ? 'the commands come from or pass an untrusted zone'
              : crosses
                ? 'the commands cross a zone boundary'
                : undefined,
          },
        ];
      });
    const questions = [...unsure].map((e) =>
      ask(
        e.id,
        ['safetyRelevant'],
        `${e.name} takes control commands that are not stated to be authenticated; whether it is safety-relevant is not stated.`,
      ),
    );
    return [...perWrittenFlow(graph, meta, findings), ...questions];
  },
};
