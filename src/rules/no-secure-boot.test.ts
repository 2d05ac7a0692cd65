import { testRule } from '../../test/support/rule-tester.js';
import { noSecureBoot } from './no-secure-boot.js';

testRule(noSecureBoot, {
  shared: `
zones:
  - { id: home, kind: customer-premises }
  - { id: street, kind: public-space }
  - { id: plant, kind: industrial }`,
  raises: [
    {
      name: 'physically exposed devices stated to have no secure boot',
      model: `
elements:
  - { id: cam, name: Camera, kind: camera, zone: home, secureBoot: false }
  - { id: panel, kind: hmi, zone: plant, physicalExposure: staff-and-contractors, secureBoot: false }
  - { id: plc, kind: controller, zone: plant, physicalExposure: staff-and-contractors, secureBoot: false }
  - { id: locked, kind: controller, zone: plant, secureBoot: false }`,
      risks: [
        { subject: 'cam', likelihood: 2, message: 'Camera has no secure boot and is at customer premises.' },
        'plc',
      ],
    },
    {
      name: 'a higher likelihood in a public space, a lower one when tampering is detected',
      model: `
elements:
  - { id: a, kind: sensor, zone: street, secureBoot: false }
  - { id: b, kind: sensor, zone: street, secureBoot: false, tamperDetection: true }
  - { id: c, kind: sensor, zone: home, secureBoot: false, tamperDetection: true }`,
      risks: [
        { subject: 'a', likelihood: 3, adjustment: 'anyone can reach it in a public space' },
        { subject: 'b', likelihood: 2 },
        { subject: 'c', likelihood: 1, adjustment: /detects opening or tampering/ },
      ],
    },
  ],
  passes: [
    {
      name: 'secure boot, and devices on secured sites',
      model: `
elements:
  - { id: a, kind: camera, zone: street, secureBoot: true }
  - { id: b, kind: controller, zone: plant }`,
    },
    {
      name: 'secure boot or the place not stated: questions',
      model: `
elements:
  - { id: plug, name: Plug, kind: device, zone: home }
  - { id: loose, kind: sensor, secureBoot: false }
  - { id: nothing, kind: sensor }`,
      asks: { plug: ['secureBoot'], loose: ['physicalExposure'], nothing: ['physicalExposure', 'secureBoot'] },
    },
  ],
});
