import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { noSecurityLogging } from './no-security-logging.js';

describe('no-security-logging', () => {
  it('finds gateways, hubs and services without security event logging', () => {
    const findings = noSecurityLogging.check(
      graphFrom(`
elements:
  - { id: gw, name: Gateway, kind: gateway, logging: { securityEvents: false } }
  - { id: svc, name: Cloud, kind: cloud-service }
  - { id: cam, kind: camera }
  - { id: app, kind: mobile-app }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.impact]),
      [
        ['gw', undefined],
        ['svc', undefined],
      ],
    );
    assert.equal(
      findings[0]?.message,
      'Gateway (gateway) does not log security events such as logins, failures and configuration changes.',
    );
    assert.match(findings[1]?.message ?? '', /Cloud \(cloud-service\) is not stated to log/);
  });

  it('raises impact for the management service and the API gateway', () => {
    const findings = noSecurityLogging.check(
      graphFrom(`
elements:
  - { id: dm, kind: management-service }
  - { id: api, kind: api-gateway }
`),
    );
    assert.deepEqual(
      findings.map((f) => f.impact),
      [4, 4],
    );
  });

  it('accepts elements that log security events', () => {
    const findings = noSecurityLogging.check(
      graphFrom(`
elements:
  - { id: gw, kind: gateway, logging: { securityEvents: true } }
  - { id: mb, kind: message-broker, logging: { securityEvents: true, protected: true } }
`),
    );
    assert.deepEqual(findings, []);
  });
});
