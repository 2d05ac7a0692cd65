import { testRule } from '../../test/support/rule-tester.js';
import { noDefinedSupportPeriod } from './no-defined-support-period.js';

testRule(noDefinedSupportPeriod, {
  raises: [
    {
      name: 'a period defined but not published, on the system when no products are declared',
      model: `
system: { name: Smart home, lifecycle: { supportPeriod: { end: 2030-12-31, published: false } } }
elements: [{ id: cam, kind: camera }]`,
      risks: [
        { subject: 'system', message: 'Smart home defines a support period until 2030-12-31 but does not publish it.' },
      ],
    },
    {
      name: 'per declared product: its own period, or the one it inherits',
      model: `
system: { name: Home, lifecycle: { supportPeriod: { end: 2030-12-31, published: false } } }
products:
  - { id: cam-product, name: Camera, elements: [cam], supportPeriod: { end: 2029-01-01, published: true } }
  - { id: hub-product, name: Hub, elements: [hub] }
  - { id: cloud, kind: service, elements: [svc] }
elements:
  - { id: cam, kind: camera }
  - { id: hub, kind: hub }
  - { id: svc, kind: cloud-service }`,
      risks: ['hub-product'],
    },
  ],
  passes: [
    {
      name: 'a published period, and a system without devices',
      model: `
system: { name: Smart home, lifecycle: { supportPeriod: { end: 2030-12-31, published: true } } }
elements: [{ id: cam, kind: camera }]`,
    },
    {
      name: 'no devices',
      model: 'elements: [{ id: svc, kind: cloud-service }]',
    },
    {
      name: 'no period stated, or not whether it is published: questions',
      model: `
system: { id: home, name: Smart home }
products:
  - { id: cam-product, elements: [cam], supportPeriod: { end: 2030-01-01 } }
  - { id: hub-product, elements: [hub] }
elements:
  - { id: cam, kind: camera }
  - { id: hub, kind: hub }`,
      asks: { 'cam-product': ['supportPeriod.published'], 'hub-product': ['supportPeriod'] },
    },
    {
      name: 'the system asked when no products are declared',
      model: `
system: { id: home, name: Smart home }
elements: [{ id: cam, kind: camera }]`,
      asks: { home: ['system.lifecycle.supportPeriod'] },
    },
    {
      name: "the system's period without saying whether it is published",
      model: `
system: { id: home, name: Smart home, lifecycle: { supportPeriod: { end: 2031-01-01 } } }
elements: [{ id: cam, kind: camera }]`,
      asks: { home: ['system.lifecycle.supportPeriod.published'] },
    },
  ],
});
