import { testRule } from '../../test/support/rule-tester.js';
import { openServiceInSharedZone } from './open-service-in-shared-zone.js';

testRule(openServiceInSharedZone, {
  shared: `
zones:
  - { id: plant, name: Plant network, kind: industrial }
  - { id: cells, name: Cell radio, kind: personal-area, parent: plant }
  - { id: office, name: Office, kind: corporate }
  - { id: guest, name: Guest Wi-Fi, kind: customer-premises }
templates:
  - { id: sensor, kind: sensor, zone: cells }`,
  raises: [
    {
      name: 'a broker that takes anonymous MQTT from the devices of its zone, nested zones included',
      model: `
elements:
  - { id: s1, template: sensor, count: 8 }
  - { id: s2, template: sensor, count: 4 }
  - { id: broker, name: Broker, kind: message-broker, zone: plant }
flows:
  - { id: up, from: cells, fromZone: true, to: broker, protocol: mqtt, authentication: none }`,
      risks: [
        {
          subject: 'broker',
          related: ['plant', 'up@s1', 'up@s2'],
          likelihood: undefined,
          impact: undefined,
          message:
            'Broker takes MQTT anonymous and in cleartext from 12 devices inside the zone Plant network, which 12 devices share.',
        },
      ],
    },
    {
      name: 'an anonymous admin service where others come and go, whatever flows the model draws',
      model: `
elements:
  - { id: cams, kind: camera, zone: guest, count: 10 }
  - { id: nvr-ui, name: Recorder console, kind: edge-service, zone: guest, services: [{ protocol: http, purpose: admin, authentication: none }] }`,
      risks: [
        {
          subject: 'nvr-ui',
          likelihood: 4,
          impact: 4,
          message:
            'Recorder console takes HTTP (admin) anonymous and in cleartext inside the zone Guest Wi-Fi, which 10 devices share.',
        },
      ],
    },
  ],
  passes: [
    {
      name: 'a zone with few devices, authenticated encrypted services, people and devices themselves',
      model: `
elements:
  - { id: s1, template: sensor, count: 20 }
  - { id: broker, kind: message-broker, zone: plant, services: [{ protocol: mqtts, authentication: certificate }] }
  - { id: cams, kind: camera, zone: office, count: 3 }
  - { id: store, kind: data-store, zone: office, services: [{ protocol: http, authentication: none }] }
  - { id: operators, kind: user, zone: plant }
flows:
  - { id: up, from: s1, to: broker, protocol: mqtts, authentication: certificate }`,
    },
    {
      name: 'what the model leaves open: questions',
      model: `
elements:
  - { id: s1, template: sensor, count: 20 }
  - { id: historian, kind: data-store, zone: plant }
  - { id: broker, kind: message-broker, zone: plant, services: [{ protocol: mqtts }] }
  - { id: edge, kind: edge-service, zone: plant, services: [] }
flows:
  - { id: up, from: s1, to: edge, protocol: proprietary }`,
      asks: { historian: ['services'], broker: ['services[].authentication'], up: ['authentication', 'encryption'] },
    },
  ],
});
