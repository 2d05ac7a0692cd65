import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { cleartextAdminService } from './cleartext-admin-service.js';

describe('cleartext-admin-service', () => {
  it('finds telnet, FTP, TFTP, SNMP and plain-HTTP admin services on devices', () => {
    const findings = cleartextAdminService.check(
      graphFrom(`
elements:
  - id: cam
    name: Camera
    kind: camera
    services:
      - { protocol: telnet, port: 23 }
      - { protocol: http, port: 80, purpose: admin }
  - { id: gw, kind: gateway, services: [{ protocol: tftp }] }
  - { id: sw, kind: device, services: [{ protocol: snmp }] }
  - { id: svc, kind: cloud-service, services: [{ protocol: ftp }] }
`),
    );
    assert.deepEqual(
      findings.map((f) => f.subject),
      ['cam', 'gw', 'sw'],
    );
    assert.equal(findings[0]?.message, 'Camera has cleartext management enabled (TELNET 23, HTTP 80).');
  });

  it('raises likelihood when the service is reachable from the internet', () => {
    const [finding] = cleartextAdminService.check(
      graphFrom(`
elements:
  - { id: cam, kind: camera, services: [{ protocol: telnet, exposure: internet }] }
`),
    );
    assert.equal(finding?.likelihood, 5);
  });

  it('accepts encrypted, disabled and non-admin HTTP services', () => {
    const findings = cleartextAdminService.check(
      graphFrom(`
elements:
  - id: cam
    kind: camera
    services:
      - { protocol: telnet, enabled: false }
      - { protocol: http, purpose: streaming }
      - { protocol: https, purpose: admin }
      - { protocol: ssh, purpose: admin }
      - { protocol: snmpv3 }
`),
    );
    assert.deepEqual(findings, []);
  });
});
