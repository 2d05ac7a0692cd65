import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { crossBorderTransferWithoutSafeguard } from './cross-border-transfer-without-safeguard.js';

describe('cross-border-transfer-without-safeguard', () => {
  it('finds personal data sent out of the system region without a safeguard', () => {
    const findings = crossBorderTransferWithoutSafeguard.check(
      graphFrom(`
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
  - { id: f1, from: cam, to: svc, protocol: https, data: [video] }
  - { id: f2, from: svc, to: ml, protocol: https, data: [video] }
  - { id: f3, from: cam, to: eu, protocol: https, data: [video] }
  - { id: f4, from: cam, to: ml, protocol: https, data: [temp] }
  - { id: f5, from: cam, to: ml, protocol: https, data: [video], transferSafeguard: contract-clauses }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.impact]),
      [['f1', undefined]],
    );
    assert.equal(
      findings[0]?.message,
      'Camera sends personal data (Video) to Video cloud in US, outside EU, with no stated transfer safeguard.',
    );
  });

  it('rates sensitive personal data at the highest impact', () => {
    const [finding] = crossBorderTransferWithoutSafeguard.check(
      graphFrom(`
elements:
  - { id: watch, kind: sensor }
  - { id: svc, kind: cloud-service, region: US }
dataAssets:
  - { id: pulse, personalData: { categories: [health] } }
flows:
  - { id: f, from: watch, to: svc, protocol: https, data: [pulse], transferSafeguard: none }
`),
    );
    assert.equal(finding?.impact, 5);
    assert.match(finding?.message ?? '', /with no transfer safeguard/);
  });

  it('finds nothing when the system region is not known', () => {
    const findings = crossBorderTransferWithoutSafeguard.check(
      graphFrom(`
system: { name: Test }
elements:
  - { id: cam, kind: camera }
  - { id: svc, kind: cloud-service, region: US }
dataAssets:
  - { id: video, personalData: { categories: [image] } }
flows:
  - { id: f, from: cam, to: svc, protocol: https, data: [video] }
`),
    );
    assert.deepEqual(findings, []);
  });
});
