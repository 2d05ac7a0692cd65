import type { ModelElement } from '../model/types.js';
import { allHold, ask, decide } from './decide.js';
import type { RiskRule, RiskRuleMeta, RuleFinding } from './rule.js';
import { perWrittenFlow } from './zone-flows.js';

const norm = (region: string | undefined): string | undefined => region?.trim().toUpperCase();

/** Where a receiver is hosted is a question for services and outside parties; devices, apps and people are local. */
const HOSTED_KINDS = new Set([
  'cloud-service',
  'management-service',
  'message-broker',
  'api-gateway',
  'data-store',
  'edge-service',
  'external-party',
]);

const meta: RiskRuleMeta = {
  id: 'cross-border-transfer-without-safeguard',
  title: 'Personal data leaves its region without a transfer safeguard',
  description:
    'Personal data sent to a cloud or partner in another jurisdiction without adequacy, contract clauses or another safeguard loses the protection of the law where the people live, and may be unlawful to send at all.',
  riskSource: 'priv-cross-border-transfer',
  linddun: ['non-compliance', 'data-disclosure'],
  likelihood: 3,
  impact: 4,
  // A safeguard for the transfer removes the cause; knowing where data goes and checking the provider find it.
  mitigations: ['cross-border-transfer-safeguards'],
  supporting: ['personal-data-inventory', 'user-check-provider-data-handling'],
  references: ['iso-iec-29100:5.12'],
  asks: ['region', 'transferSafeguard'],
};

/** Personal data leaving the data subjects' region with no transfer safeguard. */
export const crossBorderTransferWithoutSafeguard: RiskRule = {
  meta,
  check(graph) {
    const home = norm(graph.model.system.region);
    if (home === undefined) return [];
    const unplaced = new Set<ModelElement>();
    const findings = graph.model.flows.flatMap((flow): RuleFinding[] => {
      const personal = graph.personalDataIn(flow);
      if (personal.length === 0) return [];
      const to = graph.element(flow.to);
      const from = graph.element(flow.from);
      const there = norm(graph.regionOf(to));
      if (there === undefined) {
        if (HOSTED_KINDS.has(to.kind)) unplaced.add(to);
        return [];
      }
      if (there === home || (norm(graph.regionOf(from)) ?? home) === there) return [];
      const what = `${from.name} sends personal data (${personal.map((d) => d.name).join(', ')}) to ${to.name} in ${graph.regionOf(to)}, outside ${graph.model.system.region}`;
      return decide(
        allHold({
          transferSafeguard: flow.transferSafeguard === undefined ? 'unknown' : flow.transferSafeguard === 'none',
        }),
        flow.id,
        () => `${what}; whether a transfer safeguard covers it is not stated.`,
        () => {
          const sensitive = personal.some((d) => d.personalData?.sensitive);
          return {
            subject: flow.id,
            related: [flow.from, flow.to],
            message: `${what}, with no transfer safeguard.`,
            impact: sensitive ? 5 : undefined,
            adjustment: sensitive ? 'the data is sensitive personal data' : undefined,
          };
        },
      );
    });
    const questions = [...unplaced].map((e) =>
      ask(
        e.id,
        ['region'],
        `${e.name} receives personal data; where it is hosted (its region, or its operator's) is not stated.`,
      ),
    );
    return [...perWrittenFlow(graph, meta, findings), ...questions];
  },
};
