import { testRule } from '../../test/support/rule-tester.js';
import { accountWithoutMultiFactor } from './account-without-multi-factor.js';

testRule(accountWithoutMultiFactor, {
  raises: [
    {
      name: 'a portal with password logins and no second factor',
      model: `
elements:
  - { id: portal, name: Portal, kind: web-app, authentication: { mechanisms: [password], multiFactor: false } }
  - { id: cam, kind: camera, authentication: { passwords: user-defined, multiFactor: false } }
  - { id: svc, kind: cloud-service, authentication: { mechanisms: [token], multiFactor: false } }`,
      risks: [{ subject: 'portal', message: 'Users log in to Portal with a password and no second factor.' }],
    },
    {
      name: 'a lower likelihood when repeated failures are limited',
      model: `
elements:
  - { id: svc, kind: cloud-service, authentication: { mechanisms: [password], multiFactor: false, bruteForceProtection: true } }`,
      risks: [{ subject: 'svc', likelihood: 3, adjustment: /repeated failed logins are limited/ }],
    },
  ],
  passes: [
    {
      name: 'multi-factor authentication',
      model: `
elements:
  - { id: svc, kind: cloud-service, authentication: { mechanisms: [password], multiFactor: true } }`,
    },
    {
      name: 'a second factor not stated: a question, not a risk',
      model: `
elements:
  - { id: app, name: App, kind: mobile-app, authentication: { passwords: user-defined } }
  - { id: svc, kind: cloud-service }`,
      asks: { app: ['authentication.multiFactor'] },
    },
  ],
});
