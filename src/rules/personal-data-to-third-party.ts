import type { ModelDataAsset } from '../model/types.js';
import { ask, withoutLegalBasis } from './decide.js';
import type { RiskRule, RiskRuleMeta, RuleFinding } from './rule.js';
import { perWrittenFlow } from './zone-flows.js';

const meta: RiskRuleMeta = {
  id: 'personal-data-to-third-party',
  title: 'Personal data goes to a third party without a legal basis',
  description:
    'Sensor readings, recordings or account data passed to an analytics, advertising or partner organisation without a legal basis are disclosed beyond what the people concerned agreed to, and out of the control of the system.',
  riskSource: 'priv-third-party-disclosure',
  linddun: ['data-disclosure', 'non-compliance'],
  likelihood: 3,
  impact: 4,
  // Controlled disclosure on a recorded basis removes the cause; consent and the user's checks on the provider help.
  mitigations: ['third-party-disclosure-control', 'legal-basis-per-data-asset'],
  supporting: ['consent-management', 'user-check-provider-data-handling'],
  references: ['etsi-en-303-645:6-1', 'owasp-iot-top10-2018:I6'],
  asks: ['legalBasis'],
};

/** Personal data that flows to an outside party with no legal basis recorded for it. */
export const personalDataToThirdParty: RiskRule = {
  meta,
  check(graph) {
    const open = new Set<ModelDataAsset>();
    const findings = graph.model.flows.flatMap((flow): RuleFinding[] => {
      const to = graph.element(flow.to);
      if (!graph.isThirdParty(to)) return [];
      const personal = graph.personalDataIn(flow);
      for (const d of personal) if (withoutLegalBasis(d) === 'unknown') open.add(d);
      const data = personal.filter((d) => withoutLegalBasis(d) === true);
      if (data.length === 0) return [];
      const from = graph.element(flow.from);
      const sensitive = data.some((d) => d.personalData?.sensitive);
      return [
        {
          subject: flow.id,
          related: [flow.from, flow.to, ...data.map((d) => d.id)],
          message: `${from.name} sends personal data (${data.map((d) => d.name).join(', ')}) to the third party ${to.name}, for which no legal basis has been identified.`,
          impact: sensitive ? 5 : undefined,
          adjustment: sensitive ? 'the data is sensitive personal data' : undefined,
        },
      ];
    });
    const questions = [...open].map((d) =>
      ask(d.id, ['legalBasis'], `${d.name} goes to a third party; the legal basis for processing it is not stated.`),
    );
    return [...perWrittenFlow(graph, meta, findings), ...questions];
  },
};
