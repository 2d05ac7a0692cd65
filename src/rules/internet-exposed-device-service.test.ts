import { testRule } from '../../test/support/rule-tester.js';
import { internetExposedDeviceService } from './internet-exposed-device-service.js';

testRule(internetExposedDeviceService, {
  raises: [
    {
      name: 'a device service exposed to the internet',
      model: `
elements:
  - id: cam
    name: Camera
    kind: camera
    services:
      - { protocol: rtsps, port: 554, purpose: streaming, authentication: password, exposure: internet }
      - { protocol: https, purpose: admin, authentication: password }
  - { id: svc, kind: cloud-service, services: [{ protocol: https, exposure: internet }] }`,
      risks: [
        {
          subject: 'cam',
          likelihood: undefined,
          impact: undefined,
          message: 'Camera exposes RTSPS 554 (streaming) to the internet.',
        },
      ],
    },
    {
      name: 'a higher likelihood for unauthenticated services and impact for admin, control or safety',
      model: `
elements:
  - { id: a, kind: camera, services: [{ protocol: http, purpose: streaming, exposure: internet, authentication: none }] }
  - { id: b, kind: hub, services: [{ protocol: https, purpose: admin, authentication: password, exposure: internet }] }
  - { id: c, kind: actuator, safetyRelevant: true, services: [{ protocol: https, authentication: token, exposure: internet }] }
  - { id: d, kind: camera, services: [{ protocol: https, purpose: streaming, exposure: internet }] }`,
      risks: [
        { subject: 'a', likelihood: 5, impact: undefined, message: /not all of it authenticated/ },
        { subject: 'b', likelihood: undefined, impact: 5 },
        { subject: 'c', likelihood: undefined, impact: 5, adjustment: 'the device is safety-relevant' },
        { subject: 'd', likelihood: undefined, impact: undefined },
      ],
    },
  ],
  passes: [
    {
      name: 'local and disabled services',
      model: `
elements:
  - id: cam
    kind: camera
    services:
      - { protocol: https }
      - { protocol: telnet, exposure: internet, enabled: false }`,
    },
    {
      name: 'a device whose services are not listed: a question',
      model: `
elements:
  - { id: cam, kind: camera }`,
      asks: { cam: ['services'] },
    },
  ],
});
