import { testRule } from '../../test/support/rule-tester.js';
import { thirdPartyRemoteAccess } from './third-party-remote-access.js';

testRule(thirdPartyRemoteAccess, {
  shared: `
organisations:
  - { id: us, roles: [provider] }
  - { id: acme, name: Acme Service, roles: [] }
zones:
  - { id: vendor, name: Vendor LAN, kind: vendor-network }
  - { id: net, name: Internet, kind: internet }
  - { id: home, name: Home, kind: customer-premises }
  - { id: plant, name: Plant, kind: industrial }
  - { id: cloud, kind: cloud }`,
  raises: [
    {
      name: 'admin or remote access from outside parties into devices and site zones',
      model: `
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
  - { id: f4, from: support, to: cam, protocol: https, purpose: data }`,
      risks: [
        {
          subject: 'f1',
          likelihood: undefined,
          impact: undefined,
          message:
            'Support desk (in the vendor-network zone Vendor LAN) has administrative access to Camera in the customer-premises zone Home over SSH.',
        },
        { subject: 'f2', message: /^Integrator \(a third party\) has remote access to NAS/ },
      ],
    },
    {
      name: 'access into an industrial zone at the highest impact; an always-open path is likelier',
      model: `
elements:
  - { id: tech, kind: external-party, zone: net }
  - { id: plc, kind: controller, zone: plant, remoteAccess: always-on }
flows:
  - { id: f, from: tech, to: plc, protocol: https, purpose: remote-access }`,
      risks: [
        { subject: 'f', likelihood: 4, impact: 5, adjustment: /open all the time; it reaches an industrial network/ },
      ],
    },
    {
      name: 'a lower likelihood through a VPN with certificate or multi-factor login, or access opened per session',
      model: `
elements:
  - { id: a, kind: web-app, zone: vendor }
  - { id: b, kind: web-app, zone: vendor, authentication: { multiFactor: true } }
  - { id: c, kind: web-app, zone: vendor }
  - { id: plc, kind: controller, zone: plant }
  - { id: rtu, kind: controller, zone: plant, remoteAccess: on-demand }
flows:
  - { id: f1, from: a, to: plc, protocol: vpn, purpose: remote-access, authentication: certificate }
  - { id: f2, from: b, to: plc, protocol: ssh, encryption: vpn, purpose: admin, authentication: password }
  - { id: f3, from: c, to: plc, protocol: vpn, purpose: admin, authentication: password }
  - { id: f4, from: c, to: rtu, protocol: ssh, purpose: admin }`,
      risks: [
        { subject: 'f1', likelihood: 2 },
        { subject: 'f2', likelihood: 2 },
        { subject: 'f3', likelihood: undefined },
        { subject: 'f4', likelihood: 2, adjustment: /^remote access is opened per session, then closed;/ },
      ],
    },
    {
      name: 'access written to a whole zone is one risk on the outside party',
      model: `
elements:
  - { id: vendor-pc, name: Vendor PC, kind: external-party, zone: vendor }
  - { id: plc1, kind: controller, zone: plant }
  - { id: plc2, kind: controller, zone: plant }
flows:
  - { id: maint, from: vendor-pc, to: plant, toZone: true, protocol: ssh, purpose: remote-access }`,
      risks: [{ subject: 'vendor-pc', related: ['maint@plc1', 'maint@plc2', 'plc1', 'plc2'], impact: 5 }],
    },
  ],
  passes: [
    {
      name: "the provider's own management and the user's own app",
      model: `
elements:
  - { id: dm, kind: management-service, zone: cloud, operator: us }
  - { id: app, kind: mobile-app, zone: net }
  - { id: cam, kind: camera, zone: home }
flows:
  - { id: f1, from: dm, to: cam, protocol: mqtts, purpose: admin }
  - { id: f2, from: app, to: cam, protocol: https, purpose: admin }`,
    },
  ],
});
