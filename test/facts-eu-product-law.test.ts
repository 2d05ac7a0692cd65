/**
 * The facts that scope the EU radio equipment delegated act (Regulation (EU) 2022/30) and suggest CRA product classes:
 * each holds on a small model that has the property and not on one that lacks it, and names the elements it rests on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateFacts } from '../src/model/facts.js';
import { graphFrom } from './support/model.js';

const subjects = (yaml: string, fact: string): string[] => evaluateFacts(graphFrom(yaml)).get(fact)!.subjects;

/** A Wi-Fi device that talks to a cloud service, with the given extra element fields. */
const online = (device = '', data = '') => `
zones: [{ id: home, kind: customer-premises }, { id: cloud, kind: cloud }]
elements:
  - { id: dev, kind: device, zone: home, interfaces: [{ kind: wifi }] ${device} }
  - { id: svc, kind: cloud-service, zone: cloud }
flows: [{ id: f1, from: dev, to: svc, protocol: https ${data ? `, data: [${data}]` : ''} }]
`;

describe('facts for EU radio equipment law and CRA product classes', () => {
  it('internet-connected-radio: a radio device reaching the internet, also through a hub, not a wired or local one', () => {
    const viaHub = `
zones: [{ id: home, kind: customer-premises }, { id: cloud, kind: cloud }]
elements:
  - { id: sensor, kind: sensor, zone: home, interfaces: [{ kind: zigbee }] }
  - { id: hub, kind: hub, zone: home, interfaces: [{ kind: ethernet }] }
  - { id: svc, kind: cloud-service, zone: cloud }
  - { id: local, kind: sensor, zone: home, interfaces: [{ kind: ble }] }
flows:
  - { id: f1, from: sensor, to: hub, protocol: zigbee }
  - { id: f2, from: hub, to: svc, protocol: mqtts }
`;
    assert.deepEqual(subjects(viaHub, 'internet-connected-radio'), ['sensor']);
    assert.deepEqual(subjects(online(), 'internet-connected-radio'), ['dev']);
    assert.deepEqual(subjects(online().replace('wifi', 'ethernet'), 'internet-connected-radio'), []);
  });

  it('radio-processes-personal-data: personal data on a flow, or location sensing', () => {
    const personal = `${online('', 'd1')}dataAssets: [{ id: d1, personalData: { categories: [identifier] } }]\n`;
    assert.deepEqual(subjects(personal, 'radio-processes-personal-data'), ['dev']);
    assert.deepEqual(subjects(online(', sensing: [location]'), 'radio-processes-personal-data'), ['dev']);
    assert.deepEqual(subjects(online(), 'radio-processes-personal-data'), []);
  });

  it('toy, childcare, wearable and payment radio equipment are read from tags', () => {
    assert.deepEqual(subjects(online(', tags: [Toy]'), 'toy-or-childcare-radio'), ['dev']);
    assert.deepEqual(subjects(online(', tags: [wearable]'), 'toy-or-childcare-radio'), []);
    assert.deepEqual(subjects(online(', tags: [wearable]'), 'wearable-radio'), ['dev']);
    assert.deepEqual(subjects(online(', tags: [payment]'), 'radio-money-transfer'), ['dev']);
    assert.deepEqual(subjects(online(), 'radio-money-transfer'), []);
  });

  it('suggests CRA class I categories from device kinds, sensing and tags', () => {
    assert.deepEqual(subjects(online().replace('kind: device', 'kind: camera'), 'smart-home-security-devices'), [
      'dev',
    ]);
    assert.deepEqual(subjects(online(', tags: [door-lock]'), 'smart-home-security-devices'), ['dev']);
    assert.deepEqual(subjects(online(), 'smart-home-security-devices'), []);
    assert.deepEqual(subjects(online().replace('kind: device', 'kind: gateway'), 'network-gateway-devices'), ['dev']);
    assert.deepEqual(subjects(online(', tags: [virtual-assistant]'), 'virtual-assistant-devices'), ['dev']);
    assert.deepEqual(subjects(online(', tags: [toy], sensing: [microphone]'), 'interactive-connected-toys'), ['dev']);
    assert.deepEqual(subjects(online(', tags: [toy], sensing: [motion]'), 'interactive-connected-toys'), []);
    assert.deepEqual(subjects(online(', tags: [wearable], sensing: [health]'), 'health-or-child-wearables'), ['dev']);
    assert.deepEqual(subjects(online(', tags: [wearable]'), 'health-or-child-wearables'), []);
    assert.deepEqual(subjects(online(', sensing: [biometric]'), 'access-control-readers'), ['dev']);
    assert.deepEqual(subjects(online(', services: [{ protocol: vpn }]'), 'vpn-endpoints'), ['dev']);
    assert.deepEqual(subjects(online(', services: [{ protocol: ssh }]'), 'vpn-endpoints'), []);
  });

  it('suggests CRA class II and critical categories', () => {
    assert.deepEqual(subjects(online(', tags: [firewall]'), 'firewall-devices'), ['dev']);
    const meter = `${online('', 'd1').replace('kind: device', 'kind: gateway')}dataAssets: [{ id: d1, personalData: { categories: [energy-use] } }]\n`;
    assert.deepEqual(subjects(meter, 'smart-meter-gateways'), ['dev']);
    assert.deepEqual(subjects(online().replace('kind: device', 'kind: gateway'), 'smart-meter-gateways'), []);
    assert.deepEqual(subjects(online(', tags: [secure-element]'), 'hardware-security-devices'), ['dev']);
  });
});
