import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { noSecureBoot } from './no-secure-boot.js';

const zones = `
zones:
  - { id: home, kind: customer-premises }
  - { id: street, kind: public-space }
  - { id: plant, kind: industrial }
`;

describe('no-secure-boot', () => {
  it('finds physically exposed devices without secure boot', () => {
    const findings = noSecureBoot.check(
      graphFrom(`${zones}
elements:
  - { id: cam, name: Camera, kind: camera, zone: home, secureBoot: false }
  - { id: plug, name: Plug, kind: device, zone: home }
  - { id: plc, kind: controller, zone: plant, secureBoot: false }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood]),
      [
        ['cam', undefined],
        ['plug', undefined],
      ],
    );
    assert.equal(findings[0]?.message, 'Camera has no secure boot and is at customer premises.');
    assert.equal(findings[1]?.message, 'Plug is not stated to have secure boot and is at customer premises.');
  });

  it('raises likelihood in a public space and lowers it when tampering is detected', () => {
    const findings = noSecureBoot.check(
      graphFrom(`${zones}
elements:
  - { id: a, kind: sensor, zone: street }
  - { id: b, kind: sensor, zone: street, tamperDetection: true }
  - { id: c, kind: sensor, zone: home, tamperDetection: true }
`),
    );
    assert.deepEqual(
      findings.map((f) => f.likelihood),
      [3, undefined, 1],
    );
  });

  it('accepts secure boot and devices on secured sites', () => {
    const findings = noSecureBoot.check(
      graphFrom(`${zones}
elements:
  - { id: a, kind: camera, zone: street, secureBoot: true }
  - { id: b, kind: controller, zone: plant }
  - { id: c, kind: sensor }
`),
    );
    assert.deepEqual(findings, []);
  });
});
