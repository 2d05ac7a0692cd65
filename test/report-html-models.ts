/**
 * Generated models for the HTML report tests: a mid-sized system to check the detailed diagram stays readable and a
 * large one (the 10 000-element benchmark shape) to check the summarised diagram and capped tables.
 */

import type { Assessment } from '../src/assess/assessment.js';
import { assess } from '../src/assess/pipeline.js';
import { loadCatalog } from '../src/catalog/load.js';
import { loadModelText } from '../src/model/load.js';
import { RULES } from '../src/rules/index.js';

const KINDS = [
  'sensor',
  'camera',
  'gateway',
  'cloud-service',
  'management-service',
  'data-store',
  'mobile-app',
  'user',
  'external-party',
  'api-gateway',
  'physical-entity',
];
const PROTOCOLS = ['mqtt', 'mqtts', 'https', 'http', 'coap', 'coaps', 'rtsp', 'amqps'];

export function generatedModelText(elements: number, zones = 20, flowsPerElement = 3): string {
  const model = {
    iotassure: 1,
    system: { id: `gen-${elements}`, name: `Generated system of ${elements} elements`, region: 'EU' },
    organisations: [{ id: 'maker', name: 'Maker Ltd', roles: ['developer', 'provider'] }],
    zones: Array.from({ length: zones }, (_, z) => ({
      id: `zone-${z}`,
      name: `Zone ${z}`,
      kind: z % 3 === 0 ? 'cloud' : z % 3 === 1 ? 'customer-premises' : 'internet',
    })),
    elements: Array.from({ length: elements }, (_, i) => ({
      id: `el-${i}`,
      name: `Element ${i}`,
      kind: i % 50 === 0 ? 'gateway' : KINDS[(i % zones) % KINDS.length],
      zone: `zone-${i % zones}`,
    })),
    dataAssets: [
      {
        id: 'readings',
        name: 'Readings',
        personalData: { categories: ['behavioural'], subjects: ['residents'] },
        purposes: ['service'],
      },
      { id: 'telemetry', name: 'Telemetry' },
    ],
    flows: Array.from({ length: elements * flowsPerElement }, (_, k) => {
      const i = Math.floor(k / flowsPerElement);
      const j = (i + ((k % flowsPerElement) + 1) * 7) % elements;
      return {
        id: `f-${k}`,
        from: `el-${i}`,
        to: `el-${j}`,
        protocol: PROTOCOLS[k % PROTOCOLS.length],
        data: [k % 2 ? 'readings' : 'telemetry'],
      };
    }),
  };
  return JSON.stringify(model);
}

export function generatedAssessment(elements: number, zones?: number, flowsPerElement?: number): Assessment {
  const model = loadModelText('generated.yaml', generatedModelText(elements, zones, flowsPerElement));
  return assess(model, loadCatalog(), RULES, { date: '2026-01-01' });
}

/** A 30-element building-automation system over all six domains and seven zones, to check the detailed diagram. */
export const THIRTY_ELEMENT_MODEL = `iotassure: 1
system: { id: harbour-tower, name: Harbour Tower building automation, region: EU }
organisations:
  - { id: tower-ops, name: Tower Operations, roles: [provider, user] }
  - { id: acme, name: Acme Controls, roles: [developer] }
zones:
  - { id: plant, name: Plant room OT network, kind: industrial }
  - { id: floors, name: Floor sensor network, kind: personal-area }
  - { id: lobby, name: Lobby (public), kind: public-space }
  - { id: office-lan, name: Office LAN, kind: corporate }
  - { id: dmz, name: Building DMZ, kind: dmz }
  - { id: cloud, name: Acme cloud (EU), kind: cloud }
  - { id: internet, name: Internet, kind: internet }
elements:
  - { id: boiler, name: Boiler, kind: physical-entity, zone: plant }
  - { id: chiller, name: Chiller, kind: physical-entity, zone: plant }
  - { id: meeting-rooms, name: Meeting rooms, kind: physical-entity, zone: floors }
  - { id: plc, name: HVAC PLC, kind: controller, zone: plant }
  - { id: valve, name: Heating valve actuator, kind: actuator, zone: plant }
  - { id: flow-meter, name: Heat flow meter, kind: sensor, zone: plant }
  - { id: temp-sensors, name: Room temperature sensors, kind: sensor, zone: floors, count: 120 }
  - { id: presence, name: Presence sensors, kind: sensor, zone: floors, count: 80 }
  - { id: co2, name: CO2 sensors, kind: sensor, zone: floors, count: 40 }
  - { id: zigbee-gw, name: Zigbee gateway, kind: gateway, zone: floors }
  - { id: door-reader, name: Lobby door reader, kind: device, zone: lobby }
  - { id: lobby-camera, name: Lobby camera, kind: camera, zone: lobby }
  - { id: kiosk, name: Visitor kiosk, kind: hmi, zone: lobby }
  - { id: bms-server, name: Building management server, kind: edge-service, zone: office-lan }
  - { id: historian, name: Historian database, kind: data-store, zone: office-lan }
  - { id: operator-panel, name: Operator panel, kind: hmi, zone: office-lan }
  - { id: broker, name: MQTT broker, kind: message-broker, zone: dmz }
  - { id: api-gw, name: Partner API gateway, kind: api-gateway, zone: dmz }
  - { id: vpn, name: Remote maintenance VPN, kind: management-service, zone: dmz }
  - { id: cloud-platform, name: Acme cloud platform, kind: cloud-service, zone: cloud }
  - { id: analytics, name: Energy analytics, kind: cloud-service, zone: cloud }
  - { id: cloud-db, name: Cloud time-series store, kind: data-store, zone: cloud }
  - { id: device-mgmt, name: Device management and updates, kind: management-service, zone: cloud }
  - { id: monitoring, name: Security monitoring (SOC), kind: management-service, zone: cloud }
  - { id: tenant-app, name: Tenant comfort app, kind: mobile-app, zone: internet }
  - { id: facility-web, name: Facility manager web app, kind: web-app, zone: internet }
  - { id: tenant, name: Tenant, kind: user, zone: internet }
  - { id: facility-manager, name: Facility manager, kind: user, zone: office-lan }
  - { id: energy-supplier, name: Energy supplier, kind: external-party, zone: internet }
  - { id: maintainer, name: HVAC maintenance contractor, kind: external-party, zone: internet }
dataAssets:
  - { id: presence-data, name: Room presence, personalData: { categories: [behavioural, location], subjects: [tenants, staff] }, purposes: [comfort control] }
  - { id: badge-events, name: Badge events, personalData: { categories: [identifier, location], subjects: [tenants, visitors] }, purposes: [access control], legalBasis: contract, retention: 90d, storedIn: [historian] }
  - { id: video, name: Lobby video, personalData: { categories: [image], subjects: [visitors] }, purposes: [security], retention: 7d }
  - { id: readings, name: Plant and room readings }
  - { id: firmware, name: Firmware images }
flows:
  - { id: f1, from: flow-meter, to: plc, protocol: modbus, authentication: none, data: [readings] }
  - { id: f2, from: plc, to: valve, protocol: modbus, authentication: none }
  - { id: f3, from: plc, to: bms-server, protocol: bacnet, authentication: none, data: [readings] }
  - { id: f4, from: temp-sensors, to: zigbee-gw, protocol: zigbee, authentication: pairing, data: [readings] }
  - { id: f5, from: presence, to: zigbee-gw, protocol: zigbee, authentication: pairing, data: [presence-data] }
  - { id: f6, from: co2, to: zigbee-gw, protocol: zigbee, authentication: pairing, data: [readings] }
  - { id: f7, from: zigbee-gw, to: broker, protocol: mqtt, authentication: password, data: [readings, presence-data] }
  - { id: f8, from: bms-server, to: broker, protocol: mqtts, authentication: certificate, serverAuthenticated: true, data: [readings] }
  - { id: f9, from: broker, to: cloud-platform, protocol: mqtts, authentication: certificate, serverAuthenticated: true, data: [readings, presence-data] }
  - { id: f10, from: cloud-platform, to: cloud-db, protocol: https, authentication: token, serverAuthenticated: true, data: [readings] }
  - { id: f11, from: cloud-db, to: analytics, protocol: https, authentication: token, serverAuthenticated: true, data: [readings] }
  - { id: f12, from: analytics, to: energy-supplier, protocol: https, authentication: token, serverAuthenticated: true, data: [readings] }
  - { id: f13, from: door-reader, to: bms-server, protocol: http, authentication: none, data: [badge-events] }
  - { id: f14, from: lobby-camera, to: bms-server, protocol: rtsp, authentication: password, data: [video] }
  - { id: f15, from: kiosk, to: api-gw, protocol: https, authentication: token, serverAuthenticated: true }
  - { id: f16, from: bms-server, to: historian, protocol: https, authentication: password, serverAuthenticated: true, data: [readings, badge-events] }
  - { id: f17, from: operator-panel, to: bms-server, protocol: https, authentication: password, serverAuthenticated: true }
  - { id: f18, from: facility-manager, to: operator-panel, protocol: proprietary, encryption: none, authentication: password }
  - { id: f19, from: maintainer, to: vpn, protocol: vpn, authentication: certificate }
  - { id: f20, from: vpn, to: plc, protocol: modbus, authentication: none }
  - { id: f21, from: device-mgmt, to: zigbee-gw, protocol: https, authentication: certificate, serverAuthenticated: true, data: [firmware] }
  - { id: f22, from: device-mgmt, to: bms-server, protocol: https, authentication: certificate, serverAuthenticated: true, data: [firmware] }
  - { id: f23, from: bms-server, to: monitoring, protocol: https, authentication: token, serverAuthenticated: true }
  - { id: f24, from: cloud-platform, to: monitoring, protocol: https, authentication: token, serverAuthenticated: true }
  - { id: f25, from: tenant, to: tenant-app, protocol: proprietary, encryption: application, authentication: password }
  - { id: f26, from: tenant-app, to: api-gw, protocol: https, authentication: token, serverAuthenticated: true, data: [presence-data] }
  - { id: f27, from: api-gw, to: cloud-platform, protocol: https, authentication: certificate, serverAuthenticated: true, data: [presence-data] }
  - { id: f28, from: facility-web, to: cloud-platform, protocol: https, authentication: token, serverAuthenticated: true, data: [readings] }
  - { id: f29, from: facility-manager, to: facility-web, protocol: https, authentication: password, serverAuthenticated: true }
  - { id: f30, from: boiler, to: flow-meter, protocol: proprietary, encryption: none, authentication: none }
  - { id: f31, from: chiller, to: plc, protocol: proprietary, encryption: none, authentication: none }
  - { id: f32, from: meeting-rooms, to: presence, protocol: proprietary, encryption: none, authentication: none }
  - { id: f33, from: api-gw, to: energy-supplier, protocol: https, authentication: none, serverAuthenticated: true, data: [readings] }
`;
