import { testRule } from '../../test/support/rule-tester.js';
import { bystanderSensing } from './bystander-sensing.js';

testRule(bystanderSensing, {
  shared: `
zones:
  - { id: home, kind: customer-premises }
  - { id: street, kind: public-space }
  - { id: plant, kind: industrial }`,
  raises: [
    {
      name: 'devices that sense people at home and on a shared site',
      model: `
elements:
  - { id: pir, name: Hall sensor, kind: sensor, zone: home, sensing: [presence, motion] }
  - { id: thermo, kind: sensor, zone: home, sensing: [environmental] }
  - { id: cam, kind: camera, zone: street, sensing: [camera] }
  - { id: floor-cam, kind: camera, zone: plant, physicalExposure: staff-and-contractors, sensing: [camera] }`,
      risks: [
        {
          subject: 'pir',
          impact: undefined,
          message:
            'Hall sensor senses people (presence) at the premises, including visitors and others who did not choose it.',
        },
        { subject: 'floor-cam', impact: 4 },
      ],
    },
    {
      name: 'a higher impact for microphones',
      model: `
elements:
  - { id: speaker, kind: device, zone: home, sensing: [microphone] }`,
      risks: [{ subject: 'speaker', impact: 4, adjustment: /images, voices or biometrics/ }],
    },
  ],
  passes: [
    {
      name: 'devices that sense no one around them, and secured sites',
      model: `
elements:
  - { id: meter, kind: sensor, zone: home, sensing: [energy] }
  - { id: watch, kind: sensor, zone: home, sensing: [health, location, motion] }
  - { id: plc-cam, kind: camera, zone: plant, sensing: [camera] }`,
    },
    {
      name: 'sensing or place not stated: questions',
      model: `
elements:
  - { id: hub, kind: hub, zone: home }
  - { id: loose, kind: camera, sensing: [camera] }
  - { id: both, kind: sensor }
  - { id: street-thing, kind: sensor, zone: street }`,
      asks: { hub: ['sensing'], loose: ['physicalExposure'], both: ['physicalExposure', 'sensing'] },
    },
  ],
});
