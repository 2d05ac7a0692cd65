import { testRule } from '../../test/support/rule-tester.js';
import { noLegalBasis } from './no-legal-basis.js';

testRule(noLegalBasis, {
  raises: [
    {
      name: 'personal data for which the model says no basis was identified, worse when sensitive',
      model: `
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: face, name: Face templates, personalData: { categories: [biometric] }, legalBasis: none }
  - { id: email, personalData: { categories: [contact] }, legalBasis: contract }
  - { id: temp, name: Temperature }`,
      risks: [
        {
          subject: 'face',
          impact: 5,
          message: 'Face templates is personal data (biometric) for which no legal basis has been identified.',
        },
      ],
    },
    {
      name: 'a purpose with no basis',
      model: `
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - id: usage
    name: Usage history
    personalData: { categories: [behavioural] }
    purposes: [{ purpose: billing, legalBasis: contract }, { purpose: marketing, legalBasis: none }]`,
      risks: [{ subject: 'usage', impact: undefined, message: /no legal basis has been identified \(marketing\)\.$/ }],
    },
  ],
  passes: [
    {
      name: 'a basis for the asset, or for every purpose',
      model: `
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: video, personalData: { categories: [image] }, legalBasis: legitimate-interests }
  - id: usage
    personalData: { categories: [behavioural] }
    purposes: [{ purpose: billing, legalBasis: contract }, { purpose: support, legalBasis: contract }]`,
    },
    {
      name: 'no basis stated, or not for every purpose: questions',
      model: `
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: video, name: Video, personalData: { categories: [image] } }
  - id: usage
    personalData: { categories: [behavioural] }
    purposes: [{ purpose: billing, legalBasis: contract }, analytics]`,
      asks: { video: ['legalBasis'], usage: ['legalBasis'] },
    },
  ],
});
