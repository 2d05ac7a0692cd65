import type { ModelElement } from '../model/types.js';
import { type Protocol, RADIO_PROTOCOLS } from '../model/vocabulary.js';
import { decide } from './decide.js';
import type { RiskRule, RiskRuleMeta } from './rule.js';
import { perWrittenFlow } from './zone-flows.js';

/** Local radio (and proprietary) protocols whose protection depends on how they are set up. */
const LOCAL_LINKS: ReadonlySet<Protocol> = new Set([...RADIO_PROTOCOLS, 'proprietary']);
/** Apps that talk to devices directly over a local radio (a phone unlocking a lock over BLE). */
const LOCAL_APPS = new Set(['mobile-app', 'hmi']);
const COMMANDING = new Set(['control', 'admin']);

const meta: RiskRuleMeta = {
  id: 'unprotected-radio-link',
  title: 'Local radio link between devices is not encrypted',
  description:
    'A BLE, Zigbee, Z-Wave, Thread, LoRaWAN or proprietary link without encryption can be sniffed, replayed or injected by anyone within radio range, without touching the network.',
  riskSource: 'scd-unprotected-local-links',
  stride: ['information-disclosure', 'tampering', 'spoofing'],
  likelihood: 3,
  impact: 3,
  // Link security set up properly removes the cause; application-level protection guards what still crosses it.
  mitigations: ['radio-link-protection'],
  supporting: ['secure-communication', 'personal-data-in-transit-protection'],
  references: ['owasp-iot-top10-2018:I7', 'etsi-en-303-645:5.5-1'],
  asks: ['encryption'],
};

/** A device link over BLE, Zigbee, Z-Wave, Thread, LoRaWAN or a proprietary radio that is not encrypted. */
export const unprotectedRadioLink: RiskRule = {
  meta,
  check(graph) {
    const local = (e: ModelElement) => graph.isDevice(e) || LOCAL_APPS.has(e.kind);
    const findings = graph.model.flows
      .filter((flow) => LOCAL_LINKS.has(flow.protocol))
      .flatMap((flow) => {
        const from = graph.element(flow.from);
        const to = graph.element(flow.to);
        if (!local(from) || !local(to) || !(graph.isDevice(from) || graph.isDevice(to))) return [];
        const link = `${flow.protocol.toUpperCase()} link from ${from.name} to ${to.name}`;
        return decide(
          flow.encryption === 'unknown' ? ['encryption'] : flow.encryption === 'none',
          flow.id,
          () => `${link}: its encryption is not stated.`,
          () => {
            const personal = graph.personalDataIn(flow);
            const commanding = COMMANDING.has(flow.purpose ?? '');
            const sensitive = personal.some((d) => d.personalData?.sensitive);
            const unsafe = commanding && to.safetyRelevant === true;
            const publicSpace = from.physicalExposure === 'public-space' || to.physicalExposure === 'public-space';
            return {
              subject: flow.id,
              related: [flow.from, flow.to],
              message: `${link} is unencrypted${flow.purpose ? `, used for ${flow.purpose}` : ''}${personal.length > 0 ? `, carrying personal data (${personal.map((d) => d.name).join(', ')})` : ''}.`,
              likelihood: publicSpace ? 4 : undefined,
              impact: sensitive || unsafe ? 5 : commanding || personal.length > 0 ? 4 : undefined,
              adjustment:
                [
                  ...(publicSpace ? ['anyone passing is within radio range in a public space'] : []),
                  ...(unsafe ? ['it commands a safety-relevant device'] : commanding ? ['it carries commands'] : []),
                  ...(personal.length > 0 ? [`it carries ${sensitive ? 'sensitive ' : ''}personal data`] : []),
                ].join('; ') || undefined,
            };
          },
        );
      });
    return perWrittenFlow(graph, meta, findings);
  },
};
