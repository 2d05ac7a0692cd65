import { testRule } from '../../test/support/rule-tester.js';
import { longLivedUnpatchableDevice } from './long-lived-unpatchable-device.js';

testRule(longLivedUnpatchableDevice, {
  raises: [
    {
      name: 'a sensor that cannot be updated and is meant to last years',
      model: `
elements:
  - { id: tags, name: Asset tags, kind: sensor, count: 200, update: { mechanism: none }, lifetimeYears: 5 }
  - { id: cam, kind: camera, update: { mechanism: automatic }, lifetimeYears: 8 }
  - { id: svc, kind: cloud-service, update: { mechanism: none }, lifetimeYears: 9 }`,
      risks: [
        {
          subject: 'tags',
          likelihood: undefined,
          message: 'Asset tags cannot be updated and stays in use for 5 years, 200 of them.',
        },
      ],
    },
    {
      name: 'a higher likelihood for a decade or more',
      model: `
elements:
  - { id: meter, kind: sensor, update: { mechanism: none }, lifetimeYears: 15 }`,
      risks: [{ subject: 'meter', likelihood: 4 }],
    },
  ],
  passes: [
    {
      name: 'a short-lived or disposable device, and updateable ones',
      model: `
elements:
  - { id: patch, kind: sensor, update: { mechanism: none }, lifetimeYears: 1, disposable: true }
  - { id: hub, kind: hub, update: { mechanism: manual }, lifetimeYears: 10 }`,
    },
    {
      name: 'lifetime or update mechanism not stated: questions',
      model: `
elements:
  - { id: a, kind: sensor, update: { mechanism: none } }
  - { id: b, kind: sensor, lifetimeYears: 7 }
  - { id: c, kind: sensor }`,
      asks: { a: ['lifetimeYears'], b: ['update.mechanism'], c: ['update.mechanism', 'lifetimeYears'] },
    },
  ],
});
