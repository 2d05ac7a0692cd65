import { testRule } from '../../test/support/rule-tester.js';
import { thirdPartyCommands } from './third-party-commands.js';

testRule(thirdPartyCommands, {
  shared: `
organisations:
  - { id: us, roles: [developer, provider] }
  - { id: flex, name: FlexGrid, roles: [] }`,
  raises: [
    {
      name: 'an aggregator whose demand-response commands the cloud relays to heat pumps',
      model: `
elements:
  - { id: aggregator, name: Aggregator API, kind: cloud-service, operator: flex }
  - { id: cloud, name: Heat cloud, kind: cloud-service, operator: us }
  - { id: pumps, name: Heat pumps, kind: actuator, count: 500 }
  - { id: meter, kind: sensor, safetyRelevant: false }
flows:
  - { id: dr, from: aggregator, to: cloud, protocol: https, purpose: control, authentication: token }
  - { id: down, from: cloud, to: pumps, protocol: mqtts, purpose: control, authentication: certificate }
  - { id: read, from: cloud, to: meter, protocol: mqtts, purpose: admin }
  - { id: up, from: pumps, to: cloud, protocol: mqtts, purpose: telemetry }`,
      risks: [
        {
          subject: 'aggregator',
          related: ['dr', 'pumps'],
          likelihood: undefined,
          impact: undefined,
          message: 'Commands from the outside party Aggregator API reach Heat pumps.',
        },
      ],
    },
    {
      name: 'worse for a safety-relevant device and unauthenticated commands',
      model: `
elements:
  - { id: voice, name: Voice platform, kind: external-party }
  - { id: lock, name: Door lock, kind: device, safetyRelevant: true }
flows:
  - { id: unlock, from: voice, to: lock, protocol: https, purpose: control, authentication: none }`,
      risks: [
        {
          subject: 'voice',
          likelihood: 4,
          impact: 5,
          adjustment: 'its commands enter without authentication; they reach a safety-relevant device',
        },
      ],
    },
  ],
  passes: [
    {
      name: 'the provider’s own commands, and outside parties that only receive data',
      model: `
elements:
  - { id: cloud, kind: cloud-service, operator: us }
  - { id: partner, kind: external-party }
  - { id: valve, kind: actuator }
flows:
  - { id: a, from: cloud, to: valve, protocol: mqtts, purpose: control }
  - { id: b, from: cloud, to: partner, protocol: https, purpose: api }`,
    },
    {
      name: 'commands that reach only devices whose safety relevance is not stated: a question on each',
      model: `
elements:
  - { id: partner, kind: external-party }
  - { id: plug, kind: device }
  - { id: cam, kind: camera, safetyRelevant: false }
flows:
  - { id: a, from: partner, to: plug, protocol: https, purpose: control }
  - { id: b, from: partner, to: cam, protocol: https, purpose: admin }`,
      asks: { plug: ['safetyRelevant'] },
    },
  ],
});
