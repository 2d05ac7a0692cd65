import { testRule } from '../../test/support/rule-tester.js';
import { physicalDebugPort } from './physical-debug-port.js';

testRule(physicalDebugPort, {
  shared: `
zones:
  - { id: home, kind: customer-premises }
  - { id: street, kind: public-space }
  - { id: plant, kind: industrial }`,
  raises: [
    {
      name: 'enabled or reachable debug ports on devices others can touch',
      model: `
elements:
  - { id: cam, name: Camera, kind: camera, zone: home, debugInterfaces: [{ kind: uart, state: enabled }] }
  - { id: plug, kind: device, zone: home, debugInterfaces: [{ kind: jtag, state: protected, physicallyAccessible: true }] }
  - { id: plc, kind: controller, zone: plant, debugInterfaces: [{ kind: jtag, state: enabled }] }
  - { id: rtu, kind: controller, zone: plant, physicalExposure: staff-and-contractors, debugInterfaces: [{ kind: swd, state: enabled }] }`,
      risks: [
        { subject: 'cam', likelihood: 3, message: 'Camera at customer premises has open debug ports: uart enabled.' },
        { subject: 'plug', likelihood: 3 },
        { subject: 'rtu', likelihood: 3 },
      ],
    },
    {
      name: 'a higher likelihood in a public space, and more when the port is open on the outside',
      model: `
elements:
  - { id: a, kind: sensor, zone: street, debugInterfaces: [{ kind: uart, state: enabled }] }
  - { id: b, kind: sensor, zone: street, debugInterfaces: [{ kind: uart, state: enabled, physicallyAccessible: true }] }`,
      risks: [
        { subject: 'a', likelihood: 4 },
        { subject: 'b', likelihood: 5, adjustment: /public space; .*without opening the case/ },
      ],
    },
  ],
  passes: [
    {
      name: 'network debug services (their own rule), disabled and internal protected ports',
      model: `
elements:
  - { id: a, kind: camera, zone: street, debugInterfaces: [{ kind: uart, state: disabled, physicallyAccessible: true }] }
  - { id: b, kind: camera, zone: home, debugInterfaces: [{ kind: swd, state: protected }] }
  - { id: c, kind: hub, zone: street, debugInterfaces: [{ kind: adb, state: enabled }, { kind: debug-service, state: enabled }] }`,
    },
    {
      name: 'debug ports or the place not stated: questions',
      model: `
elements:
  - { id: cam, kind: camera, zone: home }
  - { id: loose, kind: sensor, debugInterfaces: [{ kind: uart, state: enabled }] }
  - { id: locked, kind: controller, zone: plant }`,
      asks: { cam: ['debugInterfaces'], loose: ['physicalExposure'] },
    },
  ],
});
