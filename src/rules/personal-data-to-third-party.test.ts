import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { personalDataToThirdParty } from './personal-data-to-third-party.js';

describe('personal-data-to-third-party', () => {
  it('finds personal data without a legal basis flowing to a third party', () => {
    const findings = personalDataToThirdParty.check(
      graphFrom(`
organisations:
  - { id: ads, name: AdCo, roles: [] }
elements:
  - { id: svc, name: Cloud, kind: cloud-service }
  - { id: analytics, name: Analytics, kind: cloud-service, operator: ads }
  - { id: partner, name: Partner, kind: external-party }
  - { id: db, kind: data-store }
dataAssets:
  - { id: usage, name: Usage history, personalData: { categories: [behavioural] } }
  - { id: email, name: E-mail, personalData: { categories: [contact] }, legalBasis: contract }
  - { id: loc, name: Location, personalData: { categories: [location] }, legalBasis: none }
flows:
  - { id: f1, from: svc, to: analytics, protocol: https, data: [usage, email] }
  - { id: f2, from: svc, to: partner, protocol: https, data: [loc] }
  - { id: f3, from: svc, to: db, protocol: https, data: [usage] }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.related, f.impact]),
      [
        ['f1', ['svc', 'analytics', 'usage'], undefined],
        ['f2', ['svc', 'partner', 'loc'], undefined],
      ],
    );
    assert.equal(
      findings[0]?.message,
      'Cloud sends personal data (Usage history) to the third party Analytics with no legal basis recorded for it.',
    );
  });

  it('rates sensitive personal data at the highest impact', () => {
    const [finding] = personalDataToThirdParty.check(
      graphFrom(`
elements:
  - { id: svc, kind: cloud-service }
  - { id: insurer, kind: external-party }
dataAssets:
  - { id: pulse, personalData: { categories: [health] } }
flows:
  - { id: f, from: svc, to: insurer, protocol: https, data: [pulse] }
`),
    );
    assert.equal(finding?.impact, 5);
  });

  it('accepts personal data with a legal basis and non-personal data', () => {
    const findings = personalDataToThirdParty.check(
      graphFrom(`
elements:
  - { id: svc, kind: cloud-service }
  - { id: x, kind: external-party }
dataAssets:
  - { id: email, personalData: { categories: [contact] }, legalBasis: consent }
  - { id: weather, classification: public }
flows:
  - { id: f, from: svc, to: x, protocol: https, data: [email, weather] }
`),
    );
    assert.deepEqual(findings, []);
  });
});
