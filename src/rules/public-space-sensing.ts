import type { PhysicalExposure } from '../model/vocabulary.js';
import type { RiskRule } from './rule.js';
import { sensingPeopleAt } from './sensing-people.js';

const PUBLIC: ReadonlySet<PhysicalExposure> = new Set(['public-space']);

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
    // Telling passers-by and capturing no more than the purpose needs address the cause; assessments steer both.
    mitigations: ['user-inform-sensed-people', 'personal-data-minimisation'],
    supporting: ['privacy-impact-assessment', 'user-privacy-impact-assessment'],
    references: ['etsi-en-303-645:5.8-3', 'iso-iec-29100:5.8'],
    asks: ['physicalExposure', 'sensing'],
  },
  check(graph) {
    return sensingPeopleAt(graph, PUBLIC, 'in a public space', (device, sensing) => ({
      subject: device.id,
      message: `${device.name} senses people (${sensing.join(', ')}) in a public space, where they cannot avoid it or agree to it.`,
      impact: sensing.includes('biometric') ? 5 : undefined,
      adjustment: sensing.includes('biometric') ? 'it captures biometrics, which identify passers-by' : undefined,
    }));
  },
};
