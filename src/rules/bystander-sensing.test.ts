import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { bystanderSensing } from './bystander-sensing.js';

const zones = `
zones:
  - { id: home, kind: customer-premises }
  - { id: street, kind: public-space }
`;

describe('bystander-sensing', () => {
  it('finds devices that sense people at customer premises', () => {
    const findings = bystanderSensing.check(
      graphFrom(`${zones}
elements:
  - { id: pir, name: Hall sensor, kind: sensor, zone: home, sensing: [presence, motion] }
  - { id: thermo, kind: sensor, zone: home, sensing: [environmental] }
  - { id: cam, kind: camera, zone: street, sensing: [camera] }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.impact]),
      [['pir', undefined]],
    );
    assert.equal(
      findings[0]?.message,
      'Hall sensor senses people (presence) at the premises, including visitors and others who did not choose it.',
    );
  });

  it('raises impact for cameras, microphones and biometrics', () => {
    const [finding] = bystanderSensing.check(
      graphFrom(`${zones}
elements:
  - { id: speaker, kind: device, zone: home, sensing: [microphone] }
`),
    );
    assert.equal(finding?.impact, 4);
  });

  it('accepts devices that sense no one around them', () => {
    const findings = bystanderSensing.check(
      graphFrom(`${zones}
elements:
  - { id: meter, kind: sensor, zone: home, sensing: [energy] }
  - { id: watch, kind: sensor, zone: home, sensing: [health, location, motion] }
`),
    );
    assert.deepEqual(findings, []);
  });
});
