import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { accountWithoutMultiFactor } from './account-without-multi-factor.js';

describe('account-without-multi-factor', () => {
  it('finds services and apps with password logins and no second factor', () => {
    const findings = accountWithoutMultiFactor.check(
      graphFrom(`
elements:
  - { id: portal, name: Portal, kind: web-app, authentication: { mechanisms: [password], multiFactor: false } }
  - { id: app, name: App, kind: mobile-app, authentication: { passwords: user-defined } }
  - { id: cam, kind: camera, authentication: { passwords: user-defined } }
  - { id: svc, kind: cloud-service, authentication: { mechanisms: [token] } }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood]),
      [
        ['portal', undefined],
        ['app', undefined],
      ],
    );
    assert.equal(findings[0]?.message, 'Users log in to Portal with a password and no second factor.');
    assert.equal(findings[1]?.message, 'Users log in to App with a password and no stated second factor.');
  });

  it('lowers likelihood when repeated failures are limited', () => {
    const [finding] = accountWithoutMultiFactor.check(
      graphFrom(`
elements:
  - { id: svc, kind: cloud-service, authentication: { mechanisms: [password], bruteForceProtection: true } }
`),
    );
    assert.equal(finding?.likelihood, 3);
  });

  it('accepts multi-factor authentication', () => {
    const findings = accountWithoutMultiFactor.check(
      graphFrom(`
elements:
  - { id: svc, kind: cloud-service, authentication: { mechanisms: [password], multiFactor: true } }
`),
    );
    assert.deepEqual(findings, []);
  });
});
