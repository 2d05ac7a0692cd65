import { testRule } from '../../test/support/rule-tester.js';
import { unsignedUpdates } from './unsigned-updates.js';

testRule(unsignedUpdates, {
  raises: [
    {
      name: 'an updateable device that does not verify update signatures',
      model: `
elements:
  - { id: cam, name: Camera, kind: camera, update: { mechanism: automatic, signed: false } }
  - { id: app, kind: mobile-app, update: { mechanism: automatic, signed: false } }`,
      risks: [
        {
          subject: 'cam',
          message: 'Camera receives automatic updates but does not verify a signature before installing them.',
        },
      ],
    },
    {
      name: 'a higher likelihood when an update reaches the device unencrypted',
      model: `
elements:
  - { id: ota, kind: management-service }
  - { id: cam, kind: camera, update: { mechanism: automatic, signed: false, endpoint: ota } }
flows:
  - { id: f, from: ota, to: cam, protocol: http }`,
      risks: [{ subject: 'cam', likelihood: 4, message: /update flow to it is unencrypted\.$/ }],
    },
    {
      name: 'a safety-relevant device at the highest impact',
      model: `
elements:
  - { id: lock, kind: actuator, safetyRelevant: true, update: { mechanism: manual, signed: false } }`,
      risks: [{ subject: 'lock', impact: 5 }],
    },
  ],
  passes: [
    {
      name: 'signed updates and devices that cannot be updated',
      model: `
elements:
  - { id: a, kind: camera, update: { mechanism: automatic, signed: true } }
  - { id: b, kind: sensor, update: { mechanism: none } }`,
    },
    {
      name: 'signatures or the update mechanism not stated: questions',
      model: `
elements:
  - { id: hub, kind: hub, update: { mechanism: manual } }
  - { id: c, kind: sensor }
  - { id: d, kind: sensor, update: { signed: false } }`,
      asks: { hub: ['update.signed'], c: ['update.mechanism', 'update.signed'], d: ['update.mechanism'] },
    },
  ],
});
