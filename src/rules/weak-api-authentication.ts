import { ask, servicesOf } from './decide.js';
import { serviceLabel } from './describe.js';
import type { RiskRule, RuleFinding } from './rule.js';

const BACKEND_KINDS = new Set(['cloud-service', 'api-gateway', 'management-service']);
/**
 * Services that are public by design: update downloads (their integrity comes from signatures, unsigned-updates'
 * concern) and discovery.
 */
const PUBLIC_BY_DESIGN = new Set(['update', 'discovery']);

/**
 * Back-end APIs on the internet that anyone can call. Password logins without a second factor are
 * account-without-multi-factor's concern.
 */
export const weakApiAuthentication: RiskRule = {
  meta: {
    id: 'weak-api-authentication',
    title: 'Internet-facing API without authentication',
    description:
      'A cloud, management or API gateway service on the internet that takes anonymous calls lets anyone reach the devices and data behind it.',
    riskSource: 'raid-weak-access-control',
    stride: ['spoofing', 'elevation-of-privilege', 'information-disclosure'],
    likelihood: 5,
    impact: 4,
    // Authenticating and authorising every call removes the cause; watching the service catches abuse.
    mitigations: ['authenticate-before-access', 'secure-ecosystem-interfaces'],
    supporting: ['security-monitoring-and-anomaly-detection'],
    references: ['owasp-iot-top10-2018:I3', 'eu-cra:I.2(d)'],
    asks: ['services', 'services[].authentication'],
  },
  check(graph) {
    return graph.model.elements
      .filter((e) => BACKEND_KINDS.has(e.kind))
      .flatMap((element): RuleFinding[] => {
        const services = servicesOf(element, (s) => s.exposure === 'internet' && !PUBLIC_BY_DESIGN.has(s.purpose));
        if (services === 'unknown')
          return [ask(element.id, ['services'], `The network services of ${element.name} are not stated.`)];
        const label = (s: (typeof services)[number]) => `${serviceLabel(s)} (${s.purpose})`;
        const open = services.filter((s) => s.authentication === 'none');
        const unsaid = services.filter((s) => s.authentication === 'unknown');
        const questions = unsaid.length
          ? [
              ask(
                element.id,
                ['services[].authentication'],
                `${element.name} serves ${unsaid.map(label).join(', ')} to the internet; how callers authenticate is not stated.`,
              ),
            ]
          : [];
        if (open.length === 0) return questions;
        const fleet = element.kind === 'management-service';
        const risk: RuleFinding = {
          subject: element.id,
          message: `${element.name} serves ${open.map(label).join(', ')} to the internet without authentication.`,
          impact: fleet ? 5 : undefined,
          adjustment: fleet ? 'it manages the device fleet' : undefined,
        };
        return [risk, ...questions];
      });
  },
};
