import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { weakApiAuthentication } from './weak-api-authentication.js';

describe('weak-api-authentication', () => {
  it('finds internet-facing back-end services that take anonymous or unstated authentication', () => {
    const findings = weakApiAuthentication.check(
      graphFrom(`
elements:
  - id: api
    name: Public API
    kind: api-gateway
    services: [{ protocol: https, port: 443, purpose: api, authentication: none, exposure: internet }]
  - { id: svc, name: Ingest, kind: cloud-service, services: [{ protocol: https, purpose: api, exposure: internet }] }
  - { id: internal, kind: cloud-service, services: [{ protocol: https, purpose: api, authentication: none }] }
  - { id: cam, kind: camera, services: [{ protocol: https, authentication: none, exposure: internet }] }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.impact]),
      [
        ['api', undefined],
        ['svc', undefined],
      ],
    );
    assert.equal(findings[0]?.message, 'Public API serves HTTPS 443 (api) with no authentication to the internet.');
    assert.match(findings[1]?.message ?? '', /with no stated authentication/);
  });

  it('rates an open management service at the highest impact', () => {
    const [finding] = weakApiAuthentication.check(
      graphFrom(`
elements:
  - { id: dm, kind: management-service, services: [{ protocol: https, purpose: admin, authentication: none, exposure: internet }] }
`),
    );
    assert.equal(finding?.impact, 5);
  });

  it('leaves authenticated services alone, password logins included (account-without-multi-factor covers them)', () => {
    const findings = weakApiAuthentication.check(
      graphFrom(`
elements:
  - { id: a, kind: api-gateway, services: [{ protocol: https, authentication: token, exposure: internet }] }
  - { id: b, kind: management-service, services: [{ protocol: https, authentication: certificate, exposure: internet }] }
  - { id: c, kind: cloud-service, services: [{ protocol: https, authentication: password, exposure: internet }] }
`),
    );
    assert.deepEqual(findings, []);
  });
});
