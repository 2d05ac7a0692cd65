import { PERSONAL_SENSING } from '../model/vocabulary.js';
import type { RiskRule } from './rule.js';

/** Usage and health telemetry that carries personal data back to the developer or provider. */
export const identifyingTelemetry: RiskRule = {
  meta: {
    id: 'identifying-telemetry',
    title: 'Telemetry contains personal data',
    description:
      'Telemetry that carries account ids, device identifiers tied to a person, locations or usage patterns lets the developer or provider link events over time into a profile of each user, beyond what running the product needs.',
    riskSource: 'priv-linking-and-tracking',
    linddun: ['linking', 'identifying'],
    likelihood: 3,
    impact: 3,
    mitigations: [
      'telemetry-privacy',
      'tracking-identifier-minimisation',
      'anonymisation-and-pseudonymisation',
      'user-configure-privacy-settings',
    ],
    references: ['etsi-en-303-645:6-4', 'etsi-en-303-645:6-5'],
  },
  check(graph) {
    return graph.model.elements
      .filter((e) => e.telemetry?.collected === true && e.telemetry.personalData === true)
      .map((element) => {
        const sensing = element.sensing.filter((s) => PERSONAL_SENSING.has(s));
        return {
          subject: element.id,
          message: `${element.name} sends telemetry that contains personal data${sensing.length > 0 ? `, from a device that senses people (${sensing.join(', ')})` : ''}.`,
          impact: sensing.length > 0 ? 4 : undefined,
        };
      });
  },
};
