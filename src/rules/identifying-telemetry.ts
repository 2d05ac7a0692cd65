import type { SystemGraph } from '../model/graph.js';
import type { ModelElement } from '../model/types.js';
import { PERSONAL_SENSING } from '../model/vocabulary.js';
import { allHold, decide, stated } from './decide.js';
import type { RiskRule } from './rule.js';

/** Devices and apps may send telemetry unless stated otherwise; other elements only when stated. */
const MAY_SEND = new Set(['mobile-app', 'web-app']);

/** The outside parties among the telemetry's recipients: third-party elements, or organisations with no role. */
function outsideRecipients(graph: SystemGraph, element: ModelElement): string[] {
  return (element.telemetry?.recipients ?? []).filter((id) => {
    const e = graph.elements.get(id);
    return e ? graph.isThirdParty(e) : graph.organisations.get(id)?.roles.length === 0;
  });
}

/** Usage and health telemetry that carries personal data back to the developer, the provider or an SDK vendor. */
export const identifyingTelemetry: RiskRule = {
  meta: {
    id: 'identifying-telemetry',
    title: 'Telemetry contains personal data',
    description:
      'Telemetry that carries account ids, device identifiers tied to a person, locations or usage patterns lets the developer, the provider or an analytics SDK vendor link events over time into a profile of each user, beyond what running the product needs.',
    riskSource: 'priv-linking-and-tracking',
    linddun: ['linking', 'identifying'],
    likelihood: 3,
    impact: 3,
    // Keeping personal data and stable identifiers out of telemetry removes the cause; pseudonyms and user opt-outs
    // limit it.
    mitigations: ['telemetry-privacy', 'tracking-identifier-minimisation'],
    supporting: ['anonymisation-and-pseudonymisation', 'user-configure-privacy-settings'],
    references: ['etsi-en-303-645:6-4', 'etsi-en-303-645:6-5'],
    asks: ['telemetry.collected', 'telemetry.personalData'],
  },
  check(graph) {
    return graph.model.elements
      .filter((e) => e.telemetry?.collected !== undefined || graph.isDevice(e) || MAY_SEND.has(e.kind))
      .flatMap((element) =>
        decide(
          allHold({
            'telemetry.collected': stated(element.telemetry?.collected),
            'telemetry.personalData': stated(element.telemetry?.personalData),
          }),
          element.id,
          (keys) =>
            `${keys.length === 2 ? `Whether ${element.name} sends telemetry` : `${element.name} sends telemetry; whether it`} contains personal data is not stated.`,
          () => {
            const sensing = element.sensing.filter((s) => PERSONAL_SENSING.has(s));
            const outside = outsideRecipients(graph, element);
            const reasons = [
              ...(sensing.length > 0 ? [`the device senses people (${sensing.join(', ')})`] : []),
              ...(outside.length > 0 ? ['it also goes to a third party'] : []),
            ];
            return {
              subject: element.id,
              related: outside,
              message: `${element.name} sends telemetry that contains personal data${sensing.length > 0 ? `, from a device that senses people (${sensing.join(', ')})` : ''}${outside.length > 0 ? `, also to ${outside.map((id) => (graph.elements.get(id) ?? graph.organisations.get(id))!.name).join(', ')}` : ''}.`,
              impact: reasons.length > 0 ? 4 : undefined,
              adjustment: reasons.join('; ') || undefined,
            };
          },
        ),
      );
  },
};
