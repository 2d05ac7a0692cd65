import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { unauthenticatedFlowAcrossBoundary } from './unauthenticated-flow-across-boundary.js';

const zones = `
zones:
  - { id: home, kind: customer-premises }
  - { id: cloud, kind: cloud }
  - { id: net, kind: internet }
  - { id: plant, kind: industrial }
`;

describe('unauthenticated-flow-across-boundary', () => {
  it('finds flows between zones whose receiver does not authenticate the sender', () => {
    const findings = unauthenticatedFlowAcrossBoundary.check(
      graphFrom(`${zones}
elements:
  - { id: cam, name: Camera, kind: camera, zone: home }
  - { id: svc, name: Cloud, kind: cloud-service, zone: cloud }
  - { id: hub, kind: hub, zone: home }
flows:
  - { id: f1, from: svc, to: cam, protocol: https, purpose: data, authentication: none }
  - { id: f2, from: cam, to: svc, protocol: mqtts }
  - { id: f3, from: cam, to: svc, protocol: mqtts, authentication: certificate }
  - { id: f4, from: cam, to: hub, protocol: http, authentication: none }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood, f.impact]),
      [
        ['f1', undefined, undefined],
        ['f2', 4, undefined],
      ],
    );
    assert.equal(findings[0]?.message, 'Camera (home) accepts HTTPS data from Cloud (cloud) without authentication.');
    assert.equal(
      findings[1]?.message,
      'Cloud (cloud) accepts MQTTS from Camera (home) with no stated authentication, into a more trusted zone.',
    );
  });

  it('raises likelihood into a more trusted zone, most from an untrusted one, and impact for commands', () => {
    const findings = unauthenticatedFlowAcrossBoundary.check(
      graphFrom(`${zones}
elements:
  - { id: x, kind: external-party, zone: net }
  - { id: svc, kind: cloud-service, zone: cloud }
  - { id: plc, kind: controller, zone: plant }
flows:
  - { id: f1, from: x, to: svc, protocol: https, purpose: api, authentication: none }
  - { id: f2, from: svc, to: plc, protocol: opc-ua, purpose: control }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood, f.impact]),
      [
        ['f1', 5, undefined],
        ['f2', 4, 4],
      ],
    );
  });

  it('skips discovery and network plumbing', () => {
    const findings = unauthenticatedFlowAcrossBoundary.check(
      graphFrom(`${zones}
elements:
  - { id: cam, kind: camera, zone: home }
  - { id: svc, kind: cloud-service, zone: cloud }
flows:
  - { id: f1, from: cam, to: svc, protocol: dns }
  - { id: f2, from: cam, to: svc, protocol: ntp }
  - { id: f3, from: cam, to: svc, protocol: http, purpose: discovery }
`),
    );
    assert.deepEqual(findings, []);
  });
});
