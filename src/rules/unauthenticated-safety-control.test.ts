import { testRule } from '../../test/support/rule-tester.js';
import { unauthenticatedSafetyControl } from './unauthenticated-safety-control.js';

testRule(unauthenticatedSafetyControl, {
  shared: `
zones:
  - { id: plant, kind: industrial }
  - { id: office, kind: corporate }
  - { id: net, kind: internet }`,
  raises: [
    {
      name: 'unauthenticated control flows into a safety-relevant element, one risk per command path',
      model: `
elements:
  - { id: hmi, name: Panel, kind: hmi, zone: plant }
  - { id: gw, name: Gateway, kind: gateway, zone: plant, safetyRelevant: false }
  - { id: valve, name: Steam valve, kind: actuator, zone: plant, safetyRelevant: true }
  - { id: lamp, kind: actuator, zone: plant, safetyRelevant: false }
flows:
  - { id: f1, from: hmi, to: valve, protocol: modbus, purpose: control, authentication: none }
  - { id: f2, from: gw, to: valve, protocol: modbus, purpose: control, authentication: none }
  - { id: f3, from: hmi, to: lamp, protocol: modbus, purpose: control, authentication: none }
  - { id: f4, from: hmi, to: valve, protocol: modbus, purpose: data, authentication: none }`,
      risks: [
        {
          subject: 'f1',
          likelihood: undefined,
          message:
            'Steam valve is safety-relevant and takes control commands from Panel over MODBUS without authentication.',
        },
        'f2',
      ],
    },
    {
      name: 'a higher likelihood across a boundary, and most from an untrusted zone',
      model: `
elements:
  - { id: pc, kind: web-app, zone: office }
  - { id: remote, kind: external-party, zone: net }
  - { id: valve, kind: actuator, zone: plant, safetyRelevant: true }
flows:
  - { id: f1, from: pc, to: valve, protocol: opc-ua, purpose: control, authentication: none }
  - { id: f2, from: remote, to: valve, protocol: https, purpose: control, authentication: none }`,
      risks: [
        { subject: 'f1', likelihood: 4, message: /without authentication, across a zone boundary\.$/ },
        { subject: 'f2', likelihood: 5 },
      ],
    },
  ],
  passes: [
    {
      name: 'authenticated control',
      model: `
elements:
  - { id: hmi, kind: hmi, zone: plant }
  - { id: valve, kind: actuator, zone: plant, safetyRelevant: true }
flows:
  - { id: f, from: hmi, to: valve, protocol: opc-ua, purpose: control, authentication: certificate }`,
    },
    {
      name: 'authentication or safety relevance not stated: questions',
      model: `
elements:
  - { id: hmi, kind: hmi, zone: plant }
  - { id: valve, kind: actuator, zone: plant, safetyRelevant: true }
  - { id: pump, kind: actuator, zone: plant }
flows:
  - { id: f1, from: hmi, to: valve, protocol: opc-ua, purpose: control }
  - { id: f2, from: hmi, to: pump, protocol: modbus, purpose: control, authentication: none }`,
      asks: { f1: ['authentication'], pump: ['safetyRelevant'] },
    },
  ],
});
