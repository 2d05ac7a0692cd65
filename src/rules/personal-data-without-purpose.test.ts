import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { personalDataWithoutPurpose } from './personal-data-without-purpose.js';

describe('personal-data-without-purpose', () => {
  it('finds personal data without purposes', () => {
    const findings = personalDataWithoutPurpose.check(
      graphFrom(`
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: video, name: Video, personalData: { categories: [image] } }
  - { id: loc, name: Location, personalData: { categories: [location] }, purposes: [] }
  - { id: email, personalData: { categories: [contact] }, purposes: [account recovery] }
  - { id: temp }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.impact]),
      [
        ['video', undefined],
        ['loc', undefined],
      ],
    );
    assert.equal(findings[0]?.message, 'Video is personal data (image) with no purpose stated for collecting it.');
  });

  it('raises impact for sensitive data', () => {
    const [finding] = personalDataWithoutPurpose.check(
      graphFrom(`
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: kids, personalData: { categories: [children, image] } }
`),
    );
    assert.equal(finding?.impact, 4);
  });

  it('accepts personal data with a purpose', () => {
    const findings = personalDataWithoutPurpose.check(
      graphFrom(`
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: video, personalData: { categories: [image] }, purposes: [intrusion detection] }
`),
    );
    assert.deepEqual(findings, []);
  });
});
