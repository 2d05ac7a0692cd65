import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { unencryptedDataStore } from './unencrypted-data-store.js';

describe('unencrypted-data-store', () => {
  it('finds stores holding personal or confidential data without encryption at rest', () => {
    const findings = unencryptedDataStore.check(
      graphFrom(`
elements:
  - { id: db, name: Accounts DB, kind: data-store, encryptionAtRest: false }
  - { id: svc, name: Video service, kind: cloud-service }
  - { id: edge, kind: edge-service }
  - { id: cam, kind: camera }
dataAssets:
  - { id: accounts, name: Accounts, personalData: { categories: [contact] }, storedIn: [db, cam] }
  - { id: keys, name: API keys, classification: confidential, storedIn: [svc] }
  - { id: weather, classification: public, storedIn: [edge] }
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.related, f.impact]),
      [
        ['db', ['accounts'], undefined],
        ['svc', ['keys'], undefined],
      ],
    );
    assert.equal(findings[0]?.message, 'Accounts DB stores Accounts without encryption at rest.');
    assert.equal(findings[1]?.message, 'Video service stores API keys with no stated encryption at rest.');
  });

  it('rates sensitive personal data and restricted data at the highest impact', () => {
    const findings = unencryptedDataStore.check(
      graphFrom(`
elements:
  - { id: a, kind: data-store }
  - { id: b, kind: data-store }
dataAssets:
  - { id: health, personalData: { categories: [health] }, storedIn: [a] }
  - { id: plans, classification: restricted, storedIn: [b] }
`),
    );
    assert.deepEqual(
      findings.map((f) => f.impact),
      [5, 5],
    );
  });

  it('accepts encrypted stores', () => {
    const findings = unencryptedDataStore.check(
      graphFrom(`
elements:
  - { id: db, kind: data-store, encryptionAtRest: true }
dataAssets:
  - { id: video, personalData: { categories: [image] }, storedIn: [db] }
`),
    );
    assert.deepEqual(findings, []);
  });
});
