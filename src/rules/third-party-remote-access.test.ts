import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { thirdPartyRemoteAccess } from './third-party-remote-access.js';

const context = `
organisations:
  - { id: us, roles: [provider] }
  - { id: acme, name: Acme Service, roles: [] }
zones:
  - { id: vendor, name: Vendor LAN, kind: vendor-network }
  - { id: net, name: Internet, kind: internet }
  - { id: home, name: Home, kind: customer-premises }
  - { id: plant, name: Plant, kind: industrial }
  - { id: cloud, kind: cloud }
`;

describe('third-party-remote-access', () => {
  it('finds admin or remote access from outside parties into devices and site zones', () => {
    const findings = thirdPartyRemoteAccess.check(
      graphFrom(`${context}
elements:
  - { id: support, name: Support desk, kind: web-app, zone: vendor }
  - { id: integrator, name: Integrator, kind: web-app, operator: acme }
  - { id: ext, name: Partner, kind: external-party }
  - { id: cam, name: Camera, kind: camera, zone: home }
  - { id: nas, name: NAS, kind: data-store, zone: home }
  - { id: db, kind: data-store, zone: cloud }
flows:
  - { id: f1, from: support, to: cam, protocol: ssh, purpose: admin }
  - { id: f2, from: integrator, to: nas, protocol: https, purpose: remote-access }
  - { id: f3, from: ext, to: db, protocol: https, purpose: admin }
  - { id: f4, from: support, to: cam, protocol: https, purpose: data }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood, f.impact]),
      [
        ['f1', undefined, undefined],
        ['f2', undefined, undefined],
      ],
    );
    assert.equal(
      findings[0]?.message,
      'Support desk (in the vendor-network zone Vendor LAN) has administrative access to Camera in the customer-premises zone Home over SSH.',
    );
    assert.match(findings[1]?.message ?? '', /^Integrator \(a third party\) has remote access to NAS/);
  });

  it('rates access into an industrial zone at the highest impact', () => {
    const [finding] = thirdPartyRemoteAccess.check(
      graphFrom(`${context}
elements:
  - { id: tech, kind: external-party, zone: net }
  - { id: plc, kind: controller, zone: plant }
flows:
  - { id: f, from: tech, to: plc, protocol: https, purpose: remote-access }
`),
    );
    assert.equal(finding?.impact, 5);
  });

  it('lowers likelihood through a VPN with certificate or multi-factor authentication', () => {
    const findings = thirdPartyRemoteAccess.check(
      graphFrom(`${context}
elements:
  - { id: a, kind: web-app, zone: vendor }
  - { id: b, kind: web-app, zone: vendor, authentication: { multiFactor: true } }
  - { id: c, kind: web-app, zone: vendor }
  - { id: plc, kind: controller, zone: plant }
flows:
  - { id: f1, from: a, to: plc, protocol: vpn, purpose: remote-access, authentication: certificate }
  - { id: f2, from: b, to: plc, protocol: ssh, encryption: vpn, purpose: admin, authentication: password }
  - { id: f3, from: c, to: plc, protocol: vpn, purpose: admin, authentication: password }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood]),
      [
        ['f1', 2],
        ['f2', 2],
        ['f3', undefined],
      ],
    );
  });

  it("ignores the provider's own management and the user's own app", () => {
    const findings = thirdPartyRemoteAccess.check(
      graphFrom(`${context}
elements:
  - { id: dm, kind: management-service, zone: cloud, operator: us }
  - { id: app, kind: mobile-app, zone: net }
  - { id: cam, kind: camera, zone: home }
flows:
  - { id: f1, from: dm, to: cam, protocol: mqtts, purpose: admin }
  - { id: f2, from: app, to: cam, protocol: https, purpose: admin }
`),
    );
    assert.deepEqual(findings, []);
  });
});
