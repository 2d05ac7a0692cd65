import { testRule } from '../../test/support/rule-tester.js';
import { extractableSecrets } from './extractable-secrets.js';

testRule(extractableSecrets, {
  raises: [
    {
      name: 'devices with plaintext or obfuscated secret storage',
      model: `
elements:
  - { id: cam, name: Camera, kind: camera, secretStorage: plaintext }
  - { id: hub, kind: hub, secretStorage: obfuscated, hardcodedCredentials: false }
  - { id: app, kind: mobile-app, secretStorage: plaintext }`,
      risks: [{ subject: 'cam', message: 'Camera keeps its secrets in plaintext.', likelihood: undefined }, 'hub'],
    },
    {
      name: 'hard-coded credentials, likelier and worse: the same secret is in every unit',
      model: `
elements:
  - { id: s, name: Sensor, kind: sensor, secretStorage: secure-element, hardcodedCredentials: true }`,
      risks: [
        {
          subject: 's',
          likelihood: 4,
          impact: 5,
          message: 'Sensor has credentials built into its software image.',
        },
      ],
    },
    {
      name: 'a higher likelihood in a public space',
      model: `
zones: [{ id: street, kind: public-space }]
elements:
  - { id: s, kind: sensor, zone: street, secretStorage: plaintext }`,
      risks: [{ subject: 's', likelihood: 4, adjustment: /public space/ }],
    },
  ],
  passes: [
    {
      name: 'protected storage and no built-in credentials',
      model: `
elements:
  - { id: a, kind: camera, secretStorage: secure-element, hardcodedCredentials: false }
  - { id: b, kind: sensor, secretStorage: none, hardcodedCredentials: false }`,
    },
    {
      name: 'what is not stated is asked for',
      model: `
elements:
  - { id: a, kind: camera, secretStorage: secure-element }
  - { id: c, kind: sensor }`,
      asks: { a: ['hardcodedCredentials'], c: ['secretStorage', 'hardcodedCredentials'] },
    },
  ],
});
