import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { unsignedUpdates } from './unsigned-updates.js';

describe('unsigned-updates', () => {
  it('finds updateable devices that do not verify update signatures', () => {
    const findings = unsignedUpdates.check(
      graphFrom(`
elements:
  - { id: cam, name: Camera, kind: camera, update: { mechanism: automatic, signed: false } }
  - { id: hub, kind: hub, update: { mechanism: manual } }
  - { id: app, kind: mobile-app, update: { mechanism: automatic } }
`),
    );
    assert.deepEqual(
      findings.map((f) => f.subject),
      ['cam', 'hub'],
    );
    assert.match(findings[0]?.message ?? '', /Camera receives automatic updates but does not verify a signature/);
    assert.match(findings[1]?.message ?? '', /is not stated to verify/);
  });

  it('raises likelihood when an update reaches the device unencrypted', () => {
    const [finding] = unsignedUpdates.check(
      graphFrom(`
elements:
  - { id: ota, kind: management-service }
  - { id: cam, kind: camera, update: { mechanism: automatic, endpoint: ota } }
flows:
  - { id: f, from: ota, to: cam, protocol: http }
`),
    );
    assert.equal(finding?.likelihood, 4);
    assert.match(finding?.message ?? '', /update flow to it is unencrypted/);
  });

  it('rates a safety-relevant device at the highest impact', () => {
    const [finding] = unsignedUpdates.check(
      graphFrom(`
elements:
  - { id: lock, kind: actuator, safetyRelevant: true, update: { mechanism: manual, signed: false } }
`),
    );
    assert.equal(finding?.impact, 5);
  });

  it('accepts signed updates and devices that cannot be updated', () => {
    const findings = unsignedUpdates.check(
      graphFrom(`
elements:
  - { id: a, kind: camera, update: { mechanism: automatic, signed: true } }
  - { id: b, kind: sensor, update: { mechanism: none } }
  - { id: c, kind: sensor }
`),
    );
    assert.deepEqual(findings, []);
  });
});
