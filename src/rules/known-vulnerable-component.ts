import type { RawElement } from '../model/schema.js';
import { ask } from './decide.js';
import type { Rating, RiskRule, RuleFinding } from './rule.js';

type Vulnerability = NonNullable<RawElement['knownVulnerabilities']>[number];

const IMPACT: Readonly<Record<NonNullable<Vulnerability['severity']>, Rating>> = {
  low: 2,
  medium: 3,
  high: 4,
  critical: 5,
};

/** Elements whose software has known vulnerabilities with no fix installed (a vendor's list, or SBOM matches). */
export const knownVulnerableComponent: RiskRule = {
  meta: {
    id: 'known-vulnerable-component',
    title: 'Known vulnerabilities are not fixed',
    description:
      'Software with published vulnerabilities and no fix installed can be attacked with public exploits and scanners, and those already exploited in the wild are attacked first.',
    riskSource: 'omd-unhandled-vulnerabilities',
    stride: ['elevation-of-privilege', 'tampering', 'information-disclosure'],
    likelihood: 3,
    impact: 4,
    // Fixing and installing the fix removes the cause; watching components and separating the element limit it.
    mitigations: ['vulnerability-handling-and-remediation', 'user-keep-devices-updated'],
    supporting: ['component-vulnerability-monitoring', 'user-network-segmentation'],
    references: ['eu-cra:I.2(a)', 'eu-cra:II.2'],
    asks: ['knownVulnerabilities[].fixed'],
  },
  check(graph) {
    return graph.model.elements.flatMap((element): RuleFinding[] => {
      const known = element.knownVulnerabilities ?? [];
      const open = known.filter((v) => v.fixed === false);
      const unsaid = known.filter((v) => v.fixed === undefined);
      const questions = unsaid.length
        ? [
            ask(
              element.id,
              ['knownVulnerabilities[].fixed'],
              `${element.name} has known vulnerabilities (${unsaid.map((v) => v.id).join(', ')}); whether a fix is installed is not stated.`,
            ),
          ]
        : [];
      if (open.length === 0) return questions;
      const exploited = open.filter((v) => v.exploited === true);
      const exposed = element.services.some((s) => s.enabled && s.exposure === 'internet');
      const rated = open.flatMap((v) => (v.severity ? [IMPACT[v.severity]] : []));
      const impact = rated.length === open.length ? (Math.max(...rated) as Rating) : undefined;
      const risk: RuleFinding = {
        subject: element.id,
        message: `${element.name} has known vulnerabilities with no fix installed: ${open.map((v) => `${v.id}${v.severity ? ` (${v.severity})` : ''}`).join(', ')}${exploited.length > 0 ? `; ${exploited.map((v) => v.id).join(', ')} exploited in the wild` : ''}.`,
        likelihood: exploited.length > 0 ? 5 : exposed ? 4 : undefined,
        impact: impact === 4 ? undefined : impact,
        adjustment:
          [
            ...(exploited.length > 0
              ? ['it is being exploited in the wild']
              : exposed
                ? ['a service is reachable from the internet']
                : []),
            ...(impact !== undefined && impact !== 4 ? [`the worst severity is ${severityOf(impact)}`] : []),
          ].join('; ') || undefined,
      };
      return [risk, ...questions];
    });
  },
};

const severityOf = (impact: Rating): string =>
  (Object.entries(IMPACT).find(([, r]) => r === impact)?.[0] as string | undefined) ?? String(impact);
