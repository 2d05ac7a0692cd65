import { testRule } from '../../test/support/rule-tester.js';
import { unprotectedLogs } from './unprotected-logs.js';

testRule(unprotectedLogs, {
  raises: [
    {
      name: 'security logs that are not protected',
      model: `
elements:
  - { id: gw, name: Gateway, kind: gateway, logging: { securityEvents: true, protected: false } }
  - { id: hub, kind: hub, logging: { securityEvents: false, protected: false } }`,
      risks: [
        {
          subject: 'gw',
          likelihood: undefined,
          message:
            'Gateway logs security events but does not protect them against tampering and unauthorised reading, and keeps them only locally.',
        },
      ],
    },
    {
      name: 'a lower likelihood when the logs are also sent to a central service',
      model: `
elements:
  - { id: gw, kind: gateway, logging: { securityEvents: true, protected: false, centralised: true } }`,
      risks: [{ subject: 'gw', likelihood: 2 }],
    },
  ],
  passes: [
    {
      name: 'protected logs, and elements not stated to log',
      model: `
elements:
  - { id: gw, kind: gateway, logging: { securityEvents: true, protected: true } }
  - { id: svc, kind: cloud-service }`,
    },
    {
      name: 'protection not stated: a question',
      model: `
elements:
  - { id: svc, kind: cloud-service, logging: { securityEvents: true } }`,
      asks: { svc: ['logging.protected'] },
    },
  ],
});
