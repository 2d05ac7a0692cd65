import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { noUserDataDeletion } from './no-user-data-deletion.js';

describe('no-user-data-deletion', () => {
  it('finds elements that store personal data without user deletion', () => {
    const findings = noUserDataDeletion.check(
      graphFrom(`
elements:
  - { id: cam, name: Camera, kind: camera, userDataDeletion: false }
  - { id: svc, name: Video cloud, kind: cloud-service }
  - { id: db, kind: data-store }
  - { id: owner, kind: user }
dataAssets:
  - { id: video, name: Video, personalData: { categories: [image] }, storedIn: [cam, svc, owner] }
  - { id: temp, name: Temperature, storedIn: [db] }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.related, f.impact]),
      [
        ['cam', ['video'], undefined],
        ['svc', ['video'], undefined],
      ],
    );
    assert.equal(
      findings[0]?.message,
      'Camera stores personal data (Video) and offers no simple way for users to delete it.',
    );
    assert.match(findings[1]?.message ?? '', /is not stated to offer a simple way/);
  });

  it('raises impact for sensitive personal data', () => {
    const [finding] = noUserDataDeletion.check(
      graphFrom(`
elements: [{ id: scale, kind: sensor }]
dataAssets:
  - { id: weight, personalData: { categories: [health] }, storedIn: [scale] }
`),
    );
    assert.equal(finding?.impact, 4);
  });

  it('accepts elements that let users delete their data', () => {
    const findings = noUserDataDeletion.check(
      graphFrom(`
elements: [{ id: svc, kind: cloud-service, userDataDeletion: true }]
dataAssets:
  - { id: video, personalData: { categories: [image] }, storedIn: [svc] }
`),
    );
    assert.deepEqual(findings, []);
  });
});
