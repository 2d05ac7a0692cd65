/**
 * What the model says beyond elements and flows, as loaded: products (declared or derived), statuses scoped to
 * products, elements, flows or data assets, flows to or from a whole zone, facts stated as `unknown`, retention with
 * an event, per-purpose legal bases — and the diagnostics for each mistake in them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadModelText } from '../src/model/load.js';
import { type Diagnostic, InputError } from '../src/util/diagnostics.js';

const HEAD = 'system: { name: Test, markets: [EU], category: consumer }\n';
const load = (text: string) => loadModelText('m.yaml', HEAD + text);

function problems(text: string): Diagnostic[] {
  try {
    load(text);
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    return error.diagnostics;
  }
  assert.fail('the model loaded without errors');
}

describe('products', () => {
  it('derives one product per device template, per kind and developer of the rest, and per app', () => {
    const model = load(`
organisations: [{ id: acme, roles: [developer] }]
templates: [{ id: t-cam, name: Cam, kind: camera }]
elements:
  - { id: c1, template: t-cam }
  - { id: c2, template: t-cam }
  - { id: s1, kind: sensor, developer: acme }
  - { id: s2, kind: sensor, developer: acme }
  - { id: app, kind: mobile-app }
  - { id: cloud, kind: cloud-service }
flows: [{ id: f1, from: c1, to: cloud, protocol: https }]
`);
    assert.deepEqual(
      model.products.map((p) => [p.id, p.kind, p.elements, p.declared]),
      [
        ['t-cam', 'device', ['c1', 'c2'], false],
        ['sensor-acme', 'device', ['s1', 's2'], false],
        ['app', 'app', ['app'], false],
      ],
    );
    assert.deepEqual(model.products[0]!.services, ['cloud'], 'the service its devices talk to is associated');
    assert.deepEqual(model.products[0]!.markets, ['EU'], 'markets come from the system');
    assert.equal(model.products[0]!.category, 'consumer');
  });

  it('takes declared products with their templates, services, markets and support period', () => {
    const model = load(`
templates: [{ id: t, kind: camera }]
products:
  - { id: p, templates: [t], elements: [extra], services: [cloud], markets: [UK], supportPeriod: { end: 2030-01-01, published: unknown } }
elements:
  - { id: a, template: t }
  - { id: extra, kind: hub }
  - { id: cloud, kind: cloud-service }
`);
    const [p] = model.products;
    assert.deepEqual([p!.elements, p!.services, p!.markets, p!.declared], [['extra', 'a'], ['cloud'], ['UK'], true]);
    assert.equal(p!.supportPeriod?.published, undefined, '`unknown` reads as not stated');
  });

  it('reports an unknown element, template or organisation in a product, and a product of nothing', () => {
    const found = problems(`
products:
  - { id: p, elements: [nope], templates: [ghost], manufacturer: nobody }
  - { id: q }
elements: [{ id: a, kind: camera }]
`).map((d) => d.message);
    assert.ok(found.includes('unknown element "nope"'));
    assert.ok(found.includes('unknown template "ghost"'));
    assert.ok(found.includes('unknown organisation "nobody"'));
    assert.ok(found.includes('product "q" names no elements or templates'));
  });

  it('refuses a market that is not a market', () => {
    const [d] = problems(
      'products: [{ id: p, elements: [a], markets: [Europe] }]\nelements: [{ id: a, kind: camera }]',
    );
    assert.match(d!.message, /a market: EU, a country code/);
  });
});

describe('facts the model may not know', () => {
  it('reads `unknown` as not stated, also where a template states the fact', () => {
    const model = load(`
templates: [{ id: t, kind: camera, secureBoot: true, update: { mechanism: automatic, signed: true } }]
elements:
  - { id: a, template: t, secureBoot: unknown }
  - { id: b, kind: camera, update: { mechanism: unknown, signed: unknown } }
`);
    const [a, b] = model.elements;
    assert.equal(a!.secureBoot, undefined);
    assert.equal(a!.update?.signed, true, 'the template still states the update facts');
    assert.deepEqual(b!.update, {});
    assert.ok(!a!.stated.has('secureBoot'));
    assert.ok(a!.stated.has('update'));
  });

  it('leaves a device without a zone unplaced, rather than out of reach', () => {
    const model = load('elements: [{ id: a, kind: camera }, { id: s, kind: cloud-service }]');
    assert.equal(model.elements[0]!.physicalExposure, undefined);
    assert.equal(model.elements[1]!.physicalExposure, 'none');
  });
});

describe('flows to or from a whole zone', () => {
  it('stands for one flow per element in the zone, nested zones included, each traced to the flow written', () => {
    const model = load(`
zones:
  - { id: site, kind: customer-premises }
  - { id: cell, kind: industrial, parent: site }
elements:
  - { id: a, kind: sensor, zone: site }
  - { id: b, kind: sensor, zone: cell }
  - { id: scanner, kind: cloud-service }
flows:
  - { id: probe, from: scanner, to: site, toZone: true, protocol: ssdp }
`);
    assert.deepEqual(
      model.flows.map((f) => [f.id, f.from, f.to, f.via]),
      [
        ['probe@a', 'scanner', 'a', 'probe'],
        ['probe@b', 'scanner', 'b', 'probe'],
      ],
    );
  });

  it('reports a zone flow that names an element, and an element flow that names a zone', () => {
    const found = problems(`
zones: [{ id: z, kind: internet }]
elements: [{ id: a, kind: camera, zone: z }]
flows:
  - { id: f1, from: a, to: a, toZone: true, protocol: http }
  - { id: f2, from: a, to: z, protocol: http }
`).map((d) => d.message);
    assert.ok(found.includes('unknown zone "a"'));
    assert.ok(found.includes('unknown element "z"'));
  });
});

describe('data assets', () => {
  it('keeps a legal basis per purpose and a retention that runs from an event', () => {
    const model = load(`
elements: [{ id: s, kind: data-store }]
dataAssets:
  - id: meter
    personalData: { categories: [energy-use] }
    purposes: [{ purpose: billing, legalBasis: contract }, { purpose: grid balancing, legalBasis: legitimate-interests }]
    retention: { period: 90d, after: account closure, enforced: true }
    storedIn: [s]
`);
    const [d] = model.dataAssets;
    assert.deepEqual(d!.legalBases, ['contract', 'legitimate-interests']);
    assert.deepEqual([d!.retentionDays, d!.retentionAfter, d!.retentionEnforced], [90, 'account closure', true]);
  });
});

describe('control statuses', () => {
  it('keeps a list of scoped entries in order, each with its position', () => {
    const model = load(`
elements: [{ id: a, kind: camera }]
assessment:
  controls:
    secure-boot-and-tamper-response:
      - { status: implemented }
      - { status: planned, elements: [a] }
`);
    const entries = model.assessment.controls.get('secure-boot-and-tamper-response')!;
    assert.deepEqual(
      entries.map((e) => [e.status, e.elements, e.source.line]),
      [
        ['implemented', undefined, 7],
        ['planned', ['a'], 8],
      ],
    );
  });

  it('asks for a justification on every not-applicable entry, and checks risk treatment dates', () => {
    const found = problems(`
elements: [{ id: a, kind: camera }]
assessment:
  controls:
    secure-boot-and-tamper-response:
      - { status: not-applicable, elements: [a] }
  risks:
    some-risk: { treatment: accept, approvedOn: 2026-06-01, reviewBy: 2026-01-01 }
    other-risk: { owner: nobody }
`).map((d) => d.message);
    assert.ok(found.includes('control "secure-boot-and-tamper-response" is not-applicable without a justification'));
    assert.ok(found.includes('the review date is before the approval'));
    assert.ok(found.includes('risk "other-risk" has neither a treatment nor a residual level'));
  });
});
