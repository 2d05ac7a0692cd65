import type { Sensing } from '../model/vocabulary.js';
import type { RiskRule } from './rule.js';

/**
 * Sensing that observes whoever is near the device. Location, health and motion are left out: they measure the
 * device's carrier or the things it is fitted to (a worn tag, a vibration sensor), who are not bystanders.
 */
const AROUND: ReadonlySet<Sensing> = new Set(['camera', 'microphone', 'presence', 'biometric']);
/** Sensing that captures who someone is or what they say, beyond that someone is there. */
const INTRUSIVE: ReadonlySet<Sensing> = new Set(['camera', 'microphone', 'biometric']);

/** Devices in homes and offices that also observe visitors, co-residents and staff. */
export const bystanderSensing: RiskRule = {
  meta: {
    id: 'bystander-sensing',
    title: 'Device senses visitors and co-residents at the premises',
    description:
      'A camera, microphone or presence sensor in a home or office also records guests, co-residents, cleaners and staff, who did not set it up and may not know it is there.',
    riskSource: 'priv-unaware-data-subjects',
    linddun: ['unawareness', 'data-disclosure'],
    likelihood: 3,
    impact: 3,
    mitigations: [
      'bystander-and-secondary-user-privacy',
      'external-sensing-disclosure',
      'user-inform-sensed-people',
      'user-respect-others-privacy',
    ],
    references: ['etsi-en-303-645:5.8-3'],
  },
  check(graph) {
    return graph
      .devices()
      .filter((device) => device.physicalExposure === 'customer-premises')
      .flatMap((device) => {
        const sensing = device.sensing.filter((s) => AROUND.has(s));
        if (sensing.length === 0) return [];
        return [
          {
            subject: device.id,
            message: `${device.name} senses people (${sensing.join(', ')}) at the premises, including visitors and others who did not choose it.`,
            impact: sensing.some((s) => INTRUSIVE.has(s)) ? 4 : undefined,
          },
        ];
      });
  },
};
