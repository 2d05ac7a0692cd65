import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { cleartextAcrossBoundary } from './cleartext-across-boundary.js';

const zones = `
zones:
  - { id: home, kind: customer-premises }
  - { id: cloud, kind: cloud }
  - { id: net, kind: internet }
`;

describe('cleartext-across-boundary', () => {
  it('finds unencrypted flows between zones, worse with personal data', () => {
    const findings = cleartextAcrossBoundary.check(
      graphFrom(`${zones}
elements:
  - { id: cam, kind: camera, zone: home }
  - { id: svc, kind: cloud-service, zone: cloud }
dataAssets:
  - { id: video, personalData: { categories: [image] } }
flows:
  - { id: f1, from: cam, to: svc, protocol: rtsp, data: [video] }
  - { id: f2, from: cam, to: svc, protocol: https, data: [video] }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.impact]),
      [['f1', 4]],
    );
  });

  it('treats an unknown encryption as cleartext and raises likelihood next to an untrusted zone', () => {
    const [finding] = cleartextAcrossBoundary.check(
      graphFrom(`${zones}
elements:
  - { id: dev, kind: device, zone: net }
  - { id: svc, kind: cloud-service, zone: cloud }
flows:
  - { id: f, from: dev, to: svc, protocol: proprietary }
`),
    );
    assert.equal(finding?.likelihood, 5);
    assert.match(finding?.message ?? '', /no stated encryption/);
  });

  it('ignores cleartext inside one zone', () => {
    const findings = cleartextAcrossBoundary.check(
      graphFrom(`${zones}
elements:
  - { id: a, kind: sensor, zone: home }
  - { id: b, kind: hub, zone: home }
flows:
  - { id: f, from: a, to: b, protocol: http }
`),
    );
    assert.deepEqual(findings, []);
  });
});
