import { testRule } from '../../test/support/rule-tester.js';
import { publicSpaceSensing } from './public-space-sensing.js';

testRule(publicSpaceSensing, {
  shared: `
zones:
  - { id: street, kind: public-space }
  - { id: home, kind: customer-premises }`,
  raises: [
    {
      name: 'a camera in a street',
      model: `
elements:
  - { id: cam, name: Street camera, kind: camera, zone: street, sensing: [camera, environmental] }
  - { id: air, kind: sensor, zone: street, sensing: [environmental] }
  - { id: door, kind: camera, zone: home, sensing: [camera] }`,
      risks: [
        {
          subject: 'cam',
          impact: undefined,
          message: 'Street camera senses people (camera) in a public space, where they cannot avoid it or agree to it.',
        },
      ],
    },
    {
      name: 'biometric sensing at the highest impact',
      model: `
elements:
  - { id: gate, kind: camera, zone: street, sensing: [camera, biometric] }`,
      risks: [{ subject: 'gate', impact: 5 }],
    },
  ],
  passes: [
    {
      name: 'environmental sensing in public, and tags that sense only their wearer',
      model: `
elements:
  - { id: air, kind: sensor, zone: street, sensing: [environmental, energy] }
  - { id: tag, kind: device, zone: street, sensing: [location, motion] }`,
    },
    {
      name: 'a street device whose sensing is not stated: a question',
      model: `
elements:
  - { id: pole, kind: sensor, zone: street }
  - { id: cam, kind: camera, sensing: [camera] }`,
      asks: { pole: ['sensing'], cam: ['physicalExposure'] },
    },
  ],
});
