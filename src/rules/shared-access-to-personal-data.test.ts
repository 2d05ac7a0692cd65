import { testRule } from '../../test/support/rule-tester.js';
import { sharedAccessToPersonalData } from './shared-access-to-personal-data.js';

testRule(sharedAccessToPersonalData, {
  raises: [
    {
      name: 'personal data that reaches several people',
      model: `
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
  - { id: f3, from: app, to: guard, protocol: https, data: [status] }`,
      risks: [
        {
          subject: 'video',
          related: ['owner', 'family'],
          impact: undefined,
          message:
            'Doorbell video reaches 4 people (Owner, Family member ×3), whose access has to be withdrawn when they leave.',
        },
      ],
    },
    {
      name: 'a higher impact for sensitive personal data',
      model: `
elements:
  - { id: app, kind: mobile-app }
  - { id: carers, kind: user, count: 2 }
dataAssets:
  - { id: vitals, personalData: { categories: [health] } }
flows:
  - { id: f, from: app, to: carers, protocol: https, data: [vitals] }`,
      risks: [{ subject: 'vitals', impact: 4 }],
    },
  ],
  passes: [
    {
      name: 'personal data that reaches a single person',
      model: `
elements:
  - { id: app, kind: mobile-app }
  - { id: owner, kind: user }
  - { id: svc, kind: cloud-service }
dataAssets:
  - { id: video, personalData: { categories: [image] } }
flows:
  - { id: f1, from: app, to: owner, protocol: https, data: [video] }
  - { id: f2, from: app, to: svc, protocol: https, data: [video] }`,
    },
  ],
});
