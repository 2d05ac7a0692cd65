import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { physicalDebugPort } from './physical-debug-port.js';

const zones = `
zones:
  - { id: home, kind: customer-premises }
  - { id: street, kind: public-space }
  - { id: plant, kind: industrial }
`;

describe('physical-debug-port', () => {
  it('finds enabled or reachable debug ports on devices others can touch', () => {
    const findings = physicalDebugPort.check(
      graphFrom(`${zones}
elements:
  - { id: cam, name: Camera, kind: camera, zone: home, debugInterfaces: [{ kind: uart, state: enabled }] }
  - { id: plug, kind: device, zone: home, debugInterfaces: [{ kind: jtag, state: protected, physicallyAccessible: true }] }
  - { id: plc, kind: controller, zone: plant, debugInterfaces: [{ kind: jtag, state: enabled }] }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood]),
      [
        ['cam', 3],
        ['plug', 3],
      ],
    );
    assert.equal(findings[0]?.message, 'Camera at customer premises has open debug ports: uart enabled.');
  });

  it('raises likelihood in a public space, and more when the port is open on the outside', () => {
    const findings = physicalDebugPort.check(
      graphFrom(`${zones}
elements:
  - { id: a, kind: sensor, zone: street, debugInterfaces: [{ kind: uart, state: enabled }] }
  - { id: b, kind: sensor, zone: street, debugInterfaces: [{ kind: uart, state: enabled, physicallyAccessible: true }] }
`),
    );
    assert.deepEqual(
      findings.map((f) => f.likelihood),
      [4, 5],
    );
  });

  it('leaves network debug services to their own rule, and accepts disabled and internal protected ports', () => {
    const findings = physicalDebugPort.check(
      graphFrom(`${zones}
elements:
  - { id: a, kind: camera, zone: street, debugInterfaces: [{ kind: uart, state: disabled, physicallyAccessible: true }] }
  - { id: b, kind: camera, zone: home, debugInterfaces: [{ kind: swd, state: protected }] }
  - { id: c, kind: hub, zone: street, debugInterfaces: [{ kind: adb, state: enabled }, { kind: debug-service, state: enabled }] }
`),
    );
    assert.deepEqual(findings, []);
  });
});
