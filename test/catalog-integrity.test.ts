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
import { userControlCatalog } from './support/catalog.js';

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
  const control = userControlCatalog;

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

  it('reports schema errors with the key and a suggestion', () => {
    assert.match(extra(control({ relationshp: 'equal' })).join(), /unknown key "relationshp"/);
    assert.match(
      extra(control({ mappings: [{ target: 'uk-psti:1', relationship: 'same' }] })).join(),
      /expected one of: equal, subset, superset, intersects/,
    );
  });
});
