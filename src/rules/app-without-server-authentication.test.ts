import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { appWithoutServerAuthentication } from './app-without-server-authentication.js';

describe('app-without-server-authentication', () => {
  it('finds app flows that do not authenticate the server', () => {
    const findings = appWithoutServerAuthentication.check(
      graphFrom(`
elements:
  - { id: app, name: Home app, kind: mobile-app }
  - { id: svc, name: Cloud API, kind: cloud-service }
  - { id: cam, kind: camera }
flows:
  - { id: f1, from: app, to: svc, protocol: https, serverAuthenticated: false }
  - { id: f2, from: cam, to: svc, protocol: https, serverAuthenticated: false }
  - { id: f3, from: app, to: svc, protocol: https }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood, f.impact]),
      [['f1', undefined, undefined]],
    );
    assert.equal(findings[0]?.message, 'Home app connects to Cloud API over HTTPS without authenticating the server.');
  });

  it('raises likelihood across an untrusted network and impact for sensitive personal data', () => {
    const [finding] = appWithoutServerAuthentication.check(
      graphFrom(`
zones:
  - { id: net, kind: internet }
  - { id: cloud, kind: cloud }
elements:
  - { id: app, kind: mobile-app, zone: net }
  - { id: svc, kind: cloud-service, zone: cloud }
dataAssets:
  - { id: pulse, personalData: { categories: [health] } }
flows:
  - { id: f, from: app, to: svc, protocol: https, serverAuthenticated: false, data: [pulse] }
`),
    );
    assert.equal(finding?.likelihood, 4);
    assert.equal(finding?.impact, 5);
  });

  it('accepts apps that check the server', () => {
    const findings = appWithoutServerAuthentication.check(
      graphFrom(`
elements:
  - { id: app, kind: web-app }
  - { id: svc, kind: cloud-service }
flows:
  - { id: f, from: app, to: svc, protocol: https, serverAuthenticated: true }
`),
    );
    assert.deepEqual(findings, []);
  });
});
