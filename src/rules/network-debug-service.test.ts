import { testRule } from '../../test/support/rule-tester.js';
import { networkDebugService } from './network-debug-service.js';

testRule(networkDebugService, {
  shared: `
zones:
  - { id: plant, kind: industrial }
  - { id: street, kind: public-space }`,
  raises: [
    {
      name: 'enabled network debug services wherever the device stands, likelier in an untrusted zone',
      model: `
elements:
  - { id: box, name: Edge box, kind: hub, zone: plant, debugInterfaces: [{ kind: debug-service, state: enabled }] }
  - { id: kiosk, name: Kiosk, kind: device, zone: street, debugInterfaces: [{ kind: adb, state: enabled }, { kind: uart, state: enabled }] }`,
      risks: [
        {
          subject: 'box',
          likelihood: undefined,
          message: 'Edge box has network debug services enabled without authentication: debug-service.',
        },
        {
          subject: 'kiosk',
          likelihood: 5,
          message: 'Kiosk has network debug services enabled without authentication: adb, in an untrusted zone.',
        },
      ],
    },
  ],
  passes: [
    {
      name: 'protected or disabled debug services; physical ports are left to their own rule',
      model: `
elements:
  - { id: a, kind: hub, zone: plant, debugInterfaces: [{ kind: debug-service, state: protected }] }
  - { id: b, kind: device, zone: street, debugInterfaces: [{ kind: adb, state: disabled }, { kind: jtag, state: enabled }] }
  - { id: c, kind: sensor, debugInterfaces: [] }`,
    },
    {
      name: 'debug interfaces not stated: a question',
      model: `
elements:
  - { id: cam, kind: camera, zone: plant }`,
      asks: { cam: ['debugInterfaces'] },
    },
  ],
});
