import { testRule } from '../../test/support/rule-tester.js';
import { unencryptedDataStore } from './unencrypted-data-store.js';

testRule(unencryptedDataStore, {
  raises: [
    {
      name: 'a store holding personal or confidential data stated to be unencrypted',
      model: `
elements:
  - { id: db, name: Accounts DB, kind: data-store, encryptionAtRest: false }
  - { id: edge, kind: edge-service, encryptionAtRest: false }
  - { id: cam, kind: camera }
dataAssets:
  - { id: accounts, name: Accounts, personalData: { categories: [contact] }, storedIn: [db, cam] }
  - { id: weather, classification: public, storedIn: [edge] }`,
      risks: [
        {
          subject: 'db',
          related: ['accounts'],
          impact: undefined,
          message: 'Accounts DB stores Accounts without encryption at rest.',
        },
      ],
    },
    {
      name: 'sensitive personal data and restricted data at the highest impact',
      model: `
elements:
  - { id: a, kind: data-store, encryptionAtRest: false }
  - { id: b, kind: data-store, encryptionAtRest: false }
dataAssets:
  - { id: health, personalData: { categories: [health] }, storedIn: [a] }
  - { id: plans, classification: restricted, storedIn: [b] }`,
      risks: [
        { subject: 'a', impact: 5 },
        { subject: 'b', impact: 5 },
      ],
    },
  ],
  passes: [
    {
      name: 'encrypted stores',
      model: `
elements:
  - { id: db, kind: data-store, encryptionAtRest: true }
dataAssets:
  - { id: video, personalData: { categories: [image] }, storedIn: [db] }`,
    },
    {
      name: 'encryption at rest not stated: a question',
      model: `
elements:
  - { id: svc, name: Video service, kind: cloud-service }
dataAssets:
  - { id: keys, name: API keys, classification: confidential, storedIn: [svc] }`,
      asks: { svc: ['encryptionAtRest'] },
    },
  ],
});
