import { testRule } from '../../test/support/rule-tester.js';
import { weakApiAuthentication } from './weak-api-authentication.js';

testRule(weakApiAuthentication, {
  raises: [
    {
      name: 'an internet-facing back-end service that takes anonymous calls',
      model: `
elements:
  - id: api
    name: Public API
    kind: api-gateway
    services: [{ protocol: https, port: 443, purpose: api, authentication: none, exposure: internet }]
  - { id: internal, kind: cloud-service, services: [{ protocol: https, purpose: api, authentication: none }] }
  - { id: cam, kind: camera, services: [{ protocol: https, authentication: none, exposure: internet }] }`,
      risks: [
        {
          subject: 'api',
          impact: undefined,
          message: 'Public API serves HTTPS 443 (api) to the internet without authentication.',
        },
      ],
    },
    {
      name: 'an open management service at the highest impact',
      model: `
elements:
  - { id: dm, kind: management-service, services: [{ protocol: https, purpose: admin, authentication: none, exposure: internet }] }`,
      risks: [{ subject: 'dm', impact: 5 }],
    },
  ],
  passes: [
    {
      name: 'authenticated services (password logins are account-without-multi-factor’s) and public downloads',
      model: `
elements:
  - { id: a, kind: api-gateway, services: [{ protocol: https, authentication: token, exposure: internet }] }
  - { id: b, kind: management-service, services: [{ protocol: https, authentication: certificate, exposure: internet }] }
  - { id: c, kind: cloud-service, services: [{ protocol: https, authentication: password, exposure: internet }] }
  - { id: fw, kind: cloud-service, services: [{ protocol: https, purpose: update, authentication: none, exposure: internet }] }`,
    },
    {
      name: 'services or their authentication not stated: questions, not a risk ranked first',
      model: `
elements:
  - { id: svc, name: Ingest, kind: cloud-service, services: [{ protocol: https, purpose: api, exposure: internet }] }
  - { id: dm, kind: management-service }`,
      asks: { svc: ['services[].authentication'], dm: ['services'] },
    },
  ],
});
