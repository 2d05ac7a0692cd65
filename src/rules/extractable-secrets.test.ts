import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { extractableSecrets } from './extractable-secrets.js';

describe('extractable-secrets', () => {
  it('finds devices with plaintext or obfuscated secret storage', () => {
    const findings = extractableSecrets.check(
      graphFrom(`
elements:
  - { id: cam, name: Camera, kind: camera, secretStorage: plaintext }
  - { id: hub, kind: hub, secretStorage: obfuscated }
  - { id: app, kind: mobile-app, secretStorage: plaintext }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood, f.impact]),
      [
        ['cam', undefined, undefined],
        ['hub', undefined, undefined],
      ],
    );
    assert.equal(findings[0]?.message, 'Camera keeps its secrets in plaintext.');
  });

  it('rates hard-coded credentials as likelier and worse: the same secret is in every unit', () => {
    const [finding] = extractableSecrets.check(
      graphFrom(`
elements:
  - { id: s, name: Sensor, kind: sensor, secretStorage: secure-element, hardcodedCredentials: true }
`),
    );
    assert.equal(finding?.likelihood, 4);
    assert.equal(finding?.impact, 5);
    assert.equal(finding?.message, 'Sensor has credentials built into its software image.');
  });

  it('raises likelihood for a device in a public space', () => {
    const [finding] = extractableSecrets.check(
      graphFrom(`
zones: [{ id: street, kind: public-space }]
elements:
  - { id: s, kind: sensor, zone: street, secretStorage: plaintext }
`),
    );
    assert.equal(finding?.likelihood, 4);
  });

  it('accepts protected storage', () => {
    const findings = extractableSecrets.check(
      graphFrom(`
elements:
  - { id: a, kind: camera, secretStorage: secure-element }
  - { id: b, kind: sensor, secretStorage: encrypted, hardcodedCredentials: false }
  - { id: c, kind: sensor }
`),
    );
    assert.deepEqual(findings, []);
  });
});
