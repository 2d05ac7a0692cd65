import { testRule } from '../../test/support/rule-tester.js';
import { unauthenticatedFlowAcrossBoundary } from './unauthenticated-flow-across-boundary.js';

testRule(unauthenticatedFlowAcrossBoundary, {
  shared: `
zones:
  - { id: home, kind: customer-premises }
  - { id: cloud, kind: cloud }
  - { id: net, kind: internet }
  - { id: plant, kind: industrial }`,
  raises: [
    {
      name: 'one risk per receiver for the flows from other zones it does not authenticate',
      model: `
elements:
  - { id: cam, name: Camera, kind: camera, zone: home }
  - { id: svc, name: Cloud, kind: cloud-service, zone: cloud }
  - { id: hub, name: Hub, kind: hub, zone: home }
flows:
  - { id: f1, from: svc, to: cam, protocol: https, purpose: data, authentication: none }
  - { id: f2, from: svc, to: cam, protocol: mqtts, purpose: data, authentication: none }
  - { id: f3, from: cam, to: svc, protocol: mqtts, authentication: certificate }
  - { id: f4, from: cam, to: hub, protocol: http, authentication: none }`,
      risks: [
        {
          subject: 'cam',
          related: ['f1', 'f2', 'svc'],
          likelihood: undefined,
          impact: undefined,
          message: 'Camera (home) accepts HTTPS data, MQTTS data from Cloud in other zones without authentication.',
        },
      ],
    },
    {
      name: 'a higher likelihood into a more trusted zone, most from an untrusted one, and impact for commands',
      model: `
elements:
  - { id: x, kind: external-party, zone: net }
  - { id: svc, kind: cloud-service, zone: cloud }
  - { id: plc, kind: controller, zone: plant }
flows:
  - { id: f1, from: x, to: svc, protocol: https, purpose: api, authentication: none }
  - { id: f2, from: svc, to: plc, protocol: opc-ua, purpose: control, authentication: none }`,
      risks: [
        { subject: 'svc', likelihood: 5, impact: undefined, adjustment: /from an untrusted one/ },
        { subject: 'plc', likelihood: 4, impact: 4 },
      ],
    },
  ],
  passes: [
    {
      name: 'discovery, network plumbing and people receive no risk',
      model: `
elements:
  - { id: cam, kind: camera, zone: home }
  - { id: svc, kind: cloud-service, zone: cloud }
  - { id: owner, kind: user, zone: home }
flows:
  - { id: f1, from: cam, to: svc, protocol: dns }
  - { id: f2, from: cam, to: svc, protocol: ntp }
  - { id: f3, from: cam, to: svc, protocol: http, purpose: discovery }
  - { id: f4, from: svc, to: owner, protocol: https, authentication: none }`,
    },
    {
      name: 'authentication not stated: a question per flow, one for a flow written to a whole zone',
      model: `
elements:
  - { id: svc, kind: cloud-service, zone: cloud }
  - { id: s1, kind: sensor, zone: plant }
  - { id: s2, kind: sensor, zone: plant }
  - { id: cam, kind: camera, zone: home }
flows:
  - { id: a, from: cam, to: svc, protocol: mqtts }
  - { id: z, from: svc, to: plant, toZone: true, protocol: https, purpose: control }`,
      asks: { a: ['authentication'], 'z@s1': ['authentication'] },
    },
  ],
});
