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
import { InputError } from '../src/util/diagnostics.js';
import { checks, sbomChecks } from '../src/verify/checks/index.js';

const catalog = loadCatalog();
const controls = [...catalog.controls.values()];

/** Frameworks whose every assessable requirement must be covered or explicitly uncovered. */
const BASELINES = [
  'etsi-en-303-645',
  'etsi-en-303-645-v2',
  'nist-ir-8259a',
  'nist-ir-8259b',
  'nist-ir-8425',
  'nist-sp-800-213a',
  'eu-cra',
  'uk-psti',
  'owasp-iot-top10-2018',
  'owasp-isvs',
  'iso-iec-29100',
  ISO_27400,
];

describe('catalog integrity', () => {
  it('has the frameworks and the expected numbers of requirements', () => {
    const assessable = (id: string) => catalog.assessableRequirements(id).length;
    assert.equal(assessable('etsi-en-303-645'), 78, 'EN 303 645 V3.1.3 has 78 provisions');
    assert.equal(assessable('etsi-en-303-645-v2'), 68, 'EN 303 645 V2.1.1 has 68 provisions');
    assert.equal(assessable('nist-ir-8259a'), 22);
    assert.equal(assessable('nist-ir-8259b'), 14, 'IR 8259B Table 1: 14 common actions under 4 capabilities');
    assert.equal(assessable('nist-ir-8425'), 18, 'IR 8425 section 2.2: 18 sub-criteria under 10 outcomes');
    assert.equal(assessable('nist-sp-800-213a'), 54, 'SP 800-213A: 39 device and 15 non-technical sub-capabilities');
    assert.equal(assessable('eu-cra'), 22, 'CRA Annex I: I.1, I.2(a)–(m), II.1–II.8');
    assert.equal(assessable('uk-psti'), 3);
    assert.equal(assessable('owasp-iot-top10-2018'), 10);
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

describe('NIST sub-items: IR 8259B, IR 8425 and SP 800-213A', () => {
  const NIST = ['nist-ir-8259b', 'nist-ir-8425', 'nist-sp-800-213a'];
  const mappingsTo = (frameworkId: string) =>
    controls.flatMap((control) =>
      control.mappings.filter((m) => m.target.startsWith(`${frameworkId}:`)).map((mapping) => ({ control, mapping })),
    );

  it('assesses the sub-items; a capability only groups them, so it is met only when its parts are', () => {
    for (const id of NIST) {
      const framework = catalog.frameworks.get(id)!;
      for (const r of framework.requirements.values()) {
        const grouping = r.parent === undefined;
        assert.equal(r.status === 'informative', grouping, `${r.ref}: ${r.status}`);
        if (grouping) assert.ok(catalog.children(r.ref).length > 0, `${r.ref} groups nothing`);
        else assert.equal(framework.requirements.get(r.parent!)?.status, 'informative', `${r.ref}'s parent`);
      }
    }
  });

  it('covers every sub-item with a control that can count for the manufacturer, or says why not', () => {
    for (const id of NIST) {
      const uncovered = new Set((catalog.frameworks.get(id)!.uncovered ?? []).map((u) => u.id));
      const missing = catalog
        .assessableRequirements(id)
        .filter(
          (r) =>
            !uncovered.has(r.id) && !catalog.controlsFor(r.ref).some((m) => m.mapping.relationship !== 'complementary'),
        )
        .map((r) => r.ref);
      assert.deepEqual(missing, [], 'only complementary or no mappings');
    }
  });

  it('keeps their mappings in the framework files, with user controls only complementary', () => {
    for (const id of NIST) {
      const list = mappingsTo(id);
      assert.ok(list.length > 0);
      for (const { control, mapping } of list) {
        assert.match(mapping.source.file, new RegExp(`frameworks/${id}\\.yaml$`), `${control.id} → ${mapping.target}`);
        const userControl = control.family === '7.1.3' || control.family === '7.2.3';
        assert.equal(mapping.relationship === 'complementary', userControl, `${control.id} → ${mapping.target}`);
        assert.ok(mapping.rationale && mapping.confidence, `${control.id} → ${mapping.target} needs a reason`);
      }
    }
  });

  it('reads IR 8425 asset identification as identification, not as an SBOM, and documentation by its parts', () => {
    const sbom = mappingsTo('nist-ir-8425').filter((m) => m.control.id === 'component-inventory-sbom');
    assert.deepEqual(
      sbom.map((m) => m.mapping.target),
      ['nist-ir-8425:documentation.1'],
    );
    for (const id of ['nist-ir-8259b', 'nist-ir-8425']) {
      for (const { mapping } of mappingsTo(id).filter((m) => m.control.id === 'product-security-documentation'))
        assert.notEqual(mapping.relationship, 'equal', mapping.target);
    }
  });

  it('says where they apply and to whom', () => {
    for (const id of NIST) {
      const framework = catalog.frameworks.get(id)!;
      assert.equal(framework.legalForce, 'guidance', id);
      assert.deepEqual(framework.addressees, ['manufacturer'], id);
      assert.deepEqual(framework.scope?.markets, ['US'], id);
      assert.ok(framework.scope?.note, id);
    }
  });
});

describe('ETSI TS 103 701: the test cases of EN 303 645 V2.1.1', () => {
  const TS = 'etsi-ts-103-701';
  const requirements = [...catalog.frameworks.get(TS)!.requirements.values()];
  const ofKind = (kind: string) => requirements.filter((r) => r.kind === kind);
  const testCases = catalog.testCases(TS);

  it('has 15 test scenarios, 68 test groups, 109 test cases and 29 IXIT lists', () => {
    assert.equal(ofKind('clause').filter((r) => r.id.startsWith('TSO-')).length, 15);
    assert.equal(ofKind('test-group').length, 68);
    assert.equal(testCases.length, 109);
    assert.equal(ofKind('input').length, 29);
    const typed = (types: string) => testCases.filter((t) => t.testTypes?.join('/') === types).length;
    assert.deepEqual(
      [typed('conceptual'), typed('functional'), typed('conceptual/functional')],
      [62, 46, 1],
      'the test types read in the headings of clause 5',
    );
    assert.equal(catalog.assessableRequirements(TS).length, 0, 'a method, not obligations: nothing to cover');
  });

  it('says where it applies and to whom', () => {
    const framework = catalog.frameworks.get(TS)!;
    assert.equal(framework.legalForce, 'standard');
    assert.deepEqual(framework.addressees, ['manufacturer']);
    assert.deepEqual(framework.scope?.categories, ['consumer']);
    assert.equal(framework.scope?.markets, undefined, 'any market');
  });

  it('gives every EN 303 645 V2.1.1 provision exactly one test group, and every test group a provision', () => {
    for (const provision of catalog.assessableRequirements('etsi-en-303-645-v2')) {
      const groups = catalog.testGroupsFor(provision.ref);
      assert.equal(groups.length, 1, `${provision.id} has ${groups.length} test groups`);
      assert.equal(groups[0]!.group.id, provision.id, 'test groups take the id of their provision');
      assert.ok(groups[0]!.cases.length > 0, `test group ${provision.id} has no test case`);
    }
    for (const group of ofKind('test-group'))
      assert.equal(catalog.requirement(group.tests!)?.framework, 'etsi-en-303-645-v2', group.id);
  });

  it("keeps EN 303 645 V2.1.1's conditions 1–13, adding only 8 on 5.1-3 and 7 on 6-3", () => {
    const added: string[] = [];
    for (const group of ofKind('test-group')) {
      const own = (group.conditions ?? []).filter((c) => Number(c) <= 13);
      const v2 = catalog.requirement(group.tests!)!.conditions ?? [];
      for (const c of v2) assert.ok(own.includes(c), `${group.id} lost V2 condition ${c}`);
      added.push(...own.filter((c) => !v2.includes(c)).map((c) => `${group.id}+${c}`));
    }
    assert.deepEqual(added, ['5.1-3+8', '6-3+7']);
  });

  it('links test cases only to checks that iotassure verify has', () => {
    const known = new Set([...checks, ...sbomChecks].map((c) => c.meta.id));
    const linked = testCases.flatMap((t) => (t.checks ?? []).map((id) => ({ test: t.id, id })));
    assert.ok(linked.length >= 21, `${linked.length} links`);
    for (const { test, id } of linked) assert.ok(known.has(id), `${test} names unknown check ${id}`);
  });

  it('has a source of evidence for every test case: checks or the controls of the provision it tests', () => {
    const coverage = catalog.testCaseCoverage(TS);
    assert.deepEqual(
      coverage.filter((t) => t.evidence === 'missing').map((t) => t.id),
      [],
    );
    assert.equal(coverage.filter((t) => t.evidence === 'automated').length, 21);
  });

  it('lists the inputs each test group needs (Annex B), and every IXIT list is needed somewhere', () => {
    const needed = new Set(ofKind('test-group').flatMap((g) => g.inputs ?? []));
    assert.deepEqual(
      ofKind('input')
        .filter((i) => !needed.has(i.id))
        .map((i) => i.id),
      [],
    );
    assert.deepEqual(
      ofKind('test-group')
        .filter((g) => !g.inputs)
        .map((g) => g.id),
      ['4-1'],
      'Table B.1: 4-1 needs none',
    );
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

  /** A test framework of our own, as JSON, with its requirements replaced or added to. */
  const tests = (...requirements: Record<string, unknown>[]) =>
    JSON.stringify({
      framework: {
        id: 'my-tests',
        title: 'T',
        version: '1',
        publisher: 'P',
        licence: 'L',
        confidence: 'high',
        provenance: { source: 'S' },
      },
      requirements: [
        { id: 'G', kind: 'test-group', title: 'G', tests: 'uk-psti:1', inputs: ['I'] },
        { id: 'I', kind: 'input', title: 'I' },
        ...requirements,
      ],
    });

  it('accepts a test framework of ours, and finds its test cases from the requirement they assess', () => {
    const merged = buildCatalog([
      ...builtin(),
      parseSource(
        'extra.yaml',
        tests({
          id: 'G-1',
          parent: 'G',
          kind: 'test-case',
          title: 'T',
          testTypes: ['functional'],
          checks: ['CRED-01'],
        }),
      ),
    ]);
    assert.deepEqual(
      merged.testGroupsFor('uk-psti:1').flatMap((g) => g.cases.map((c) => c.ref)),
      ['my-tests:G-1'],
    );
  });

  it('reports test cases outside a test group, misplaced test fields and unknown tested requirements or inputs', () => {
    assert.match(
      extra(tests({ id: 'X', kind: 'test-case', title: 'T', testTypes: ['functional'] })).join(),
      /test case "X" must sit in a test group/,
    );
    assert.match(
      extra(tests({ id: 'X', parent: 'G', kind: 'test-case', title: 'T' })).join(),
      /test case "X" has no test type/,
    );
    assert.match(
      extra(tests({ id: 'X', kind: 'provision', title: 'T', checks: ['TLS-01'] })).join(),
      /`checks` belongs to requirements of kind test-case/,
    );
    assert.match(
      extra(tests({ id: 'X', kind: 'test-group', title: 'T' })).join(),
      /test group "X" does not say what it tests/,
    );
    assert.match(
      extra(tests({ id: 'X', kind: 'test-group', title: 'T', tests: 'uk-psti:9' })).join(),
      /uk-psti has no requirement "9"/,
    );
    assert.match(
      extra(tests({ id: 'X', kind: 'test-group', title: 'T', tests: 'uk-psti:1', inputs: ['J'] })).join(),
      /"J" is not an input \(a requirement of kind input\) of this framework \(did you mean "I"\?\)/,
    );
    assert.match(
      extra(
        tests({ id: 'X', parent: 'G', kind: 'test-case', title: 'T', testTypes: ['functional'], checks: ['tls-1'] }),
      ).join(),
      /a check id of `iotassure verify`, such as TLS-01/,
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
