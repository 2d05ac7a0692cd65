import type { ModelElement } from '../model/types.js';
import { type Protocol, RADIO_PROTOCOLS } from '../model/vocabulary.js';
import type { RiskRule } from './rule.js';

/** Local radio (and proprietary) protocols whose protection depends on how they are set up. */
const LOCAL_LINKS: ReadonlySet<Protocol> = new Set([...RADIO_PROTOCOLS, 'proprietary']);
/** Apps that talk to devices directly over a local radio (a phone unlocking a lock over BLE). */
const LOCAL_APPS = new Set(['mobile-app', 'hmi']);
const COMMANDING = new Set(['control', 'admin']);

/** A device link over BLE, Zigbee, Z-Wave, Thread, LoRaWAN or a proprietary radio that is not encrypted. */
export const unprotectedRadioLink: RiskRule = {
  meta: {
    id: 'unprotected-radio-link',
    title: 'Local radio link between devices is not encrypted',
    description:
      'A BLE, Zigbee, Z-Wave, Thread, LoRaWAN or proprietary link without encryption can be sniffed, replayed or injected by anyone within radio range, without touching the network.',
    riskSource: 'scd-unprotected-local-links',
    stride: ['information-disclosure', 'tampering', 'spoofing'],
    likelihood: 3,
    impact: 3,
    mitigations: ['radio-link-protection', 'secure-communication', 'personal-data-in-transit-protection'],
    references: ['owasp-iot-top10-2018:I7', 'etsi-en-303-645:5.5-1'],
  },
  check(graph) {
    const local = (e: ModelElement) => graph.isDevice(e) || LOCAL_APPS.has(e.kind);
    return graph.model.flows
      .filter((flow) => LOCAL_LINKS.has(flow.protocol) && !graph.isEncrypted(flow))
      .flatMap((flow) => {
        const from = graph.element(flow.from);
        const to = graph.element(flow.to);
        if (!local(from) || !local(to) || !(graph.isDevice(from) || graph.isDevice(to))) return [];
        const personal = graph.personalDataIn(flow);
        const commanding = COMMANDING.has(flow.purpose ?? '');
        const severe = personal.some((d) => d.personalData?.sensitive) || (commanding && to.safetyRelevant === true);
        const publicSpace = from.physicalExposure === 'public-space' || to.physicalExposure === 'public-space';
        const what = flow.encryption === 'unknown' ? 'has no stated encryption' : 'is unencrypted';
        return [
          {
            subject: flow.id,
            related: [flow.from, flow.to],
            message: `${flow.protocol.toUpperCase()} link from ${from.name} to ${to.name} ${what}${flow.purpose ? `, used for ${flow.purpose}` : ''}${personal.length > 0 ? `, carrying personal data (${personal.map((d) => d.name).join(', ')})` : ''}.`,
            likelihood: publicSpace ? 4 : undefined,
            impact: severe ? 5 : commanding || personal.length > 0 ? 4 : undefined,
          },
        ];
      });
  },
};
