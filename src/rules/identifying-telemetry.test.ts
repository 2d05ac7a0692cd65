import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { identifyingTelemetry } from './identifying-telemetry.js';

describe('identifying-telemetry', () => {
  it('finds elements whose telemetry contains personal data', () => {
    const findings = identifyingTelemetry.check(
      graphFrom(`
elements:
  - { id: app, name: Home app, kind: mobile-app, telemetry: { collected: true, personalData: true } }
  - { id: plug, kind: device, telemetry: { collected: true, personalData: false } }
  - { id: hub, kind: hub, telemetry: { collected: true } }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.impact]),
      [['app', undefined]],
    );
    assert.equal(findings[0]?.message, 'Home app sends telemetry that contains personal data.');
  });

  it('raises impact for a device that senses people', () => {
    const [finding] = identifyingTelemetry.check(
      graphFrom(`
elements:
  - { id: tv, name: TV, kind: device, sensing: [microphone], telemetry: { collected: true, personalData: true } }
`),
    );
    assert.equal(finding?.impact, 4);
    assert.match(finding?.message ?? '', /senses people \(microphone\)/);
  });

  it('accepts telemetry without personal data, or none collected', () => {
    const findings = identifyingTelemetry.check(
      graphFrom(`
elements:
  - { id: cam, kind: camera, telemetry: { collected: false, personalData: true } }
  - { id: s, kind: sensor }
`),
    );
    assert.deepEqual(findings, []);
  });
});
