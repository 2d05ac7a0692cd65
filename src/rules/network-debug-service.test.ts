import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { networkDebugService } from './network-debug-service.js';

const zones = `
zones:
  - { id: plant, kind: industrial }
  - { id: street, kind: public-space }
`;

describe('network-debug-service', () => {
  it('finds enabled network debug services wherever the device stands, likelier in an untrusted zone', () => {
    const findings = networkDebugService.check(
      graphFrom(`${zones}
elements:
  - { id: box, name: Edge box, kind: hub, zone: plant, debugInterfaces: [{ kind: debug-service, state: enabled }] }
  - { id: kiosk, name: Kiosk, kind: device, zone: street, debugInterfaces: [{ kind: adb, state: enabled }, { kind: uart, state: enabled }] }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood]),
      [
        ['box', undefined],
        ['kiosk', 5],
      ],
    );
    assert.equal(
      findings[0]?.message,
      'Edge box has network debug services enabled without authentication: debug-service.',
    );
    assert.equal(
      findings[1]?.message,
      'Kiosk has network debug services enabled without authentication: adb, in an untrusted zone.',
    );
  });

  it('accepts protected or disabled debug services and leaves physical ports to their own rule', () => {
    const findings = networkDebugService.check(
      graphFrom(`${zones}
elements:
  - { id: a, kind: hub, zone: plant, debugInterfaces: [{ kind: debug-service, state: protected }] }
  - { id: b, kind: device, zone: street, debugInterfaces: [{ kind: adb, state: disabled }, { kind: jtag, state: enabled }] }
`),
    );
    assert.deepEqual(findings, []);
  });

  it('uses the network risk source, not physical access', () => {
    assert.equal(networkDebugService.meta.riskSource, 'scd-exposed-device-services');
  });
});
