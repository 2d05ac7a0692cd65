import type { PhysicalExposure, Sensing } from '../model/vocabulary.js';
import type { RiskRule } from './rule.js';
import { sensingPeopleAt } from './sensing-people.js';

/** Sensing that captures who someone is or what they say, beyond that someone is there. */
const INTRUSIVE: ReadonlySet<Sensing> = new Set(['camera', 'microphone', 'biometric']);
/** Homes, offices and sites where others than the device's owner live, visit or work. */
const SHARED_PLACES: ReadonlySet<PhysicalExposure> = new Set(['customer-premises', 'staff-and-contractors']);

/** Devices in homes and offices that also observe visitors, co-residents and staff. */
export const bystanderSensing: RiskRule = {
  meta: {
    id: 'bystander-sensing',
    title: 'Device senses visitors and co-residents at the premises',
    description:
      'A camera, microphone or presence sensor in a home, office or plant also records guests, co-residents, cleaners, staff and contractors, who did not set it up and may not know it is there.',
    riskSource: 'priv-unaware-data-subjects',
    linddun: ['unawareness', 'data-disclosure'],
    likelihood: 3,
    impact: 3,
    // Telling people and giving them indicators and masking remove the unawareness; the rest limits it.
    mitigations: ['bystander-and-secondary-user-privacy', 'user-inform-sensed-people'],
    supporting: ['external-sensing-disclosure', 'user-respect-others-privacy'],
    references: ['etsi-en-303-645:5.8-3'],
    asks: ['physicalExposure', 'sensing'],
  },
  check(graph) {
    return sensingPeopleAt(graph, SHARED_PLACES, 'at premises others share', (device, sensing) => {
      const intrusive = sensing.some((s) => INTRUSIVE.has(s));
      return {
        subject: device.id,
        message: `${device.name} senses people (${sensing.join(', ')}) at the premises, including visitors and others who did not choose it.`,
        impact: intrusive ? 4 : undefined,
        adjustment: intrusive ? 'it captures images, voices or biometrics, not only that someone is there' : undefined,
      };
    });
  },
};
