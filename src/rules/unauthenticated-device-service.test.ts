import { testRule } from '../../test/support/rule-tester.js';
import { unauthenticatedDeviceService } from './unauthenticated-device-service.js';

testRule(unauthenticatedDeviceService, {
  raises: [
    {
      name: 'device services for data, control or admin without authentication',
      model: `
elements:
  - id: cam
    name: Camera
    kind: camera
    services:
      - { protocol: rtsp, port: 554, purpose: streaming, authentication: none }
      - { protocol: https, purpose: api }
  - { id: svc, kind: cloud-service, services: [{ protocol: https, purpose: api, authentication: none }] }`,
      risks: [{ subject: 'cam', message: 'Camera serves RTSP 554 (streaming) without authentication.' }],
      asks: { cam: ['services[].authentication'] },
    },
    {
      name: 'a higher likelihood when the service is reachable from the internet',
      model: `
elements:
  - { id: cam, kind: camera, services: [{ protocol: http, purpose: data, authentication: none, exposure: internet }] }`,
      risks: [{ subject: 'cam', likelihood: 5 }],
    },
    {
      name: 'unauthenticated control of a safety-relevant device at the highest impact',
      model: `
elements:
  - { id: lock, kind: actuator, safetyRelevant: true, services: [{ protocol: coap, purpose: control, authentication: none }] }`,
      risks: [{ subject: 'lock', impact: 5 }],
    },
  ],
  passes: [
    {
      name: 'authenticated services, discovery and disabled services',
      model: `
elements:
  - id: cam
    kind: camera
    services:
      - { protocol: https, purpose: admin, authentication: password }
      - { protocol: ssdp, purpose: discovery, authentication: none }
      - { protocol: http, purpose: data, authentication: none, enabled: false }`,
    },
    {
      name: 'services or their authentication not stated: questions',
      model: `
elements:
  - { id: plug, kind: device }
  - { id: hub, kind: hub, services: [{ protocol: https, purpose: admin }] }`,
      asks: { plug: ['services'], hub: ['services[].authentication'] },
    },
  ],
});
