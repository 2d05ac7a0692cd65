import { testRule } from '../../test/support/rule-tester.js';
import { deviceWithoutServerAuthentication } from './device-without-server-authentication.js';

testRule(deviceWithoutServerAuthentication, {
  shared: `
zones:
  - { id: home, kind: customer-premises }
  - { id: net, kind: internet }
  - { id: cloud, kind: cloud }
  - { id: field, kind: industrial }`,
  raises: [
    {
      name: 'a camera that sends to its cloud without checking the certificate',
      model: `
elements:
  - { id: cam, name: Camera, kind: camera, zone: home }
  - { id: svc, name: Video cloud, kind: cloud-service, zone: cloud }
  - { id: app, kind: mobile-app }
flows:
  - { id: up, from: cam, to: svc, protocol: mqtts, serverAuthenticated: false }
  - { id: ok, from: cam, to: svc, protocol: https, serverAuthenticated: true }
  - { id: appflow, from: app, to: svc, protocol: https, serverAuthenticated: false }`,
      risks: [
        {
          subject: 'cam',
          related: ['up', 'svc'],
          likelihood: 3,
          impact: 4,
          message: 'Camera connects to Video cloud without authenticating the server.',
        },
      ],
    },
    {
      name: 'worse over the internet, and when forged updates would be installed',
      model: `
elements:
  - { id: sensor, kind: sensor, zone: net, update: { mechanism: automatic, signed: false } }
  - { id: fw, kind: management-service, zone: cloud }
flows:
  - { id: fetch, from: sensor, to: fw, protocol: https, purpose: update, serverAuthenticated: false }`,
      risks: [
        {
          subject: 'sensor',
          likelihood: 4,
          impact: 5,
          adjustment: /untrusted network.*does not verify their signature/,
        },
      ],
    },
    {
      name: 'each device a zone flow leaves is a client of its own',
      model: `
elements:
  - { id: s1, kind: sensor, zone: field }
  - { id: s2, kind: sensor, zone: field }
  - { id: broker, kind: message-broker, zone: cloud }
flows:
  - { id: up, from: field, fromZone: true, to: broker, protocol: mqtts, serverAuthenticated: false }`,
      risks: [
        { subject: 's1', related: ['up@s1', 'broker'] },
        { subject: 's2', related: ['up@s2', 'broker'] },
      ],
    },
  ],
  passes: [
    {
      name: 'devices that check the server, radio links and cleartext flows (the cleartext rules judge those)',
      model: `
elements:
  - { id: cam, kind: camera, zone: home }
  - { id: hub, kind: hub, zone: home }
  - { id: svc, kind: cloud-service, zone: cloud }
flows:
  - { id: a, from: cam, to: svc, protocol: https, serverAuthenticated: true }
  - { id: b, from: cam, to: hub, protocol: ble, serverAuthenticated: false }
  - { id: c, from: cam, to: svc, protocol: http }`,
    },
    {
      name: 'an encrypted connection that does not say: a question on the flow, one for a zone flow',
      model: `
elements:
  - { id: cam, kind: camera, zone: home }
  - { id: s1, kind: sensor, zone: field }
  - { id: s2, kind: sensor, zone: field }
  - { id: svc, kind: cloud-service, zone: cloud }
flows:
  - { id: a, from: cam, to: svc, protocol: mqtts }
  - { id: z, from: field, fromZone: true, to: svc, protocol: https }`,
      asks: { a: ['serverAuthenticated'], 'z@s1': ['serverAuthenticated'] },
    },
  ],
});
