import type { Sensing } from '../model/vocabulary.js';
import type { RiskRule } from './rule.js';

/**
 * Sensing that observes whoever is near the device. Location, health and motion are left out: they measure the
 * device's carrier or the things it is fitted to (a worn tag, a vibration sensor), who are not bystanders.
 */
const AROUND: ReadonlySet<Sensing> = new Set(['camera', 'microphone', 'presence', 'biometric']);

/** Devices in public places that observe the people passing by. */
export const publicSpaceSensing: RiskRule = {
  meta: {
    id: 'public-space-sensing',
    title: 'Device senses people in a public space',
    description:
      'A camera, microphone or presence sensor in a street, shop or station records passers-by who cannot avoid it, did not choose it and are rarely told about it.',
    riskSource: 'priv-unaware-data-subjects',
    linddun: ['unawareness', 'identifying'],
    likelihood: 4,
    impact: 4,
    mitigations: [
      'privacy-impact-assessment',
      'personal-data-minimisation',
      'user-inform-sensed-people',
      'user-privacy-impact-assessment',
    ],
    references: ['etsi-en-303-645:5.8-3', 'iso-iec-29100:5.8'],
  },
  check(graph) {
    return graph
      .devices()
      .filter((device) => device.physicalExposure === 'public-space')
      .flatMap((device) => {
        const sensing = device.sensing.filter((s) => AROUND.has(s));
        if (sensing.length === 0) return [];
        return [
          {
            subject: device.id,
            message: `${device.name} senses people (${sensing.join(', ')}) in a public space, where they cannot avoid it or agree to it.`,
            impact: sensing.includes('biometric') ? 5 : undefined,
          },
        ];
      });
  },
};
