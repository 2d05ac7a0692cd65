import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { unauthenticatedSafetyControl } from './unauthenticated-safety-control.js';

const zones = `
zones:
  - { id: plant, kind: industrial }
  - { id: office, kind: corporate }
  - { id: net, kind: internet }
`;

describe('unauthenticated-safety-control', () => {
  it('finds unauthenticated control flows into safety-relevant elements', () => {
    const findings = unauthenticatedSafetyControl.check(
      graphFrom(`${zones}
elements:
  - { id: hmi, name: Panel, kind: hmi, zone: plant }
  - { id: valve, name: Steam valve, kind: actuator, zone: plant, safetyRelevant: true }
  - { id: lamp, kind: actuator, zone: plant }
flows:
  - { id: f1, from: hmi, to: valve, protocol: modbus, purpose: control, authentication: none }
  - { id: f2, from: hmi, to: lamp, protocol: modbus, purpose: control, authentication: none }
  - { id: f3, from: hmi, to: valve, protocol: modbus, purpose: data, authentication: none }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood]),
      [['f1', undefined]],
    );
    assert.equal(
      findings[0]?.message,
      'Steam valve is safety-relevant and takes control commands from Panel over MODBUS without authentication.',
    );
  });

  it('raises likelihood across a boundary, and most from an untrusted zone', () => {
    const findings = unauthenticatedSafetyControl.check(
      graphFrom(`${zones}
elements:
  - { id: pc, kind: web-app, zone: office }
  - { id: remote, kind: external-party, zone: net }
  - { id: valve, kind: actuator, zone: plant, safetyRelevant: true }
flows:
  - { id: f1, from: pc, to: valve, protocol: opc-ua, purpose: control }
  - { id: f2, from: remote, to: valve, protocol: https, purpose: control }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood]),
      [
        ['f1', 4],
        ['f2', 5],
      ],
    );
    assert.match(findings[0]?.message ?? '', /without stated authentication, across a zone boundary/);
  });

  it('accepts authenticated control', () => {
    const findings = unauthenticatedSafetyControl.check(
      graphFrom(`${zones}
elements:
  - { id: hmi, kind: hmi, zone: plant }
  - { id: valve, kind: actuator, zone: plant, safetyRelevant: true }
flows:
  - { id: f, from: hmi, to: valve, protocol: opc-ua, purpose: control, authentication: certificate }
`),
    );
    assert.deepEqual(findings, []);
  });
});
