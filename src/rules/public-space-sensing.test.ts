import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { publicSpaceSensing } from './public-space-sensing.js';

const zones = `
zones:
  - { id: street, kind: public-space }
  - { id: home, kind: customer-premises }
`;

describe('public-space-sensing', () => {
  it('finds devices that sense people in a public space', () => {
    const findings = publicSpaceSensing.check(
      graphFrom(`${zones}
elements:
  - { id: cam, name: Street camera, kind: camera, zone: street, sensing: [camera, environmental] }
  - { id: air, kind: sensor, zone: street, sensing: [environmental] }
  - { id: door, kind: camera, zone: home, sensing: [camera] }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.impact]),
      [['cam', undefined]],
    );
    assert.equal(
      findings[0]?.message,
      'Street camera senses people (camera) in a public space, where they cannot avoid it or agree to it.',
    );
  });

  it('rates biometric sensing at the highest impact', () => {
    const [finding] = publicSpaceSensing.check(
      graphFrom(`${zones}
elements:
  - { id: gate, kind: camera, zone: street, sensing: [camera, biometric] }
`),
    );
    assert.equal(finding?.impact, 5);
  });

  it('accepts environmental sensing in public, and tags that sense only their wearer', () => {
    const findings = publicSpaceSensing.check(
      graphFrom(`${zones}
elements:
  - { id: air, kind: sensor, zone: street, sensing: [environmental, energy] }
  - { id: tag, kind: device, zone: street, sensing: [location, motion] }
`),
    );
    assert.deepEqual(findings, []);
  });
});
