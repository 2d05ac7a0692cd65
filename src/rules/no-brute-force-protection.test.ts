import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { noBruteForceProtection } from './no-brute-force-protection.js';

describe('no-brute-force-protection', () => {
  it('finds devices with password services and no brute-force protection', () => {
    const findings = noBruteForceProtection.check(
      graphFrom(`
elements:
  - id: cam
    name: Camera
    kind: camera
    services: [{ protocol: https, port: 443, purpose: admin, authentication: password }]
  - id: plug
    kind: device
    authentication: { bruteForceProtection: false }
    services: [{ protocol: telnet, authentication: password }]
  - id: svc
    kind: cloud-service
    services: [{ protocol: https, authentication: password }]
`),
    );
    assert.deepEqual(
      findings.map((f) => f.subject),
      ['cam', 'plug'],
    );
    assert.equal(
      findings[0]?.message,
      'Camera accepts passwords on HTTPS 443 without stated protection against repeated guessing.',
    );
  });

  it('raises likelihood when the password service is reachable from the internet', () => {
    const [finding] = noBruteForceProtection.check(
      graphFrom(`
elements:
  - id: cam
    kind: camera
    services: [{ protocol: https, authentication: password, exposure: internet }]
`),
    );
    assert.equal(finding?.likelihood, 5);
  });

  it('accepts protected devices, disabled services and other authentication', () => {
    const findings = noBruteForceProtection.check(
      graphFrom(`
elements:
  - id: a
    kind: camera
    authentication: { bruteForceProtection: true }
    services: [{ protocol: https, authentication: password }]
  - id: b
    kind: camera
    services: [{ protocol: telnet, authentication: password, enabled: false }]
  - id: c
    kind: sensor
    services: [{ protocol: mqtts, authentication: certificate }]
`),
    );
    assert.deepEqual(findings, []);
  });
});
