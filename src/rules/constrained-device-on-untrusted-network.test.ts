import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { constrainedDeviceOnUntrustedNetwork } from './constrained-device-on-untrusted-network.js';

const zones = `
zones:
  - { id: street, name: Street, kind: public-space }
  - { id: home, kind: customer-premises }
`;

describe('constrained-device-on-untrusted-network', () => {
  it('finds constrained devices in untrusted zones', () => {
    const findings = constrainedDeviceOnUntrustedNetwork.check(
      graphFrom(`${zones}
elements:
  - { id: meter, name: Parking meter, kind: sensor, zone: street, constrained: true }
  - { id: lamp, kind: actuator, zone: street }
  - { id: thermo, kind: sensor, zone: home, constrained: true }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood]),
      [['meter', undefined]],
    );
    assert.equal(findings[0]?.message, 'Parking meter is resource-constrained and sits in the untrusted zone Street.');
  });

  it('raises likelihood for an internet-exposed service and impact for a safety-relevant device', () => {
    const [finding] = constrainedDeviceOnUntrustedNetwork.check(
      graphFrom(`${zones}
elements:
  - id: valve
    kind: actuator
    zone: home
    constrained: true
    safetyRelevant: true
    services: [{ protocol: coap, exposure: internet }]
`),
    );
    assert.equal(finding?.likelihood, 4);
    assert.equal(finding?.impact, 4);
    assert.match(finding?.message ?? '', /has a service reachable from the internet/);
  });

  it('accepts constrained devices behind a trusted network', () => {
    const findings = constrainedDeviceOnUntrustedNetwork.check(
      graphFrom(`${zones}
elements:
  - { id: a, kind: sensor, zone: home, constrained: true, services: [{ protocol: coap }] }
  - { id: b, kind: sensor, constrained: true }
`),
    );
    assert.deepEqual(findings, []);
  });
});
