import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { sharedAccessToPersonalData } from './shared-access-to-personal-data.js';

describe('shared-access-to-personal-data', () => {
  it('finds personal data that reaches several users', () => {
    const findings = sharedAccessToPersonalData.check(
      graphFrom(`
elements:
  - { id: app, kind: mobile-app }
  - { id: owner, name: Owner, kind: user }
  - { id: family, name: Family member, kind: user, count: 3 }
  - { id: guard, name: Guard, kind: user }
dataAssets:
  - { id: video, name: Doorbell video, personalData: { categories: [image] } }
  - { id: alerts, name: Alerts, personalData: { categories: [behavioural] } }
  - { id: status, name: Status }
flows:
  - { id: f1, from: app, to: owner, protocol: https, data: [video, alerts, status] }
  - { id: f2, from: app, to: family, protocol: https, data: [video, status] }
  - { id: f3, from: app, to: guard, protocol: https, data: [status] }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.related, f.impact]),
      [['video', ['owner', 'family'], undefined]],
    );
    assert.equal(
      findings[0]?.message,
      'Doorbell video reaches 4 people (Owner, Family member ×3), whose access has to be withdrawn when they leave.',
    );
  });

  it('raises impact for sensitive personal data', () => {
    const [finding] = sharedAccessToPersonalData.check(
      graphFrom(`
elements:
  - { id: app, kind: mobile-app }
  - { id: carers, kind: user, count: 2 }
dataAssets:
  - { id: vitals, personalData: { categories: [health] } }
flows:
  - { id: f, from: app, to: carers, protocol: https, data: [vitals] }
`),
    );
    assert.equal(finding?.impact, 4);
  });

  it('accepts personal data that reaches a single person', () => {
    const findings = sharedAccessToPersonalData.check(
      graphFrom(`
elements:
  - { id: app, kind: mobile-app }
  - { id: owner, kind: user }
  - { id: svc, kind: cloud-service }
dataAssets:
  - { id: video, personalData: { categories: [image] } }
flows:
  - { id: f1, from: app, to: owner, protocol: https, data: [video] }
  - { id: f2, from: app, to: svc, protocol: https, data: [video] }
`),
    );
    assert.deepEqual(findings, []);
  });
});
