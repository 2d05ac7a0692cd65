/**
 * CRA product classes and conformity routes per product: a class suggested by the facts, a declared class that wins
 * (and is a finding when the facts contradict it), undetermined when facts conflict or leave a category open, no class
 * for a product outside the EU market, and the routes and notified-body need each class implies.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Assessment, ProductClassDecision } from '../src/assess/assessment.js';
import { loadCatalog } from '../src/catalog/load.js';
import { RULES } from '../src/rules/index.js';
import { InputError } from '../src/util/diagnostics.js';
import { assessChecked, modelFrom } from './support/model.js';

const catalog = loadCatalog();
const run = (yaml: string): Assessment => assessChecked(modelFrom(yaml), catalog, RULES, { date: '2026-12-01' });

/** One product `p` made of the element `dev`, with the product's extra keys and the element's extra keys. */
const oneProduct = (product: string, element: string, system = 'markets: [EU], category: consumer') => `
system: { name: One product, region: EU, ${system} }
organisations: [{ id: maker, roles: [developer] }]
products: [{ id: p, name: Product, elements: [dev] ${product} }]
elements: [{ id: dev, kind: device, developer: maker ${element} }]
`;

const classOf = (a: Assessment, product = 'p'): ProductClassDecision | undefined =>
  a.conformance.find((c) => c.framework === 'eu-cra-obligations')!.products.find((p) => p.product === product)!
    .productClass;

describe('CRA product class per product', () => {
  it('suggests class I, point III.I.17, for a consumer camera, and says to confirm it', () => {
    const decision = classOf(run(oneProduct('', ', kind: camera').replace('kind: device, ', '')))!;
    assert.equal(decision.class, 'important-I');
    assert.equal(decision.basis, 'suggested');
    assert.deepEqual(
      decision.categories.map((c) => c.point),
      ['III.I.17'],
    );
    assert.match(decision.reason, /confirm it in the model/);
    assert.deepEqual(decision.suggestions[0]!.because[0]!.subjects, ['dev']);
  });

  it('suggests the default class when no fact points to a category, and says it is a suggestion', () => {
    const decision = classOf(run(oneProduct('', '')))!;
    assert.equal(decision.class, 'default');
    assert.equal(decision.basis, 'suggested');
    assert.deepEqual(decision.categories, []);
  });

  it('lets a declared class win, and makes a declaration the facts contradict a finding', () => {
    const declared = run(
      oneProduct(', cra: { class: default, reason: a trail camera for wildlife }', ', tags: [lock]'),
    );
    assert.equal(classOf(declared)!.class, 'default');
    assert.equal(classOf(declared)!.basis, 'declared');
    const finding = declared.findings.find((f) => f.subject === 'p' && f.kind === 'contradiction');
    assert.ok(finding, 'a contradiction finding for the product');
    assert.match(finding.message, /III\.I\.17/);
    assert.equal(finding.source.line, 4, 'the products line of the model');
  });

  it('raises no finding for a declaration the facts agree with, or cannot see', () => {
    const agreeing = run(oneProduct(', cra: { class: important-I, point: III.I.17 }', ', tags: [alarm]'));
    assert.equal(classOf(agreeing)!.basis, 'declared');
    assert.equal(agreeing.findings.filter((f) => f.subject === 'p').length, 0);
    const unseen = run(oneProduct(', cra: { class: important-I, point: III.I.11 }', ''));
    assert.equal(classOf(unseen)!.class, 'important-I');
    assert.equal(unseen.findings.filter((f) => f.subject === 'p').length, 0);
  });

  it('is undetermined when the facts suggest categories of different classes', () => {
    // A gateway carrying energy data is both a router (class I) and perhaps a smart meter gateway (critical).
    const decision = classOf(run(oneProduct('', ', kind: gateway, sensing: [energy]').replace('kind: device, ', '')))!;
    assert.equal(decision.class, 'undetermined');
    assert.equal(decision.basis, 'undetermined');
    assert.equal(decision.conformity, undefined);
    assert.match(decision.reason, /III\.I\.12.*IV\.2/);
  });

  it('is undetermined when the facts leave a category open: a camera whose product category is unstated', () => {
    const decision = classOf(run(oneProduct('', ', kind: camera', 'markets: [EU]').replace('kind: device, ', '')))!;
    assert.equal(decision.class, 'undetermined');
    assert.match(decision.reason, /category is not stated/);
    assert.equal(decision.suggestions[0]!.holds, 'unknown');
  });

  it('does not put an industrial camera in the smart home category', () => {
    const decision = classOf(
      run(oneProduct('', ', kind: camera', 'markets: [EU], category: industrial').replace('kind: device, ', '')),
    )!;
    assert.equal(decision.class, 'default');
    assert.deepEqual(decision.suggestions, []);
  });

  it('gives no class to a product outside the EU market: the CRA does not apply to it', () => {
    const a = run(oneProduct('', ', kind: camera', 'markets: [US], category: consumer').replace('kind: device, ', ''));
    assert.equal(classOf(a), undefined);
    const statement = a.conformance.find((c) => c.framework === 'eu-cra-obligations')!;
    assert.equal(statement.products[0]!.scope.applies, false);
  });

  it('opens the routes each class allows, and says when a notified body is needed', () => {
    const routes = (cra: string) => {
      const d = classOf(run(oneProduct(`, cra: ${cra}`, '')))!;
      return { routes: d.conformity!.routes.map((r) => r.route), needed: d.conformity!.thirdParty.needed, d };
    };
    const plain = routes('{ class: default }');
    assert.deepEqual(plain.routes.slice(0, 3), ['internal-control', 'eu-type-examination', 'full-quality-assurance']);
    assert.equal(plain.needed, false);
    const one = routes('{ class: important-I, point: III.I.12 }');
    assert.ok(one.routes.includes('internal-control'));
    assert.match(one.d.conformity!.routes.find((r) => r.route === 'internal-control')!.onlyIf!, /harmonised standards/);
    assert.equal(one.needed, 'unknown');
    const two = routes('{ class: important-II, point: III.II.2 }');
    assert.ok(!two.routes.includes('internal-control'));
    assert.equal(two.needed, true);
    const critical = routes('{ class: critical, point: IV.2 }');
    assert.deepEqual(critical.routes[0], 'eu-cybersecurity-certification');
    assert.equal(critical.needed, true);
  });

  it('refuses a declared point that is not of the declared class, or missing, with the place and a hint', () => {
    const refused = (cra: string) => {
      try {
        run(oneProduct(`, cra: ${cra}`, ''));
      } catch (error) {
        assert.ok(error instanceof InputError);
        return error.diagnostics.map((d) => `${d.path}: ${d.message}`);
      }
      assert.fail(`accepted ${cra}`);
    };
    assert.deepEqual(refused('{ class: important-II, point: III.I.17 }'), [
      'products[0].cra.class: III.I.17 (Smart home products with security functions: door locks, security cameras, baby monitors, alarm systems) is of class important-I, not important-II',
    ]);
    assert.match(refused('{ class: important-I }')[0]!, /names its Annex point/);
    assert.match(refused('{ class: default, point: III.I.17 }')[0]!, /no Annex point/);
    assert.match(refused('{ class: critical, point: IV.9 }')[0]!, /not an Annex III or IV point/);
  });
});
