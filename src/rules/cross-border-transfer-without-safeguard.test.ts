import { testRule } from '../../test/support/rule-tester.js';
import { crossBorderTransferWithoutSafeguard } from './cross-border-transfer-without-safeguard.js';

testRule(crossBorderTransferWithoutSafeguard, {
  raises: [
    {
      name: 'personal data sent out of the system region with no safeguard',
      model: `
organisations:
  - { id: host, roles: [provider], region: US }
elements:
  - { id: cam, name: Camera, kind: camera }
  - { id: svc, name: Video cloud, kind: cloud-service, operator: host }
  - { id: ml, name: Analytics, kind: cloud-service, region: us }
  - { id: eu, kind: cloud-service, region: EU }
dataAssets:
  - { id: video, name: Video, personalData: { categories: [image] } }
  - { id: temp, name: Temperature }
flows:
  - { id: f1, from: cam, to: svc, protocol: https, data: [video], transferSafeguard: none }
  - { id: f2, from: svc, to: ml, protocol: https, data: [video] }
  - { id: f3, from: cam, to: eu, protocol: https, data: [video] }
  - { id: f4, from: cam, to: ml, protocol: https, data: [temp] }
  - { id: f5, from: cam, to: ml, protocol: https, data: [video], transferSafeguard: contract-clauses }`,
      risks: [
        {
          subject: 'f1',
          impact: undefined,
          message: 'Camera sends personal data (Video) to Video cloud in US, outside EU, with no transfer safeguard.',
        },
      ],
    },
    {
      name: 'sensitive personal data at the highest impact',
      model: `
elements:
  - { id: watch, kind: sensor }
  - { id: svc, kind: cloud-service, region: US }
dataAssets:
  - { id: pulse, personalData: { categories: [health] } }
flows:
  - { id: f, from: watch, to: svc, protocol: https, data: [pulse], transferSafeguard: none }`,
      risks: [{ subject: 'f', impact: 5 }],
    },
  ],
  passes: [
    {
      name: 'nothing when the system region is not known',
      model: `
system: { name: Test }
elements:
  - { id: cam, kind: camera }
  - { id: svc, kind: cloud-service, region: US }
dataAssets:
  - { id: video, personalData: { categories: [image] } }
flows:
  - { id: f, from: cam, to: svc, protocol: https, data: [video] }`,
    },
    {
      name: 'a safeguard or a hosting region not stated: questions',
      model: `
elements:
  - { id: cam, kind: camera }
  - { id: us, kind: cloud-service, region: US }
  - { id: somewhere, kind: cloud-service }
  - { id: app, kind: mobile-app }
dataAssets:
  - { id: video, personalData: { categories: [image] } }
flows:
  - { id: f, from: cam, to: us, protocol: https, data: [video] }
  - { id: g, from: cam, to: somewhere, protocol: https, data: [video] }
  - { id: h, from: somewhere, to: app, protocol: https, data: [video] }
  - { id: i, from: cam, to: somewhere, protocol: mqtts, data: [video] }`,
      asks: { f: ['transferSafeguard'], somewhere: ['region'] },
    },
  ],
});
