import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { unprotectedRadioLink } from './unprotected-radio-link.js';

describe('unprotected-radio-link', () => {
  it('finds unencrypted radio links between devices and local apps', () => {
    const findings = unprotectedRadioLink.check(
      graphFrom(`
elements:
  - { id: sensor, name: Door sensor, kind: sensor }
  - { id: hub, name: Hub, kind: hub }
  - { id: app, name: Phone app, kind: mobile-app }
  - { id: svc, kind: cloud-service }
flows:
  - { id: f1, from: sensor, to: hub, protocol: zigbee, encryption: none }
  - { id: f2, from: app, to: hub, protocol: ble }
  - { id: f3, from: svc, to: app, protocol: proprietary }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood, f.impact]),
      [
        ['f1', undefined, undefined],
        ['f2', undefined, undefined],
      ],
    );
    assert.equal(findings[0]?.message, 'ZIGBEE link from Door sensor to Hub is unencrypted.');
    assert.equal(findings[1]?.message, 'BLE link from Phone app to Hub has no stated encryption.');
  });

  it('raises impact for commands and personal data, highest for safety and sensitive data', () => {
    const findings = unprotectedRadioLink.check(
      graphFrom(`
elements:
  - { id: app, kind: mobile-app }
  - { id: lock, kind: actuator, safetyRelevant: true }
  - { id: bulb, kind: actuator }
  - { id: watch, kind: sensor }
dataAssets:
  - { id: pulse, personalData: { categories: [health] } }
flows:
  - { id: f1, from: app, to: lock, protocol: ble, purpose: control }
  - { id: f2, from: app, to: bulb, protocol: ble, purpose: control }
  - { id: f3, from: watch, to: app, protocol: ble, data: [pulse] }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.impact]),
      [
        ['f1', 5],
        ['f2', 4],
        ['f3', 5],
      ],
    );
  });

  it('raises likelihood for a device in a public space', () => {
    const [finding] = unprotectedRadioLink.check(
      graphFrom(`
zones: [{ id: street, kind: public-space }]
elements:
  - { id: s, kind: sensor, zone: street }
  - { id: g, kind: gateway, zone: street }
flows:
  - { id: f, from: s, to: g, protocol: lorawan, encryption: none }
`),
    );
    assert.equal(finding?.likelihood, 4);
  });

  it('accepts encrypted radio links and IP flows', () => {
    const findings = unprotectedRadioLink.check(
      graphFrom(`
elements:
  - { id: s, kind: sensor }
  - { id: h, kind: hub }
flows:
  - { id: f1, from: s, to: h, protocol: zigbee }
  - { id: f2, from: s, to: h, protocol: ble, encryption: link-layer }
  - { id: f3, from: s, to: h, protocol: http }
`),
    );
    assert.deepEqual(findings, []);
  });
});
