import { testRule } from '../../test/support/rule-tester.js';
import { personalDataWithoutPurpose } from './personal-data-without-purpose.js';

testRule(personalDataWithoutPurpose, {
  onlyAsks: 'the model cannot yet tell "no purpose" from a purpose not written down',
  raises: [],
  passes: [
    {
      name: 'personal data with a purpose, and data that is not personal',
      model: `
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: video, personalData: { categories: [image] }, purposes: [intrusion detection] }
  - { id: temp }`,
    },
    {
      name: 'personal data without purposes: a question',
      model: `
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: video, name: Video, personalData: { categories: [image] } }
  - { id: loc, name: Location, personalData: { categories: [location] }, purposes: [] }
  - { id: email, personalData: { categories: [contact] }, purposes: [account recovery] }`,
      asks: { video: ['purposes'], loc: ['purposes'] },
    },
  ],
});
