import { testRule } from '../../test/support/rule-tester.js';
import { identifyingTelemetry } from './identifying-telemetry.js';

testRule(identifyingTelemetry, {
  raises: [
    {
      name: 'an app whose telemetry contains personal data',
      model: `
elements:
  - { id: app, name: Home app, kind: mobile-app, telemetry: { collected: true, personalData: true } }
  - { id: plug, kind: device, telemetry: { collected: true, personalData: false } }`,
      risks: [{ subject: 'app', impact: undefined, message: 'Home app sends telemetry that contains personal data.' }],
    },
    {
      name: 'a higher impact for a device that senses people, or telemetry that also goes to a third party',
      model: `
organisations:
  - { id: sdk-vendor, name: Ad SDK vendor, roles: [] }
elements:
  - { id: tv, name: TV, kind: device, sensing: [microphone], telemetry: { collected: true, personalData: true } }
  - { id: app, kind: mobile-app, telemetry: { collected: true, personalData: true, recipients: [sdk-vendor] } }`,
      risks: [
        { subject: 'tv', impact: 4, message: /senses people \(microphone\)/ },
        {
          subject: 'app',
          impact: 4,
          related: ['sdk-vendor'],
          message: /also to Ad SDK vendor\.$/,
          adjustment: 'it also goes to a third party',
        },
      ],
    },
  ],
  passes: [
    {
      name: 'telemetry without personal data, or none collected, and services that state nothing',
      model: `
elements:
  - { id: cam, kind: camera, telemetry: { collected: false, personalData: true } }
  - { id: svc, kind: cloud-service }`,
    },
    {
      name: 'questions where the model does not say',
      model: `
elements:
  - { id: hub, kind: hub, telemetry: { collected: true } }
  - { id: s, kind: sensor }`,
      asks: { hub: ['telemetry.personalData'], s: ['telemetry.collected', 'telemetry.personalData'] },
    },
  ],
});
