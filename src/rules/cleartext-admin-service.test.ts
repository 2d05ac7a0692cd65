import { testRule } from '../../test/support/rule-tester.js';
import { cleartextAdminService } from './cleartext-admin-service.js';

testRule(cleartextAdminService, {
  raises: [
    {
      name: 'telnet, FTP, TFTP, SNMP and plain-HTTP admin services on devices',
      model: `
elements:
  - id: cam
    name: Camera
    kind: camera
    services:
      - { protocol: telnet, port: 23 }
      - { protocol: http, port: 80, purpose: admin }
  - { id: gw, kind: gateway, services: [{ protocol: tftp }] }
  - { id: sw, kind: device, services: [{ protocol: snmp }] }
  - { id: svc, kind: cloud-service, services: [{ protocol: ftp }] }`,
      risks: [{ subject: 'cam', message: 'Camera has cleartext management enabled (TELNET 23, HTTP 80).' }, 'gw', 'sw'],
    },
    {
      name: 'a higher likelihood when the service is reachable from the internet',
      model: `
elements:
  - { id: cam, kind: camera, services: [{ protocol: telnet, exposure: internet }] }`,
      risks: [{ subject: 'cam', likelihood: 5 }],
    },
  ],
  passes: [
    {
      name: 'encrypted, disabled and non-admin HTTP services',
      model: `
elements:
  - id: cam
    kind: camera
    services:
      - { protocol: telnet, enabled: false }
      - { protocol: http, purpose: streaming }
      - { protocol: https, purpose: admin }
      - { protocol: ssh, purpose: admin }
      - { protocol: snmpv3 }
  - { id: quiet, kind: sensor, services: [] }`,
    },
    {
      name: 'a device whose services are not listed: a question',
      model: `
elements:
  - { id: plug, kind: device }`,
      asks: { plug: ['services'] },
    },
  ],
});
