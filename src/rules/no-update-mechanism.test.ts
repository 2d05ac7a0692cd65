import { testRule } from '../../test/support/rule-tester.js';
import { noUpdateMechanism } from './no-update-mechanism.js';

testRule(noUpdateMechanism, {
  raises: [
    {
      name: 'a device whose update mechanism is none',
      model: `
elements:
  - { id: sensor, name: Door sensor, kind: sensor, update: { mechanism: none } }
  - { id: svc, kind: cloud-service, update: { mechanism: none } }`,
      risks: [{ subject: 'sensor', likelihood: undefined, message: /^Door sensor has no update mechanism/ }],
    },
    {
      name: 'a higher likelihood when the device has a service reachable from the internet',
      model: `
elements:
  - id: cam
    kind: camera
    update: { mechanism: none }
    services: [{ protocol: https, exposure: internet }]`,
      risks: [{ subject: 'cam', likelihood: 5 }],
    },
  ],
  passes: [
    {
      name: 'updateable devices',
      model: `
elements:
  - { id: a, kind: camera, update: { mechanism: automatic } }
  - { id: b, kind: sensor, update: { mechanism: manual } }`,
    },
    {
      name: 'a device whose update mechanism is not stated: a question',
      model: `
elements:
  - { id: c, kind: sensor }
  - { id: d, kind: sensor, update: { signed: true } }`,
      asks: { c: ['update.mechanism'], d: ['update.mechanism'] },
    },
  ],
});
