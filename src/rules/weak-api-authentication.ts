import type { ModelService } from '../model/types.js';
import type { RiskRule } from './rule.js';

const BACKEND_KINDS = new Set(['cloud-service', 'api-gateway', 'management-service']);

/**
 * Why an internet-facing service's authentication is weak, or undefined when it is not. Password logins without a
 * second factor are account-without-multi-factor's concern.
 */
function weakness(service: ModelService): string | undefined {
  if (service.authentication === 'none') return 'no authentication';
  if (service.authentication === 'unknown') return 'no stated authentication';
  return undefined;
}

/** Back-end APIs on the internet that anyone can call. */
export const weakApiAuthentication: RiskRule = {
  meta: {
    id: 'weak-api-authentication',
    title: 'Internet-facing API without authentication',
    description:
      'A cloud, management or API gateway service on the internet that takes anonymous calls (or does not say how it authenticates) lets anyone reach the devices and data behind it.',
    riskSource: 'raid-weak-access-control',
    stride: ['spoofing', 'elevation-of-privilege', 'information-disclosure'],
    likelihood: 5,
    impact: 4,
    mitigations: ['secure-ecosystem-interfaces', 'authenticate-before-access', 'user-strong-account-authentication'],
    references: ['owasp-iot-top10-2018:I3', 'eu-cra:I.2(d)'],
  },
  check(graph) {
    return graph.model.elements
      .filter((e) => BACKEND_KINDS.has(e.kind))
      .flatMap((element) => {
        const weak = element.services
          .filter((s) => s.enabled && s.exposure === 'internet')
          .map((s) => ({ s, why: weakness(s) }))
          .filter((w): w is { s: ModelService; why: string } => w.why !== undefined);
        if (weak.length === 0) return [];
        const list = weak
          .map(({ s, why }) => `${s.protocol.toUpperCase()}${s.port ? ` ${s.port}` : ''} (${s.purpose}) with ${why}`)
          .join(', ');
        return [
          {
            subject: element.id,
            message: `${element.name} serves ${list} to the internet.`,
            impact: element.kind === 'management-service' ? 5 : undefined,
          },
        ];
      });
  },
};
