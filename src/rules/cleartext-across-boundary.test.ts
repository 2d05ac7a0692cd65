import { testRule } from '../../test/support/rule-tester.js';
import { cleartextAcrossBoundary } from './cleartext-across-boundary.js';

testRule(cleartextAcrossBoundary, {
  shared: `
zones:
  - { id: home, kind: customer-premises }
  - { id: cloud, kind: cloud }
  - { id: net, kind: internet }
  - { id: field, kind: industrial }`,
  raises: [
    {
      name: 'an unencrypted flow between zones, worse with personal data',
      model: `
elements:
  - { id: cam, name: Camera, kind: camera, zone: home }
  - { id: svc, name: Cloud, kind: cloud-service, zone: cloud }
dataAssets:
  - { id: video, name: Video, personalData: { categories: [image] } }
flows:
  - { id: f1, from: cam, to: svc, protocol: rtsp, data: [video] }
  - { id: f2, from: cam, to: svc, protocol: https, data: [video] }`,
      risks: [
        {
          subject: 'f1',
          related: ['cam', 'svc'],
          impact: 4,
          message: 'RTSP from Camera (home) to Cloud (cloud) travels in cleartext, carrying personal data (Video).',
        },
      ],
    },
    {
      name: 'a higher likelihood next to an untrusted zone',
      model: `
elements:
  - { id: dev, kind: device, zone: net }
  - { id: svc, kind: cloud-service, zone: cloud }
flows:
  - { id: f, from: dev, to: svc, protocol: http }`,
      risks: [{ subject: 'f', likelihood: 5, adjustment: 'one end is in an untrusted zone' }],
    },
    {
      name: 'a flow written from a whole zone is one risk on the element at its other end',
      model: `
elements:
  - { id: s1, name: Sensor 1, kind: sensor, zone: field }
  - { id: s2, kind: sensor, zone: field }
  - { id: s3, kind: sensor, zone: field }
  - { id: broker, kind: message-broker, zone: cloud }
flows:
  - { id: up, from: field, fromZone: true, to: broker, protocol: mqtt }`,
      risks: [
        {
          subject: 'broker',
          related: ['up@s1', 'up@s2', 'up@s3', 's1', 's2', 's3'],
          message:
            /^MQTT from Sensor 1 .* travels in cleartext; the same holds for 2 other flows of up, one per element of its zone\.$/,
        },
      ],
    },
  ],
  passes: [
    {
      name: 'cleartext inside one zone, and radio links',
      model: `
elements:
  - { id: a, kind: sensor, zone: home }
  - { id: b, kind: hub, zone: home }
  - { id: c, kind: cloud-service, zone: cloud }
flows:
  - { id: f, from: a, to: b, protocol: http }
  - { id: g, from: a, to: c, protocol: zigbee, encryption: none }`,
    },
    {
      name: 'a protocol whose encryption the model does not state: a question',
      model: `
elements:
  - { id: dev, kind: device, zone: net }
  - { id: svc, kind: cloud-service, zone: cloud }
flows:
  - { id: f, from: dev, to: svc, protocol: proprietary }`,
      asks: { f: ['encryption'] },
    },
  ],
});
