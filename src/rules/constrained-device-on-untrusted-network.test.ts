import { testRule } from '../../test/support/rule-tester.js';
import { constrainedDeviceOnUntrustedNetwork } from './constrained-device-on-untrusted-network.js';

testRule(constrainedDeviceOnUntrustedNetwork, {
  shared: `
zones:
  - { id: street, name: Street, kind: public-space }
  - { id: home, kind: customer-premises }`,
  raises: [
    {
      name: 'a constrained device in an untrusted zone',
      model: `
elements:
  - { id: meter, name: Parking meter, kind: sensor, zone: street, constrained: true }
  - { id: lamp, kind: actuator, zone: street }
  - { id: thermo, kind: sensor, zone: home, constrained: true }`,
      risks: [
        {
          subject: 'meter',
          likelihood: undefined,
          message: 'Parking meter is resource-constrained and sits in the untrusted zone Street.',
        },
      ],
    },
    {
      name: 'a higher likelihood for an internet-exposed service and impact for a safety-relevant device',
      model: `
elements:
  - id: valve
    kind: actuator
    zone: home
    constrained: true
    safetyRelevant: true
    services: [{ protocol: coap, exposure: internet }]`,
      risks: [{ subject: 'valve', likelihood: 4, impact: 4, message: /has a service reachable from the internet/ }],
    },
  ],
  passes: [
    {
      name: 'constrained devices behind a trusted network, and devices not stated to be constrained',
      model: `
elements:
  - { id: a, kind: sensor, zone: home, constrained: true, services: [{ protocol: coap }] }
  - { id: b, kind: sensor, zone: street }`,
    },
    {
      name: 'a constrained device whose zone is not stated: a question',
      model: `
elements:
  - { id: b, kind: sensor, constrained: true }`,
      asks: { b: ['zone'] },
    },
  ],
});
