/**
 * The catalog must not rot: every reference resolves (the loader refuses otherwise), every requirement of the
 * baselines we claim is covered by a control or listed as uncovered with a reason, and every control is complete,
 * short and consistent with its family.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ISO_27400 } from '../src/catalog/catalog.js';
import { buildCatalog, loadCatalog } from '../src/catalog/load.js';
import { parseSource } from '../src/input/source.js';
import { evaluateCondition } from '../src/model/condition.js';
import { evaluateFacts } from '../src/model/facts.js';
import { SystemGraph } from '../src/model/graph.js';
import { loadModelFile } from '../src/model/load.js';
import { InputError } from '../src/util/diagnostics.js';

const catalog = loadCatalog();
const controls = [...catalog.controls.values()];

/** Frameworks whose every assessable requirement must be covered or explicitly uncovered. */
const BASELINES = [
  'etsi-en-303-645',
  'etsi-en-303-645-v2',
  'nist-ir-8259a',
  'nist-ir-8259b',
  'nist-ir-8425',
  'eu-cra',
  'uk-psti',
  'owasp-iot-top10-2018',
  'owasp-isvs',
  'iso-iec-29100',
  'eu-red-2022-30',
  'en-18031-1',
  'en-18031-2',
  'en-18031-3',
  'eu-cra-obligations',
  ISO_27400,
];

describe('catalog integrity', () => {
  it('has the frameworks and the expected numbers of requirements', () => {
    const assessable = (id: string) => catalog.assessableRequirements(id).length;
    assert.equal(assessable('etsi-en-303-645'), 78, 'EN 303 645 V3.1.3 has 78 provisions');
    assert.equal(assessable('etsi-en-303-645-v2'), 68, 'EN 303 645 V2.1.1 has 68 provisions');
    assert.equal(assessable('nist-ir-8259a'), 22);
    assert.equal(assessable('nist-ir-8259b'), 4);
    assert.equal(assessable('nist-ir-8425'), 10);
    assert.equal(assessable('eu-cra'), 22, 'CRA Annex I: I.1, I.2(a)–(m), II.1–II.8');
    assert.equal(assessable('uk-psti'), 3);
    assert.equal(assessable('owasp-iot-top10-2018'), 10);
    assert.equal(assessable('eu-red-2022-30'), 4, 'RED 3(3)(d), (e), (f) and the Art. 17(3) route');
    assert.equal(assessable('en-18031-1'), 33);
    assert.equal(assessable('en-18031-2'), 43);
    assert.equal(assessable('en-18031-3'), 37);
    assert.equal(
      assessable('eu-cra-obligations'),
      55,
      'Art. 13: 20, Art. 14: 10, Art. 32: 1, Annex II: 14, Annex VII: 10',
    );
  });

  it('has between 80 and 120 controls in all four families', () => {
    assert.ok(controls.length >= 80 && controls.length <= 120, `${controls.length} controls`);
    for (const family of ['7.1.2', '7.1.3', '7.2.2', '7.2.3']) {
      assert.ok(controls.filter((c) => c.family === family).length >= 8, `family ${family}`);
    }
  });

  for (const frameworkId of BASELINES) {
    it(`covers every requirement of ${frameworkId} or says why not`, () => {
      const framework = catalog.frameworks.get(frameworkId)!;
      const uncovered = new Map((framework.uncovered ?? []).map((u) => [u.id, u.reason]));
      const missing = catalog
        .assessableRequirements(frameworkId)
        .filter((r) => catalog.controlsFor(r.ref).length === 0 && !uncovered.get(r.id)?.trim())
        .map((r) => r.id);
      assert.deepEqual(missing, [], `not covered and not explained: ${missing.join(', ')}`);
      for (const id of uncovered.keys()) {
        assert.equal(
          catalog.controlsFor(`${frameworkId}:${id}`).length,
          0,
          `${id} is listed as uncovered but a control covers it`,
        );
      }
    });
  }

  it('every control has a mapping, a risk source, evidence and a way to verify it', () => {
    for (const c of controls) {
      assert.ok(c.mappings.length > 0, `${c.id} has no mapping to an external framework`);
      assert.ok(c.riskSources.length > 0, `${c.id} has no risk source`);
      assert.ok((c.evidence?.length ?? 0) > 0, `${c.id} names no evidence`);
      assert.ok(c.verification, `${c.id} says nothing about verification`);
    }
  });

  it('no control text is longer than it needs to be', () => {
    for (const c of controls) {
      assert.ok(c.title.length <= 80, `${c.id}: title of ${c.title.length} characters`);
      assert.ok(c.statement.length <= 350, `${c.id}: statement of ${c.statement.length} characters`);
      assert.ok((c.purpose?.length ?? 0) <= 200, `${c.id}: purpose of ${c.purpose?.length} characters`);
      for (const [role, text] of Object.entries(c.guidance ?? {})) {
        assert.ok(text.length <= 400, `${c.id}: ${role} guidance of ${text.length} characters`);
      }
    }
    for (const f of catalog.frameworks.values()) {
      for (const r of f.requirements.values()) assert.ok(r.title.length <= 110, `${r.ref}: title of ${r.title.length}`);
    }
  });

  it('families and stakeholders agree: user controls are owed by users, developer/provider ones are not', () => {
    for (const c of controls) {
      const forUser = c.family === '7.1.3' || c.family === '7.2.3';
      assert.equal(
        c.stakeholders.includes('user'),
        forUser,
        `${c.id} (${c.family}) owed by ${c.stakeholders.join(', ')}`,
      );
    }
  });

  it('links only to verified ISO/IEC 27400 clauses, never to a placeholder', () => {
    const iso = catalog.frameworks.get(ISO_27400)!;
    for (const c of controls) {
      const clause = iso.requirements.get(c.clause.id)!;
      assert.notEqual(clause.confidence, 'placeholder', `${c.id} links to placeholder clause ${c.clause.id}`);
      assert.notEqual(clause.status, 'informative', `${c.id} links to a clause that holds no controls`);
    }
  });

  it('derives EN 303 645 V2.1.1 mappings from V3 through the renumbering', () => {
    const v2 = catalog.controlsFor('etsi-en-303-645-v2:5.6-4').map((m) => m.control.id);
    const v3 = new Set(
      [...catalog.controlsFor('etsi-en-303-645:5.6-4A'), ...catalog.controlsFor('etsi-en-303-645:5.6-4B')].map(
        (m) => m.control.id,
      ),
    );
    assert.ok(v2.length > 0);
    assert.deepEqual(new Set(v2), v3);
  });
});

describe('EU product law: RED delegated act, EN 18031, CRA obligations and product classes', () => {
  const framework = (id: string) => catalog.frameworks.get(id)!;
  const ids = (id: string) => new Set(catalog.assessableRequirements(id).map((r) => r.id));

  it('says who each framework is addressed to, where it is law and how it binds', () => {
    for (const [id, force] of [
      ['eu-red-2022-30', 'law'],
      ['eu-cra-obligations', 'law'],
      ['en-18031-1', 'harmonised-standard'],
      ['en-18031-2', 'harmonised-standard'],
      ['en-18031-3', 'harmonised-standard'],
    ] as const) {
      const f = framework(id);
      assert.equal(f.legalForce, force, id);
      assert.deepEqual(f.addressees, ['manufacturer'], id);
      assert.deepEqual(f.scope?.markets, ['EU'], id);
    }
  });

  it('dates the obligations: RED from 1 August 2025, CRA from 11 December 2027, CRA Art. 14 from 11 September 2026', () => {
    assert.equal(framework('eu-red-2022-30').appliesFrom, '2025-08-01');
    assert.equal(framework('eu-cra-obligations').appliesFrom, '2027-12-11');
    const reporting = catalog.assessableRequirements('eu-cra-obligations').filter((r) => r.id.startsWith('14('));
    assert.equal(reporting.length, 10);
    for (const r of reporting) assert.equal(r.appliesFrom, '2026-09-11', r.id);
    const others = catalog.assessableRequirements('eu-cra-obligations').filter((r) => !r.id.startsWith('14('));
    for (const r of others) assert.equal(r.appliesFrom, undefined, `${r.id} starts with the framework`);
  });

  it('links each EN 18031 part to the RED point it gives presumption for, with the password restriction', () => {
    for (const [part, point] of [
      ['en-18031-1', '3(3)(d)'],
      ['en-18031-2', '3(3)(e)'],
      ['en-18031-3', '3(3)(f)'],
    ]) {
      assert.deepEqual(framework(part!).presumptionOf, [`eu-red-2022-30:${point}`]);
      const password = framework(part!).restrictions?.find((r) => r.requirements.includes('AUM-5-1'));
      assert.deepEqual(password?.requirements, ['AUM-5-1', 'AUM-5-2'], `${part} password restriction`);
    }
    assert.ok(framework('en-18031-2').restrictions?.some((r) => r.requirements.includes('ACM-5')));
  });

  it('keeps the part-specific mechanisms in their part', () => {
    const only = {
      1: ['RLM-1', 'NMM-1', 'TCM-1'],
      2: ['ACM-3', 'ACM-6', 'DLM-1', 'UNM-2', 'GEC-7'],
      3: ['AUM-1-3', 'GEC-8'],
    };
    for (const [part, reqs] of Object.entries(only)) {
      for (const n of [1, 2, 3]) {
        for (const r of reqs) assert.equal(ids(`en-18031-${n}`).has(r), String(n) === part, `${r} in part ${n}`);
      }
    }
    for (const r of ['LGM-1', 'LGM-4', 'AUM-2-2']) {
      assert.deepEqual(
        [1, 2, 3].map((n) => ids(`en-18031-${n}`).has(r)),
        [false, true, true],
        r,
      );
    }
  });

  it('lists the CRA Annex III and IV categories once each, every class with its conformity routes', () => {
    const classes = framework('eu-cra-obligations').productClasses;
    const count = (level: string) => classes.filter((c) => c.class === level).length;
    assert.deepEqual([count('important-I'), count('important-II'), count('critical')], [19, 4, 3]);
    assert.deepEqual(
      classes.filter((c) => c.class === 'important-I').map((c) => c.point),
      Array.from({ length: 19 }, (_, i) => `III.I.${i + 1}`),
    );
    const routes = new Map<string, { route: string; onlyIf?: string }[]>(
      framework('eu-cra-obligations').conformityRoutes.map((r) => [r.class, r.routes]),
    );
    assert.deepEqual([...routes.keys()].sort(), ['critical', 'default', 'important-I', 'important-II']);
    const selfAssessed = (level: string) => routes.get(level)!.find((r) => r.route === 'internal-control');
    assert.ok(selfAssessed('default') && !selfAssessed('default')!.onlyIf, 'any product may self-assess');
    assert.ok(selfAssessed('important-I')?.onlyIf, 'class I self-assesses only with harmonised standards');
    assert.equal(selfAssessed('important-II'), undefined);
    assert.equal(selfAssessed('critical'), undefined);
  });

  it('maps only controls owed by the manufacturer to these frameworks, never user controls', () => {
    for (const id of ['eu-red-2022-30', 'en-18031-1', 'en-18031-2', 'en-18031-3', 'eu-cra-obligations']) {
      for (const r of catalog.assessableRequirements(id)) {
        for (const { control, mapping } of catalog.controlsFor(r.ref)) {
          const owedByManufacturer = control.stakeholders.some((s) => s === 'developer' || s === 'provider');
          assert.ok(owedByManufacturer || mapping.relationship === 'complementary', `${control.id} -> ${r.ref}`);
        }
      }
    }
  });

  it('suggests the camera example is a class I smart home security product and internet-connected radio', () => {
    const facts = evaluateFacts(new SystemGraph(loadModelFile('examples/monitoring-camera/system.yaml')));
    const suggested = framework('eu-cra-obligations').productClasses.filter(
      (c) => c.suggestedWhen !== undefined && evaluateCondition(c.suggestedWhen, facts).holds,
    );
    assert.deepEqual(
      suggested.map((c) => c.id),
      ['smart-home-security-products'],
    );
    assert.ok(facts.get('internet-connected-radio')!.holds);
  });
});

describe('catalog files: bad input', () => {
  const builtin = () => catalog.files.map((f) => parseSource(f, readFileSync(f, 'utf8')));
  const extra = (yaml: string) => {
    try {
      buildCatalog([...builtin(), parseSource('extra.yaml', yaml)]);
    } catch (error) {
      assert.ok(error instanceof InputError);
      return error.diagnostics
        .filter((d) => d.file === 'extra.yaml')
        .map((d) => `${d.message}${d.hint ? ` (${d.hint})` : ''}`);
    }
    assert.fail('the catalog loaded');
  };
  /** A user control as JSON (which is YAML), with some fields replaced. */
  const control = (overrides: Record<string, unknown> = {}) =>
    JSON.stringify({
      controls: [
        {
          id: 'my-control',
          title: 'T',
          statement: 'S',
          family: '7.1.3',
          clause: { id: '7.1.3', confidence: 'medium' },
          stakeholders: ['user'],
          stages: ['operation'],
          domains: ['UD'],
          riskSources: ['ud-unaware-users'],
          ...overrides,
        },
      ],
    });

  it('accepts a valid user control', () => {
    const merged = buildCatalog([
      ...builtin(),
      parseSource('extra.yaml', control({ mappings: [{ target: 'uk-psti:1', relationship: 'intersects' }] })),
    ]);
    assert.ok(merged.controls.has('my-control'));
  });

  it('reports duplicate ids, unknown references and facts, each with a suggestion', () => {
    assert.match(
      extra(control({ id: 'user-device-inventory' })).join(),
      /duplicate control id "user-device-inventory"/,
    );
    assert.match(
      extra(control({ riskSources: ['ud-unaware-userz'] })).join(),
      /unknown risk source "ud-unaware-userz" \(did you mean "ud-unaware-users"\?\)/,
    );
    assert.match(
      extra(control({ mappings: [{ target: 'uk-psti:4', relationship: 'equal' }] })).join(),
      /uk-psti has no requirement "4"/,
    );
    assert.match(
      extra(control({ mappings: [{ target: 'ukpsti:1', relationship: 'equal' }] })).join(),
      /unknown framework "ukpsti" \(did you mean "uk-psti"\?\)/,
    );
    assert.match(
      extra(control({ appliesWhen: 'passwords-usd' })).join(),
      /unknown fact "passwords-usd" \(did you mean "passwords-used"\?\)/,
    );
    assert.match(extra(control({ stages: ['operatoin'] })).join(), /unknown stage "operatoin"/);
    assert.match(
      extra(control({ clause: { id: '7.1.9', confidence: 'high' } })).join(),
      /"7.1.9" is not a clause of iso-iec-27400/,
    );
    assert.match(extra(control({ family: '7.1.2' })).join(), /clause 7.1.3 is not in the control's family 7.1.2/);
  });

  /** A user framework as JSON, with a header, one requirement and the given extra sections. */
  const lawFile = (header: Record<string, unknown> = {}, sections: Record<string, unknown> = {}) =>
    JSON.stringify({
      framework: {
        id: 'my-law',
        title: 'T',
        version: '1',
        publisher: 'P',
        licence: 'L',
        confidence: 'high',
        provenance: { source: 'S' },
        ...header,
      },
      requirements: [{ id: 'R-1', title: 'T', status: 'mandatory' }],
      ...sections,
    });
  const productClass = (overrides: Record<string, unknown> = {}) => ({
    id: 'pc',
    title: 'T',
    class: 'important-I',
    point: 'III.I.1',
    ...overrides,
  });
  const routes = (level: string) => ({ class: level, basis: 'Art. 1', routes: [{ route: 'internal-control' }] });

  it('checks harmonised-standard restrictions and what they presume', () => {
    const restriction = (overrides: Record<string, unknown>) => ({
      restrictions: [
        { requirements: ['R-1'], title: 'T', confidence: 'low', provenance: { source: 'S' }, ...overrides },
      ],
    });
    assert.match(extra(lawFile(restriction({ requirements: ['R-2'] }))).join(), /unknown requirement "R-2"/);
    assert.match(
      extra(lawFile(restriction({ relevantWhen: 'passwords-usd' }))).join(),
      /unknown fact "passwords-usd" \(did you mean "passwords-used"\?\)/,
    );
    assert.match(
      extra(lawFile({ presumptionOf: ['eu-red-2022-30:3(3)(g)'] })).join(),
      /eu-red-2022-30 has no requirement "3\(3\)\(g\)"/,
    );
    const merged = buildCatalog([
      ...builtin(),
      parseSource('extra.yaml', lawFile({ presumptionOf: ['eu-red-2022-30:3(3)(d)'] })),
    ]);
    assert.deepEqual(merged.frameworks.get('my-law')?.presumptionOf, ['eu-red-2022-30:3(3)(d)']);
  });

  it('checks product classes and their conformity routes', () => {
    assert.match(
      extra(JSON.stringify({ productClasses: [productClass()] })).join(),
      /productClasses need a `framework:` header/,
    );
    assert.match(
      extra(lawFile({}, { productClasses: [productClass({ suggestedWhen: 'smart-locks' })] })).join(),
      /unknown fact "smart-locks"/,
    );
    assert.match(
      extra(
        lawFile({}, { productClasses: [productClass(), productClass()], conformityRoutes: [routes('important-I')] }),
      ).join(),
      /duplicate product class id "pc"/,
    );
    assert.match(
      extra(lawFile({}, { productClasses: [productClass()], conformityRoutes: [routes('critical')] })).join(),
      /no conformity routes for class "important-I"/,
    );
    assert.match(
      extra(lawFile({}, { conformityRoutes: [routes('default'), routes('default')] })).join(),
      /conformity routes for "default" are listed twice/,
    );
    assert.match(
      extra(lawFile({}, { productClasses: [productClass({ class: 'important-III' })] })).join(),
      /expected one of: important-I, important-II, critical/,
    );
  });

  it('reports schema errors with the key and a suggestion', () => {
    assert.match(extra(control({ relationshp: 'equal' })).join(), /unknown key "relationshp"/);
    assert.match(
      extra(control({ mappings: [{ target: 'uk-psti:1', relationship: 'same' }] })).join(),
      /expected one of: equal, subset, superset, intersects/,
    );
  });
});
