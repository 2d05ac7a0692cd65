import { testRule } from '../../test/support/rule-tester.js';
import { presenceInference } from './presence-inference.js';

testRule(presenceInference, {
  shared: `
organisations:
  - { id: us, roles: [developer, provider] }
  - { id: ads, roles: [] }
zones:
  - { id: home, kind: customer-premises }
  - { id: plant, kind: industrial }`,
  raises: [
    {
      name: 'presence events kept in the cloud, though not marked as personal data',
      model: `
elements:
  - { id: pir, name: Hall sensor, kind: sensor, zone: home, sensing: [motion] }
  - { id: cloud, kind: cloud-service, operator: us }
dataAssets:
  - { id: events, name: Motion events, storedIn: [cloud] }
flows:
  - { id: up, from: pir, to: cloud, protocol: mqtts, data: [events] }`,
      risks: [
        {
          subject: 'events',
          related: ['pir'],
          likelihood: undefined,
          impact: undefined,
          message:
            'Motion events (readings of Hall sensor) is kept; when people are there, away or asleep can be read from it.',
        },
      ],
    },
    {
      name: 'energy use sent to a third party, and aggregated energy use',
      model: `
elements:
  - { id: meter, kind: sensor, zone: home, sensing: [energy] }
  - { id: cloud, kind: cloud-service, operator: us }
  - { id: broker, name: Ad broker, kind: cloud-service, operator: ads }
dataAssets:
  - { id: usage, name: Energy use, personalData: { categories: [energy-use] } }
  - { id: totals, name: District totals, personalData: { categories: [energy-use] }, aggregatedOnly: true, storedIn: [cloud] }
flows:
  - { id: up, from: meter, to: cloud, protocol: mqtts, data: [usage] }
  - { id: sold, from: cloud, to: broker, protocol: https, data: [usage] }`,
      risks: [
        {
          subject: 'usage',
          related: ['meter', 'broker'],
          impact: 4,
          message: /^Energy use \(energy-use data\) is sent and reaches a third party;/,
        },
        { subject: 'totals', likelihood: 2, adjustment: 'it is used only in aggregated form' },
      ],
    },
  ],
  passes: [
    {
      name: 'machine motion on a plant, anonymised data, data kept nowhere, device telemetry and recordings',
      model: `
elements:
  - { id: vib, kind: sensor, zone: plant, sensing: [motion, energy] }
  - { id: pir, kind: sensor, zone: home, sensing: [presence] }
  - { id: cam, kind: camera, zone: home, sensing: [camera, motion] }
  - { id: hist, kind: data-store }
dataAssets:
  - { id: vibration, storedIn: [hist] }
  - { id: counts, anonymised: true, storedIn: [hist] }
  - { id: idle, personalData: { categories: [behavioural] } }
  - { id: health, storedIn: [hist] }
  - { id: video, personalData: { categories: [image] }, storedIn: [hist] }
flows:
  - { id: a, from: vib, to: hist, protocol: mqtts, data: [vibration] }
  - { id: b, from: pir, to: hist, protocol: mqtts, data: [counts] }
  - { id: c, from: pir, to: hist, protocol: https, purpose: telemetry, data: [health] }
  - { id: d, from: cam, to: hist, protocol: rtsps, data: [video] }`,
    },
    {
      name: 'motion readings from a device whose place is not stated: a question',
      model: `
elements:
  - { id: tag, kind: sensor, sensing: [motion] }
  - { id: hist, kind: data-store }
dataAssets:
  - { id: moves, storedIn: [hist] }
flows:
  - { id: a, from: tag, to: hist, protocol: mqtts, data: [moves] }`,
      asks: { tag: ['physicalExposure'] },
    },
  ],
});
