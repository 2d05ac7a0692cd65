import { testRule } from '../../test/support/rule-tester.js';
import { fleetWideActuation } from './fleet-wide-actuation.js';

testRule(fleetWideActuation, {
  shared: `
zones:
  - { id: dc, kind: cloud }
  - { id: home, kind: customer-premises }`,
  raises: [
    {
      name: 'a cloud that commands hundreds of safety-relevant locks through hubs',
      model: `
elements:
  - { id: cloud, name: Lock cloud, kind: cloud-service, zone: dc }
  - { id: hubs, kind: hub, zone: home, count: 300, safetyRelevant: false }
  - { id: locks, name: Door locks, kind: actuator, zone: home, count: 300, safetyRelevant: true }
flows:
  - { id: a, from: cloud, to: hubs, protocol: mqtts, purpose: control }
  - { id: b, from: hubs, to: locks, protocol: zigbee, purpose: control }`,
      risks: [
        {
          subject: 'cloud',
          related: ['locks'],
          impact: 5,
          message: 'Lock cloud can command 300 devices that act on the world at once (Door locks).',
        },
      ],
    },
    {
      name: 'a lower impact when no device is stated to be safety-relevant',
      model: `
elements:
  - { id: dm, kind: management-service }
  - { id: lights, kind: actuator, count: 40 }
flows:
  - { id: a, from: dm, to: lights, protocol: https, purpose: admin }`,
      risks: [{ subject: 'dm', impact: 4 }],
    },
  ],
  passes: [
    {
      name: 'a few devices, and devices that command each other on site',
      model: `
elements:
  - { id: cloud, kind: cloud-service, zone: dc }
  - { id: lock, kind: actuator, zone: home, count: 3 }
  - { id: hub, kind: hub, zone: home, safetyRelevant: false }
  - { id: valves, kind: actuator, zone: home, count: 50 }
flows:
  - { id: a, from: cloud, to: lock, protocol: mqtts, purpose: control }
  - { id: b, from: hub, to: valves, protocol: zigbee, purpose: control }`,
    },
    {
      name: 'many devices whose safety relevance is not stated: questions',
      model: `
elements:
  - { id: cloud, kind: cloud-service, zone: dc }
  - { id: plugs, kind: device, zone: home, count: 20 }
flows:
  - { id: a, from: cloud, to: plugs, protocol: mqtts, purpose: control }`,
      asks: { plugs: ['safetyRelevant'] },
    },
  ],
});
