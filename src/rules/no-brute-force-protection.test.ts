import { testRule } from '../../test/support/rule-tester.js';
import { noBruteForceProtection } from './no-brute-force-protection.js';

testRule(noBruteForceProtection, {
  raises: [
    {
      name: 'devices with password services and no brute-force protection',
      model: `
elements:
  - id: cam
    name: Camera
    kind: camera
    authentication: { bruteForceProtection: false }
    services: [{ protocol: https, port: 443, purpose: admin, authentication: password }]
  - id: svc
    kind: cloud-service
    authentication: { bruteForceProtection: false }
    services: [{ protocol: https, authentication: password }]`,
      risks: [
        {
          subject: 'cam',
          likelihood: undefined,
          message: 'Camera accepts passwords on HTTPS 443 without protection against repeated guessing.',
        },
      ],
    },
    {
      name: 'a higher likelihood when the password service is reachable from the internet',
      model: `
elements:
  - id: cam
    kind: camera
    authentication: { bruteForceProtection: false }
    services: [{ protocol: https, authentication: password, exposure: internet }]`,
      risks: [{ subject: 'cam', likelihood: 5 }],
    },
  ],
  passes: [
    {
      name: 'protected devices, disabled services and other authentication',
      model: `
elements:
  - id: a
    kind: camera
    authentication: { bruteForceProtection: true }
    services: [{ protocol: https, authentication: password }]
  - id: b
    kind: camera
    services: [{ protocol: telnet, authentication: password, enabled: false }]
  - id: c
    kind: sensor
    services: [{ protocol: mqtts, authentication: certificate }]`,
    },
    {
      name: 'protection or services not stated: questions',
      model: `
elements:
  - { id: cam, kind: camera, services: [{ protocol: telnet, authentication: password }] }
  - { id: plug, kind: device }
  - { id: lock, kind: actuator, authentication: { bruteForceProtection: false } }`,
      asks: {
        cam: ['authentication.bruteForceProtection'],
        plug: ['services', 'authentication.bruteForceProtection'],
        lock: ['services'],
      },
    },
  ],
});
