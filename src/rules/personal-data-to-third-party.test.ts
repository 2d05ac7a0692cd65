import { testRule } from '../../test/support/rule-tester.js';
import { personalDataToThirdParty } from './personal-data-to-third-party.js';

testRule(personalDataToThirdParty, {
  raises: [
    {
      name: 'personal data with no legal basis flowing to a third party',
      model: `
organisations:
  - { id: ads, name: AdCo, roles: [] }
elements:
  - { id: svc, name: Cloud, kind: cloud-service }
  - { id: analytics, name: Analytics, kind: cloud-service, operator: ads }
  - { id: partner, name: Partner, kind: external-party }
  - { id: db, kind: data-store }
dataAssets:
  - { id: usage, name: Usage history, personalData: { categories: [behavioural] }, legalBasis: none }
  - { id: email, name: E-mail, personalData: { categories: [contact] }, legalBasis: contract }
  - { id: loc, name: Location, personalData: { categories: [location] }, purposes: [{ purpose: ads, legalBasis: none }] }
flows:
  - { id: f1, from: svc, to: analytics, protocol: https, data: [usage, email] }
  - { id: f2, from: svc, to: partner, protocol: https, data: [loc] }
  - { id: f3, from: svc, to: db, protocol: https, data: [usage] }`,
      risks: [
        {
          subject: 'f1',
          related: ['svc', 'analytics', 'usage'],
          impact: undefined,
          message:
            'Cloud sends personal data (Usage history) to the third party Analytics, for which no legal basis has been identified.',
        },
        { subject: 'f2', related: ['svc', 'partner', 'loc'] },
      ],
    },
    {
      name: 'sensitive personal data at the highest impact',
      model: `
elements:
  - { id: svc, kind: cloud-service }
  - { id: insurer, kind: external-party }
dataAssets:
  - { id: pulse, personalData: { categories: [health] }, legalBasis: none }
flows:
  - { id: f, from: svc, to: insurer, protocol: https, data: [pulse] }`,
      risks: [{ subject: 'f', impact: 5 }],
    },
  ],
  passes: [
    {
      name: 'personal data with a legal basis, and non-personal data',
      model: `
elements:
  - { id: svc, kind: cloud-service }
  - { id: x, kind: external-party }
dataAssets:
  - { id: email, personalData: { categories: [contact] }, legalBasis: consent }
  - { id: weather, classification: public }
flows:
  - { id: f, from: svc, to: x, protocol: https, data: [email, weather] }`,
    },
    {
      name: 'a legal basis not stated: one question on the data, however many flows carry it',
      model: `
elements:
  - { id: svc, kind: cloud-service }
  - { id: x, kind: external-party }
  - { id: y, kind: external-party }
dataAssets:
  - { id: pulse, personalData: { categories: [health] } }
flows:
  - { id: f, from: svc, to: x, protocol: https, data: [pulse] }
  - { id: g, from: svc, to: y, protocol: https, data: [pulse] }`,
      asks: { pulse: ['legalBasis'] },
    },
  ],
});
