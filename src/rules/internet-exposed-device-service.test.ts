import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { internetExposedDeviceService } from './internet-exposed-device-service.js';

describe('internet-exposed-device-service', () => {
  it('finds device services exposed to the internet', () => {
    const findings = internetExposedDeviceService.check(
      graphFrom(`
elements:
  - id: cam
    name: Camera
    kind: camera
    services:
      - { protocol: rtsps, port: 554, purpose: streaming, authentication: password, exposure: internet }
      - { protocol: https, purpose: admin, authentication: password }
  - { id: svc, kind: cloud-service, services: [{ protocol: https, exposure: internet }] }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood, f.impact]),
      [['cam', undefined, undefined]],
    );
    assert.equal(findings[0]?.message, 'Camera exposes RTSPS 554 (streaming) to the internet.');
  });

  it('raises likelihood for unauthenticated services and impact for admin or control', () => {
    const findings = internetExposedDeviceService.check(
      graphFrom(`
elements:
  - { id: a, kind: camera, services: [{ protocol: http, purpose: streaming, exposure: internet }] }
  - { id: b, kind: hub, services: [{ protocol: https, purpose: admin, authentication: password, exposure: internet }] }
  - { id: c, kind: actuator, safetyRelevant: true, services: [{ protocol: https, authentication: token, exposure: internet }] }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood, f.impact]),
      [
        ['a', 5, undefined],
        ['b', undefined, 5],
        ['c', undefined, 5],
      ],
    );
    assert.match(findings[0]?.message ?? '', /not all of it authenticated/);
  });

  it('accepts local and disabled services', () => {
    const findings = internetExposedDeviceService.check(
      graphFrom(`
elements:
  - id: cam
    kind: camera
    services:
      - { protocol: https }
      - { protocol: telnet, exposure: internet, enabled: false }
`),
    );
    assert.deepEqual(findings, []);
  });
});
