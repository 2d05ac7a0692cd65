import { testRule } from '../../test/support/rule-tester.js';
import { cloudDependentSafetyFunction } from './cloud-dependent-safety-function.js';

testRule(cloudDependentSafetyFunction, {
  shared: `
zones:
  - { id: home, kind: customer-premises }
  - { id: cloud, kind: cloud }
  - { id: net, kind: internet }`,
  raises: [
    {
      name: 'a safety-relevant element that only off-site services command',
      model: `
elements:
  - { id: heater, name: Boiler, kind: actuator, zone: home, safetyRelevant: true }
  - { id: svc, name: Heating cloud, kind: cloud-service, zone: cloud }
  - { id: voice, name: Voice service, kind: external-party, zone: net }
flows:
  - { id: svc-to-heater, from: svc, to: heater, protocol: mqtts, purpose: control }
  - { id: voice-to-heater, from: voice, to: heater, protocol: https, purpose: control }
  - { id: heater-to-svc, from: heater, to: svc, protocol: mqtts, purpose: telemetry }`,
      risks: [
        {
          subject: 'heater',
          related: ['svc', 'voice'],
          message:
            'Boiler is safety-relevant and takes control commands only from Heating cloud, Voice service off site; an internet, cloud or vendor outage leaves it without control.',
        },
      ],
    },
    {
      name: 'a safety-relevant element stated to stop without the cloud, whatever its control paths',
      model: `
elements:
  - { id: valve, name: Gas valve, kind: actuator, zone: home, safetyRelevant: true, worksOffline: false }
  - { id: hub, kind: hub, zone: home, safetyRelevant: false }
flows:
  - { id: local, from: hub, to: valve, protocol: zigbee, purpose: control }`,
      risks: [
        {
          subject: 'valve',
          message: 'Gas valve is safety-relevant and stops working when the cloud or network is down.',
        },
      ],
    },
  ],
  passes: [
    {
      name: 'a local control path with local operation stated, elements that are not safety-relevant, unstated zones',
      model: `
elements:
  - { id: lock, kind: actuator, zone: home, safetyRelevant: true, worksOffline: true }
  - { id: hub, kind: hub, zone: home, safetyRelevant: false }
  - { id: lamp, kind: actuator, zone: home, safetyRelevant: false }
  - { id: valve, kind: actuator, safetyRelevant: true, worksOffline: true }
  - { id: svc, kind: cloud-service, zone: cloud }
  - { id: other, kind: cloud-service }
flows:
  - { id: a, from: svc, to: lock, protocol: mqtts, purpose: control }
  - { id: b, from: hub, to: lock, protocol: zigbee, purpose: control }
  - { id: c, from: svc, to: lamp, protocol: mqtts, purpose: control }
  - { id: d, from: other, to: valve, protocol: mqtts, purpose: control }`,
    },
    {
      name: 'a cloud-only lock that keeps working offline (a keypad), and questions where the model does not say',
      model: `
elements:
  - { id: lock, kind: actuator, zone: home, safetyRelevant: true, worksOffline: true }
  - { id: heater, kind: actuator, zone: home, safetyRelevant: true }
  - { id: plug, kind: actuator, zone: home }
  - { id: thermostat, kind: sensor, zone: home, worksOffline: false }
  - { id: svc, kind: cloud-service, zone: cloud }
flows:
  - { id: a, from: svc, to: lock, protocol: mqtts, purpose: control }
  - { id: b, from: svc, to: plug, protocol: mqtts, purpose: control }`,
      asks: {
        heater: ['worksOffline'],
        plug: ['safetyRelevant'],
        thermostat: ['safetyRelevant'],
      },
    },
    {
      name: 'nothing stated about a device: both facts are asked for',
      model: `
elements:
  - { id: dev, kind: device, zone: home }`,
      asks: { dev: ['safetyRelevant', 'worksOffline'] },
    },
  ],
});
