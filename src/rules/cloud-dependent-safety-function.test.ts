import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { cloudDependentSafetyFunction } from './cloud-dependent-safety-function.js';

const site = `
zones:
  - { id: home, kind: customer-premises }
  - { id: cloud, kind: cloud }
  - { id: net, kind: internet }
`;

describe('cloud-dependent-safety-function', () => {
  it('finds a safety-relevant element that only off-site services command', () => {
    const findings = cloudDependentSafetyFunction.check(
      graphFrom(`${site}
elements:
  - { id: heater, name: Boiler, kind: actuator, zone: home, safetyRelevant: true }
  - { id: svc, name: Heating cloud, kind: cloud-service, zone: cloud }
  - { id: voice, name: Voice service, kind: external-party, zone: net }
flows:
  - { id: svc-to-heater, from: svc, to: heater, protocol: mqtts, purpose: control }
  - { id: voice-to-heater, from: voice, to: heater, protocol: https, purpose: control }
  - { id: heater-to-svc, from: heater, to: svc, protocol: mqtts, purpose: telemetry }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.related]),
      [['heater', ['svc', 'voice']]],
    );
    assert.equal(
      findings[0]?.message,
      'Boiler is safety-relevant and takes control commands only from Heating cloud, Voice service off site; an internet, cloud or vendor outage leaves it without control.',
    );
  });

  it('accepts a local control path, elements that are not safety-relevant, and zones the model does not state', () => {
    const findings = cloudDependentSafetyFunction.check(
      graphFrom(`${site}
elements:
  - { id: lock, kind: actuator, zone: home, safetyRelevant: true }
  - { id: hub, kind: hub, zone: home }
  - { id: lamp, kind: actuator, zone: home }
  - { id: valve, kind: actuator, safetyRelevant: true }
  - { id: svc, kind: cloud-service, zone: cloud }
  - { id: other, kind: cloud-service }
flows:
  - { id: a, from: svc, to: lock, protocol: mqtts, purpose: control }
  - { id: b, from: hub, to: lock, protocol: zigbee, purpose: control }
  - { id: c, from: svc, to: lamp, protocol: mqtts, purpose: control }
  - { id: d, from: other, to: valve, protocol: mqtts, purpose: control }
`),
    );
    assert.deepEqual(findings, []);
  });
});
