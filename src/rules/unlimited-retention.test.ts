import { testRule } from '../../test/support/rule-tester.js';
import { unlimitedRetention } from './unlimited-retention.js';

testRule(unlimitedRetention, {
  raises: [
    {
      name: 'personal data with an unspecified period, or one that nothing enforces',
      model: `
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: video, name: Video, personalData: { categories: [image] }, retention: unspecified }
  - { id: logs, name: Access log, personalData: { categories: [identifier] }, retention: { period: 90d, after: account closure, enforced: false } }
  - { id: email, name: E-mail, personalData: { categories: [contact] }, retention: { period: 2y, enforced: true } }
  - { id: temp, name: Temperature, retention: unlimited }`,
      risks: [
        {
          subject: 'video',
          likelihood: undefined,
          impact: undefined,
          message: 'Video (personal data: image) has an unspecified retention period.',
        },
        {
          subject: 'logs',
          message: 'Access log (personal data: identifier) is kept for 90d by policy, but nothing deletes it then.',
        },
      ],
    },
    {
      name: 'a higher likelihood for unlimited retention and impact for sensitive data',
      model: `
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: pulse, name: Pulse, personalData: { categories: [health] }, retention: unlimited }`,
      risks: [
        {
          subject: 'pulse',
          likelihood: 4,
          impact: 4,
          message: 'Pulse (personal data: health) is kept without limit.',
          adjustment: 'nothing is ever deleted; it is sensitive personal data',
        },
      ],
    },
  ],
  passes: [
    {
      name: 'personal data with an enforced retention period',
      model: `
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: video, personalData: { categories: [image] }, retention: { period: 30d, enforced: true } }`,
    },
    {
      name: 'no retention stated, or not whether it is enforced: questions',
      model: `
elements: [{ id: svc, kind: cloud-service }]
dataAssets:
  - { id: presence, name: Presence, personalData: { categories: [behavioural, location] } }
  - { id: video, personalData: { categories: [image] }, retention: 30d }`,
      asks: { presence: ['retention'], video: ['retention.enforced'] },
    },
  ],
});
