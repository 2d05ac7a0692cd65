import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { sharedDefaultPassword } from './shared-default-password.js';

describe('shared-default-password', () => {
  it('finds a device whose password is shared by the product line', () => {
    const findings = sharedDefaultPassword.check(
      graphFrom(`
elements:
  - { id: cam, name: Camera, kind: camera, authentication: { passwords: shared-default } }
  - { id: app, kind: mobile-app, authentication: { passwords: shared-default } }
`),
    );
    assert.deepEqual(
      findings.map((f) => f.subject),
      ['cam'],
    );
  });

  it('rates a fleet or an internet-exposed device at the highest impact', () => {
    const [finding] = sharedDefaultPassword.check(
      graphFrom(`
elements:
  - id: cam
    kind: camera
    count: 200
    authentication: { passwords: shared-default }
`),
    );
    assert.equal(finding?.impact, 5);
  });

  it('accepts unique and user-defined passwords', () => {
    const findings = sharedDefaultPassword.check(
      graphFrom(`
elements:
  - { id: a, kind: camera, authentication: { passwords: unique-per-device } }
  - { id: b, kind: sensor, authentication: { passwords: user-defined } }
`),
    );
    assert.deepEqual(findings, []);
  });
});
