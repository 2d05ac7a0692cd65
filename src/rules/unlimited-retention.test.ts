import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { unlimitedRetention } from './unlimited-retention.js';

describe('unlimited-retention', () => {
  it('finds personal data without a retention limit', () => {
    const findings = unlimitedRetention.check(
      graphFrom(`
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: video, name: Video, personalData: { categories: [image] }, retention: unspecified }
  - { id: presence, name: Presence, personalData: { categories: [behavioural, location] } }
  - { id: email, name: E-mail, personalData: { categories: [contact] }, retention: 2y }
  - { id: temp, name: Temperature, retention: unlimited }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood, f.impact]),
      [
        ['video', undefined, undefined],
        ['presence', undefined, undefined],
      ],
    );
    assert.equal(findings[0]?.message, 'Video (personal data: image) has an unspecified retention period.');
    assert.equal(
      findings[1]?.message,
      'Presence (personal data: behavioural, location) has no retention period in the model.',
    );
  });

  it('raises likelihood for unlimited retention and impact for sensitive data', () => {
    const [finding] = unlimitedRetention.check(
      graphFrom(`
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: pulse, name: Pulse, personalData: { categories: [health] }, retention: unlimited }
`),
    );
    assert.equal(finding?.likelihood, 4);
    assert.equal(finding?.impact, 4);
    assert.equal(finding?.message, 'Pulse (personal data: health) is kept without limit.');
  });

  it('accepts personal data with a retention period', () => {
    const findings = unlimitedRetention.check(
      graphFrom(`
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: video, personalData: { categories: [image] }, retention: 30d }
`),
    );
    assert.deepEqual(findings, []);
  });
});
