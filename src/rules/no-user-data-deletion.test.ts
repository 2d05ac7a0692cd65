import { testRule } from '../../test/support/rule-tester.js';
import { noUserDataDeletion } from './no-user-data-deletion.js';

testRule(noUserDataDeletion, {
  raises: [
    {
      name: 'an element that stores personal data and offers no deletion',
      model: `
elements:
  - { id: cam, name: Camera, kind: camera, userDataDeletion: false }
  - { id: db, kind: data-store, userDataDeletion: false }
  - { id: owner, kind: user }
dataAssets:
  - { id: video, name: Video, personalData: { categories: [image] }, storedIn: [cam, owner] }
  - { id: temp, name: Temperature, storedIn: [db] }`,
      risks: [
        {
          subject: 'cam',
          related: ['video'],
          impact: undefined,
          message: 'Camera stores personal data (Video) and offers no simple way for users to delete it.',
        },
      ],
    },
    {
      name: 'a higher impact for sensitive personal data',
      model: `
elements: [{ id: scale, kind: sensor, userDataDeletion: false }]
dataAssets:
  - { id: weight, personalData: { categories: [health] }, storedIn: [scale] }`,
      risks: [{ subject: 'scale', impact: 4 }],
    },
  ],
  passes: [
    {
      name: 'elements that let users delete their data',
      model: `
elements: [{ id: svc, kind: cloud-service, userDataDeletion: true }]
dataAssets:
  - { id: video, personalData: { categories: [image] }, storedIn: [svc] }`,
    },
    {
      name: 'deletion not stated: a question',
      model: `
elements: [{ id: svc, name: Video cloud, kind: cloud-service }]
dataAssets:
  - { id: video, personalData: { categories: [image] }, storedIn: [svc] }`,
      asks: { svc: ['userDataDeletion'] },
    },
  ],
});
