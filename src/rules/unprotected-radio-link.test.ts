import { testRule } from '../../test/support/rule-tester.js';
import { unprotectedRadioLink } from './unprotected-radio-link.js';

testRule(unprotectedRadioLink, {
  raises: [
    {
      name: 'an unencrypted radio link between devices',
      model: `
elements:
  - { id: sensor, name: Door sensor, kind: sensor }
  - { id: hub, name: Hub, kind: hub }
  - { id: svc, kind: cloud-service }
  - { id: app, kind: mobile-app }
flows:
  - { id: f1, from: sensor, to: hub, protocol: zigbee, encryption: none }
  - { id: f3, from: svc, to: app, protocol: proprietary, encryption: none }`,
      risks: [
        {
          subject: 'f1',
          likelihood: undefined,
          impact: undefined,
          message: 'ZIGBEE link from Door sensor to Hub is unencrypted.',
        },
      ],
    },
    {
      name: 'a higher impact for commands and personal data, highest for safety and sensitive data',
      model: `
elements:
  - { id: app, kind: mobile-app }
  - { id: lock, kind: actuator, safetyRelevant: true }
  - { id: bulb, kind: actuator }
  - { id: watch, kind: sensor }
dataAssets:
  - { id: pulse, personalData: { categories: [health] } }
flows:
  - { id: f1, from: app, to: lock, protocol: ble, purpose: control, encryption: none }
  - { id: f2, from: app, to: bulb, protocol: ble, purpose: control, encryption: none }
  - { id: f3, from: watch, to: app, protocol: ble, data: [pulse], encryption: none }`,
      risks: [
        { subject: 'f1', impact: 5, adjustment: 'it commands a safety-relevant device' },
        { subject: 'f2', impact: 4 },
        { subject: 'f3', impact: 5 },
      ],
    },
    {
      name: 'a higher likelihood for a device in a public space',
      model: `
zones: [{ id: street, kind: public-space }]
elements:
  - { id: s, kind: sensor, zone: street }
  - { id: g, kind: gateway, zone: street }
flows:
  - { id: f, from: s, to: g, protocol: lorawan, encryption: none }`,
      risks: [{ subject: 'f', likelihood: 4 }],
    },
  ],
  passes: [
    {
      name: 'encrypted radio links and IP flows',
      model: `
elements:
  - { id: s, kind: sensor }
  - { id: h, kind: hub }
flows:
  - { id: f1, from: s, to: h, protocol: zigbee }
  - { id: f2, from: s, to: h, protocol: ble, encryption: link-layer }
  - { id: f3, from: s, to: h, protocol: http }`,
    },
    {
      name: 'a link whose encryption is not stated (BLE, Z-Wave): a question',
      model: `
elements:
  - { id: app, name: Phone app, kind: mobile-app }
  - { id: hub, name: Hub, kind: hub }
flows:
  - { id: f2, from: app, to: hub, protocol: ble }`,
      asks: { f2: ['encryption'] },
    },
  ],
});
