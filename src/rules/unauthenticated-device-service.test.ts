import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { unauthenticatedDeviceService } from './unauthenticated-device-service.js';

describe('unauthenticated-device-service', () => {
  it('finds device services for data, control or admin without authentication', () => {
    const findings = unauthenticatedDeviceService.check(
      graphFrom(`
elements:
  - id: cam
    name: Camera
    kind: camera
    services:
      - { protocol: rtsp, port: 554, purpose: streaming, authentication: none }
      - { protocol: https, purpose: api }
  - { id: svc, kind: cloud-service, services: [{ protocol: https, purpose: api, authentication: none }] }
`),
    );
    assert.deepEqual(
      findings.map((f) => f.subject),
      ['cam'],
    );
    assert.equal(
      findings[0]?.message,
      'Camera serves RTSP 554 (streaming, no authentication), HTTPS (api, authentication not stated).',
    );
  });

  it('raises likelihood when the service is reachable from the internet', () => {
    const [finding] = unauthenticatedDeviceService.check(
      graphFrom(`
elements:
  - { id: cam, kind: camera, services: [{ protocol: http, purpose: data, authentication: none, exposure: internet }] }
`),
    );
    assert.equal(finding?.likelihood, 5);
  });

  it('rates unauthenticated control of a safety-relevant device at the highest impact', () => {
    const [finding] = unauthenticatedDeviceService.check(
      graphFrom(`
elements:
  - { id: lock, kind: actuator, safetyRelevant: true, services: [{ protocol: coap, purpose: control, authentication: none }] }
`),
    );
    assert.equal(finding?.impact, 5);
  });

  it('accepts authenticated services, discovery and disabled services', () => {
    const findings = unauthenticatedDeviceService.check(
      graphFrom(`
elements:
  - id: cam
    kind: camera
    services:
      - { protocol: https, purpose: admin, authentication: password }
      - { protocol: ssdp, purpose: discovery, authentication: none }
      - { protocol: http, purpose: data, authentication: none, enabled: false }
`),
    );
    assert.deepEqual(findings, []);
  });
});
