import { testRule } from '../../test/support/rule-tester.js';
import { appWithoutServerAuthentication } from './app-without-server-authentication.js';

testRule(appWithoutServerAuthentication, {
  raises: [
    {
      name: 'one risk per app, for all its flows that do not check the server',
      model: `
elements:
  - { id: app, name: Home app, kind: mobile-app }
  - { id: svc, name: Cloud API, kind: cloud-service }
  - { id: cdn, name: Media CDN, kind: cloud-service }
  - { id: cam, kind: camera }
flows:
  - { id: f1, from: app, to: svc, protocol: https, serverAuthenticated: false }
  - { id: f2, from: app, to: cdn, protocol: https, serverAuthenticated: false }
  - { id: f3, from: cam, to: svc, protocol: https, serverAuthenticated: false }
  - { id: f4, from: app, to: svc, protocol: wss, serverAuthenticated: true }`,
      risks: [
        {
          subject: 'app',
          related: ['f1', 'f2', 'svc', 'cdn'],
          message: 'Home app connects to Cloud API, Media CDN without authenticating the server.',
        },
      ],
    },
    {
      name: 'a higher likelihood across an untrusted network and impact for sensitive personal data',
      model: `
zones:
  - { id: net, kind: internet }
  - { id: cloud, kind: cloud }
elements:
  - { id: app, kind: mobile-app, zone: net }
  - { id: svc, kind: cloud-service, zone: cloud }
dataAssets:
  - { id: pulse, personalData: { categories: [health] } }
flows:
  - { id: f, from: app, to: svc, protocol: https, serverAuthenticated: false, data: [pulse] }`,
      risks: [
        {
          subject: 'app',
          likelihood: 4,
          impact: 5,
          adjustment: /untrusted network.*; it carries sensitive personal data/,
        },
      ],
    },
  ],
  passes: [
    {
      name: 'apps that check the server, and messages to people',
      model: `
elements:
  - { id: app, kind: web-app }
  - { id: svc, kind: cloud-service }
  - { id: person, kind: user }
flows:
  - { id: f, from: app, to: svc, protocol: https, serverAuthenticated: true }
  - { id: g, from: app, to: person, protocol: https, serverAuthenticated: false }`,
    },
    {
      name: 'an encrypted flow that does not say: a question per flow; a cleartext one is not asked about',
      model: `
elements:
  - { id: app, kind: mobile-app }
  - { id: svc, kind: cloud-service }
flows:
  - { id: f, from: app, to: svc, protocol: https }
  - { id: g, from: app, to: svc, protocol: http }`,
      asks: { f: ['serverAuthenticated'] },
    },
  ],
});
