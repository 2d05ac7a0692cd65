import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { noLegalBasis } from './no-legal-basis.js';

describe('no-legal-basis', () => {
  it('finds personal data without a legal basis', () => {
    const findings = noLegalBasis.check(
      graphFrom(`
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: video, name: Video, personalData: { categories: [image] } }
  - { id: email, personalData: { categories: [contact] }, legalBasis: contract }
  - { id: temp, name: Temperature }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood, f.impact]),
      [['video', undefined, undefined]],
    );
    assert.equal(findings[0]?.message, 'Video is personal data (image) with no legal basis in the model.');
  });

  it('raises likelihood when the model says there is none, and impact for sensitive data', () => {
    const [finding] = noLegalBasis.check(
      graphFrom(`
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: face, name: Face templates, personalData: { categories: [biometric] }, legalBasis: none }
`),
    );
    assert.equal(finding?.likelihood, 4);
    assert.equal(finding?.impact, 5);
    assert.match(finding?.message ?? '', /no legal basis has been identified/);
  });

  it('accepts personal data with a legal basis', () => {
    const findings = noLegalBasis.check(
      graphFrom(`
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: video, personalData: { categories: [image] }, legalBasis: legitimate-interests }
`),
    );
    assert.deepEqual(findings, []);
  });
});
