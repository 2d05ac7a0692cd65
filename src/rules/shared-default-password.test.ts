import { testRule } from '../../test/support/rule-tester.js';
import { sharedDefaultPassword } from './shared-default-password.js';

testRule(sharedDefaultPassword, {
  raises: [
    {
      name: 'a device whose password is shared by the product line',
      model: `
elements:
  - { id: cam, name: Camera, kind: camera, authentication: { passwords: shared-default } }
  - { id: app, kind: mobile-app, authentication: { passwords: shared-default } }`,
      risks: [
        {
          subject: 'cam',
          likelihood: 5,
          impact: 4,
          message: 'Camera ships with a password shared by every device of its kind.',
        },
      ],
    },
    {
      name: 'a fleet or an internet-exposed device at the highest impact',
      model: `
elements:
  - { id: cam, kind: camera, count: 200, authentication: { passwords: shared-default } }
  - { id: hub, kind: hub, authentication: { passwords: shared-default }, services: [{ protocol: https, exposure: internet }] }`,
      risks: [
        { subject: 'cam', impact: 5, adjustment: '200 devices share it' },
        { subject: 'hub', impact: 5, message: /reachable from the internet\.$/ },
      ],
    },
    {
      name: 'one password the operator set for the whole fleet: less likely, as bad',
      model: `
elements:
  - { id: meters, name: Meters, kind: sensor, count: 40, authentication: { passwords: operator-set-shared } }`,
      risks: [
        {
          subject: 'meters',
          likelihood: 3,
          impact: 5,
          message: 'Meters shares one password, set by the operator, across the fleet.',
        },
      ],
    },
  ],
  passes: [
    {
      name: 'unique, user-defined or no passwords',
      model: `
elements:
  - { id: a, kind: camera, authentication: { passwords: unique-per-device } }
  - { id: b, kind: sensor, authentication: { passwords: user-defined } }
  - { id: c, kind: sensor, authentication: { passwords: none } }
  - { id: d, kind: sensor, authentication: { mechanisms: [certificate] }, services: [] }`,
    },
    {
      name: 'a password practice not stated: a question',
      model: `
elements:
  - { id: cam, kind: camera, services: [{ protocol: https, authentication: password }] }
  - { id: plug, kind: device }`,
      asks: { cam: ['authentication.passwords'], plug: ['authentication.passwords'] },
    },
  ],
});
