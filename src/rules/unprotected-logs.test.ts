import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { unprotectedLogs } from './unprotected-logs.js';

describe('unprotected-logs', () => {
  it('finds security logs that are not protected', () => {
    const findings = unprotectedLogs.check(
      graphFrom(`
elements:
  - { id: gw, name: Gateway, kind: gateway, logging: { securityEvents: true, protected: false } }
  - { id: svc, kind: cloud-service, logging: { securityEvents: true } }
  - { id: hub, kind: hub, logging: { securityEvents: false } }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood]),
      [
        ['gw', undefined],
        ['svc', undefined],
      ],
    );
    assert.equal(
      findings[0]?.message,
      'Gateway logs security events but does not protect them against tampering and unauthorised reading, and keeps them only locally.',
    );
  });

  it('lowers likelihood when the logs are also sent to a central service', () => {
    const [finding] = unprotectedLogs.check(
      graphFrom(`
elements:
  - { id: gw, kind: gateway, logging: { securityEvents: true, centralised: true } }
`),
    );
    assert.equal(finding?.likelihood, 2);
  });

  it('accepts protected logs', () => {
    const findings = unprotectedLogs.check(
      graphFrom(`
elements:
  - { id: gw, kind: gateway, logging: { securityEvents: true, protected: true } }
`),
    );
    assert.deepEqual(findings, []);
  });
});
