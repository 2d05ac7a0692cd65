import { testRule } from '../../test/support/rule-tester.js';
import { noSecurityLogging } from './no-security-logging.js';

testRule(noSecurityLogging, {
  raises: [
    {
      name: 'gateways, hubs and services stated not to log security events',
      model: `
elements:
  - { id: gw, name: Gateway, kind: gateway, logging: { securityEvents: false } }
  - { id: cam, kind: camera, logging: { securityEvents: false } }
  - { id: app, kind: mobile-app }`,
      risks: [
        {
          subject: 'gw',
          impact: undefined,
          message: 'Gateway (gateway) does not log security events such as logins, failures and configuration changes.',
        },
      ],
    },
    {
      name: 'a higher impact for the management service and the API gateway',
      model: `
elements:
  - { id: dm, kind: management-service, logging: { securityEvents: false } }
  - { id: api, kind: api-gateway, logging: { securityEvents: false } }`,
      risks: [
        { subject: 'dm', impact: 4 },
        { subject: 'api', impact: 4 },
      ],
    },
  ],
  passes: [
    {
      name: 'elements that log security events',
      model: `
elements:
  - { id: gw, kind: gateway, logging: { securityEvents: true } }
  - { id: mb, kind: message-broker, logging: { securityEvents: true, protected: true } }`,
    },
    {
      name: 'logging not stated: a question',
      model: `
elements:
  - { id: svc, name: Cloud, kind: cloud-service }
  - { id: hub, kind: hub, logging: { protected: true } }`,
      asks: { svc: ['logging.securityEvents'], hub: ['logging.securityEvents'] },
    },
  ],
});
