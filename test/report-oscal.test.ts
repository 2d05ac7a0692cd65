/**
 * OSCAL 1.2.1: the catalog, the mapping-collection and the assessment results validate against the official schema;
 * findings cover exactly the applicable controls; mapping relationships are OSCAL's; UUIDs are version-5,
 * deterministic and unique; references between observations, findings and risks resolve.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Assessment } from '../src/assess/assessment.js';
import type { Catalog } from '../src/catalog/catalog.js';
import { jsonRenderer } from '../src/report/json.js';
import {
  OSCAL_NS,
  OSCAL_RELATIONSHIPS,
  oscalId,
  oscalRenderer,
  oscalUuid,
  renderOscalAssessmentResults,
  renderOscalCatalog,
  renderOscalMapping,
  uuidV5,
} from '../src/report/oscal.js';
import type { SharedWork } from '../src/report/renderer.js';
import { contentText } from '../src/report/write.js';
import { assessFile, CAMERA, CAMERA_REV2, failedCheck, oscalValidator } from './support/reports.js';

const validate = oscalValidator();
const camera = assessFile(CAMERA);
const rev2 = assessFile(CAMERA_REV2, { observations: [failedCheck('password-credential-quality')] });

// biome-ignore lint/suspicious/noExplicitAny: OSCAL documents are checked against the schema, not a TS type
type Json = any;

async function oscalOf(run: { assessment: Assessment; catalog: Catalog }): Promise<Record<string, Json>> {
  const files = await oscalRenderer.render(run.assessment, { catalog: run.catalog });
  return Object.fromEntries(files.map((f) => [f.name, JSON.parse(contentText(f.content))]));
}

/** Every `uuid` value defined in a document (references use other keys such as `risk-uuid`). */
function uuids(value: Json, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) uuids(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'uuid') out.push(v as string);
      else uuids(v, out);
    }
  }
  return out;
}

const V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('oscal: schema', () => {
  it('the three documents of the camera example and of its second revision validate', async () => {
    for (const run of [camera, rev2]) {
      const docs = await oscalOf(run);
      assert.deepEqual(Object.keys(docs), [
        'oscal-catalog.json',
        'oscal-mapping.json',
        'oscal-assessment-results.json',
      ]);
      for (const [name, doc] of Object.entries(docs)) {
        assert.deepEqual(validate(doc), [], `${run.assessment.model.file} ${name}`);
      }
    }
  });

  it('the validator rejects what the schema forbids', async () => {
    const docs = await oscalOf(camera);
    const broken = structuredClone(docs['oscal-assessment-results.json']);
    broken['assessment-results'].results[0].findings[0].target.status.state = 'half-done';
    assert.notDeepEqual(validate(broken), []);
    const badUuid = structuredClone(docs['oscal-catalog.json']);
    badUuid.catalog.uuid = 'not-a-uuid';
    assert.notDeepEqual(validate(badUuid), []);
  });

  it('needs the catalog in the render context', () => {
    assert.throws(() => oscalRenderer.render(camera.assessment), /needs the catalog/);
  });
});

describe('oscal: catalog', () => {
  it('groups every control by ISO/IEC 27400 family, with statement, guidance, objective and our props', () => {
    const { catalog } = renderOscalCatalog(camera.catalog, { date: '2027-02-01', version: '1.2.3' });
    assert.equal(catalog.metadata['oscal-version'], '1.2.1');
    assert.equal(catalog.metadata['last-modified'], '2027-02-01T00:00:00Z');
    assert.deepEqual(
      catalog.groups.map((g) => g.id),
      ['iso-27400-7.1.2', 'iso-27400-7.1.3', 'iso-27400-7.2.2', 'iso-27400-7.2.3'],
    );
    assert.match(catalog.groups[0]!.title, /^7\.1\.2 Security controls for IoT service developers and providers$/);
    const controls = catalog.groups.flatMap((g) => g.controls);
    assert.equal(controls.length, camera.catalog.controls.size);
    const control = controls.find((c) => c.id === 'password-credential-quality')!;
    const source = camera.catalog.controls.get('password-credential-quality')!;
    const ours = (name: string) =>
      control.props.filter((p) => p.ns === OSCAL_NS && p.name === name).map((p) => p.value);
    assert.deepEqual(ours('stakeholder'), source.stakeholders);
    assert.deepEqual(ours('stage'), source.stages);
    assert.deepEqual(ours('domain'), source.domains);
    assert.deepEqual(ours('iso-27400-clause'), [source.clause.id]);
    assert.deepEqual(ours('clause-confidence'), [source.clause.confidence]);
    const parts = control.parts as { id: string; name: string; prose?: string; parts?: { props: unknown[] }[] }[];
    assert.equal(parts.find((p) => p.name === 'statement')!.prose, source.statement.trim());
    assert.ok(parts.some((p) => p.id === 'password-credential-quality_obj' && p.name === 'assessment-objective'));
    const guidance = parts.find((p) => p.name === 'guidance');
    assert.equal(guidance?.parts?.length, Object.keys(source.guidance ?? {}).length);
  });

  it('keeps its UUID from day to day while the catalog stays the same', () => {
    const day1 = renderOscalCatalog(camera.catalog, { date: '2027-02-01', version: '1.2.3' }).catalog;
    const day2 = renderOscalCatalog(camera.catalog, { date: '2027-03-01', version: '1.2.3' }).catalog;
    const next = renderOscalCatalog(camera.catalog, { date: '2027-03-01', version: '1.2.4' }).catalog;
    assert.equal(day1.uuid, day2.uuid);
    assert.notEqual(day1.uuid, next.uuid);
    assert.equal(
      renderOscalMapping(camera.catalog, { date: '2027-02-01' })['mapping-collection'].uuid,
      renderOscalMapping(camera.catalog, { date: '2027-03-01' })['mapping-collection'].uuid,
    );
  });

  it('makes ids that do not start with a letter into OSCAL tokens', () => {
    assert.equal(oscalId('unique-device-passwords'), 'unique-device-passwords');
    assert.equal(oscalId('7.1.2'), '_7.1.2');
    assert.equal(oscalId('5.1-1'), '_5.1-1');
  });
});

describe('oscal: mapping-collection', () => {
  it('has one mapping per target framework and every catalog mapping with its OSCAL relationship', () => {
    const { 'mapping-collection': collection } = renderOscalMapping(camera.catalog);
    const valid = new Set(Object.values(OSCAL_RELATIONSHIPS));
    assert.deepEqual([...valid].sort(), ['equal-to', 'intersects-with', 'subset-of', 'superset-of']);
    const frameworks = collection.mappings.map((m) => m['target-resource'].props[0]!.value);
    assert.equal(new Set(frameworks).size, frameworks.length, 'one mapping per framework');
    for (const id of ['etsi-en-303-645', 'nist-ir-8259a', 'nist-ir-8259b', 'eu-cra', 'uk-psti', 'iso-iec-27400']) {
      assert.ok(frameworks.includes(id), id);
    }
    const expected = new Set<string>();
    for (const control of camera.catalog.controls.values()) {
      for (const m of camera.catalog.mappingsOf(control)) {
        expected.add(`${control.id}|${m.target}|${OSCAL_RELATIONSHIPS[m.relationship]}`);
      }
    }
    const actual = new Set<string>();
    for (const mapping of collection.mappings) {
      assert.ok(['human', 'automation', 'hybrid'].includes(mapping.method));
      assert.ok(['syntactic', 'semantic', 'functional'].includes(mapping['matching-rationale']));
      assert.ok(['complete', 'not-complete', 'draft'].includes(mapping.status));
      assert.equal(mapping['source-resource'].href, 'oscal-catalog.json');
      const framework = mapping['target-resource'].props[0]!.value;
      for (const map of mapping.maps) {
        assert.ok(valid.has(map.relationship), map.relationship);
        assert.equal(map.sources.length, 1);
        assert.equal(map.targets.length, 1);
        actual.add(`${map.sources[0]!['id-ref']}|${framework}:${map.targets[0]!['id-ref']}|${map.relationship}`);
      }
    }
    assert.deepEqual([...actual].sort(), [...expected].sort());
    const provenance = collection.provenance;
    assert.equal(provenance.method, 'human');
    assert.equal(provenance['matching-rationale'], 'semantic');
    assert.ok(provenance['mapping-description'].length > 0);
  });
});

describe('oscal: assessment results', () => {
  it('has one finding per applicable control, satisfied exactly when it is not a gap', async () => {
    for (const run of [camera, rev2]) {
      const a = run.assessment;
      const result = (await oscalOf(run))['oscal-assessment-results.json']['assessment-results'].results[0];
      const applicable = a.controls.filter((c) => c.applies);
      assert.equal(result.findings.length, applicable.length);
      assert.deepEqual(
        result['reviewed-controls']['control-selections'][0]['include-controls'].map((c: Json) => c['control-id']),
        applicable.map((c) => c.id),
      );
      const gaps = new Set(a.gaps.map((g) => g.control));
      for (const [i, c] of applicable.entries()) {
        const finding = result.findings[i];
        assert.equal(finding.target['target-id'], `${c.id}_obj`);
        assert.equal(finding.target.status.state, gaps.has(c.id) ? 'not-satisfied' : 'satisfied', c.id);
      }
    }
  });

  it('turns document evidence into EXAMINE and automated checks into TEST observations with their date', async () => {
    const result = (await oscalOf(rev2))['oscal-assessment-results.json']['assessment-results'].results[0];
    const byId = (id: string) =>
      result.observations.find((o: Json) => o.props.some((p: Json) => p.name === 'evidence-id' && p.value === id));
    const document = byId('ev-scc-relaynet');
    assert.deepEqual(document.methods, ['EXAMINE']);
    assert.equal(document.collected, '2027-01-20T00:00:00Z');
    assert.equal(document['relevant-evidence'][0].href, 'contracts/relaynet-scc-2027.pdf');
    const check = byId('obs-cred-01-recorder');
    assert.deepEqual(check.methods, ['TEST']);
    assert.equal(check.collected, '2027-01-30T00:00:00Z');
    assert.ok(check.props.some((p: Json) => p.name === 'verdict' && p.value === 'FAIL'));
    const expired = byId('ev-pentest-2025');
    assert.equal(expired.expires, '2026-10-10T00:00:00Z');
    assert.ok(expired.props.some((p: Json) => p.name === 'expired' && p.value === 'true'));
    const failed = result.findings.find((f: Json) => f.target['target-id'] === 'password-credential-quality_obj');
    assert.equal(failed.target.status.state, 'not-satisfied');
    assert.ok(failed['related-observations'].some((r: Json) => r['observation-uuid'] === check.uuid));
  });

  it('lists the risks with status, likelihood and impact, and resolves every reference', async () => {
    const a = rev2.assessment;
    const result = (await oscalOf(rev2))['oscal-assessment-results.json']['assessment-results'].results[0];
    assert.equal(result.risks.length, a.risks.length);
    const status = (id: string) =>
      result.risks.find((r: Json) => r.props.some((p: Json) => p.name === 'risk-id' && p.value === id)).status;
    assert.equal(status('extractable-secrets:recorder'), 'deviation-approved');
    for (const risk of a.risks.filter((r) => r.status === 'open')) assert.equal(status(risk.id), 'open');
    for (const risk of result.risks) {
      assert.deepEqual(
        risk.characterizations.map((c: Json) => c.facets.map((f: Json) => f.name)),
        [
          ['likelihood', 'impact', 'risk'],
          ['likelihood', 'impact', 'risk'],
        ],
      );
    }
    const exposed = a.risks.find((r) => r.id === 'physical-debug-port:entrance-camera')!;
    const facets = result.risks
      .find((r: Json) => r.uuid === oscalUuid('risk', 'vistacam-shop', exposed.id))
      .characterizations[1].facets.map((f: Json) => f.value);
    assert.deepEqual(facets, [
      a.riskMatrix.likelihood[exposed.residual.likelihood - 1],
      a.riskMatrix.impact[exposed.residual.impact - 1],
      exposed.residual.level,
    ]);
    // a risk's requirements: its rule's own references, and what its remediations' controls map to in the mapping
    const documents = await oscalOf(rev2);
    const mapped = new Map<string, Set<string>>();
    for (const mapping of documents['oscal-mapping.json']['mapping-collection'].mappings) {
      const framework = mapping['target-resource'].props[0]!.value;
      for (const map of mapping.maps) {
        const control = map.sources[0]!['id-ref'];
        if (!mapped.has(control)) mapped.set(control, new Set());
        mapped.get(control)!.add(`${framework}:${map.targets[0]!['id-ref']}`);
      }
    }
    const valuesOf = (props: Json[], name: string) => props.filter((p) => p.name === name).map((p) => p.value);
    for (const risk of a.risks) {
      const written = documents['oscal-assessment-results.json']['assessment-results'].results[0].risks.find(
        (r: Json) => r.uuid === oscalUuid('risk', 'vistacam-shop', risk.id),
      );
      const reached = new Set(valuesOf(written.props, 'requirement'));
      for (const step of [...(written['mitigating-factors'] ?? []), ...(written.remediations ?? [])])
        for (const control of valuesOf(step.props, 'control'))
          for (const target of mapped.get(control) ?? []) reached.add(target);
      assert.deepEqual([...reached].sort(), [...risk.requirements].sort(), risk.id);
    }
    const observations = new Set(result.observations.map((o: Json) => o.uuid));
    const risks = new Set(result.risks.map((r: Json) => r.uuid));
    for (const finding of result.findings) {
      for (const r of finding['related-observations'] ?? []) assert.ok(observations.has(r['observation-uuid']));
      for (const r of finding['related-risks'] ?? []) assert.ok(risks.has(r['risk-uuid']));
    }
  });
});

describe('oscal: UUIDs', () => {
  it('are RFC 4122 version 5', () => {
    // the RFC 4122 appendix example: www.example.com in the DNS namespace
    assert.equal(
      uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('hash the name as UTF-8 whatever its length or characters', () => {
    const namespace = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
    const reference = (name: string) => {
      const hash = createHash('sha1')
        .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
        .update(name)
        .digest();
      hash[6] = (hash[6]! & 0x0f) | 0x50;
      hash[8] = (hash[8]! & 0x3f) | 0x80;
      return hash.subarray(0, 16).toString('hex');
    };
    // longer than the bytes kept for names at first, then short again; Cyrillic, an emoji and a lone surrogate
    for (const name of ['a'.repeat(5000), 'камера/😀/\uD800', 'short', 'é'.repeat(400)]) {
      assert.equal(uuidV5(name, namespace).replaceAll('-', ''), reference(name), name.slice(0, 20));
    }
  });

  it('are deterministic across runs and unique within each document', async () => {
    const first = await oscalOf(camera);
    const second = await oscalOf(assessFile(CAMERA));
    assert.deepEqual(first, second);
    for (const [name, doc] of Object.entries(first)) {
      const all = uuids(doc);
      assert.ok(all.length >= 1, name);
      for (const u of all) assert.match(u, V5);
      assert.equal(new Set(all).size, all.length, `${name}: no UUID is used twice`);
    }
  });

  it('keep an object’s UUID when the document changes, and change the document’s own', async () => {
    const before = (await oscalOf(camera))['oscal-assessment-results.json']['assessment-results'];
    const after = (await oscalOf(rev2))['oscal-assessment-results.json']['assessment-results'];
    assert.notEqual(before.uuid, after.uuid);
    const finding = (ar: Json) =>
      ar.results[0].findings.find((f: Json) => f.target['target-id'] === 'secure-communication_obj').uuid;
    assert.equal(finding(before), finding(after));
    assert.equal(finding(before), oscalUuid('finding', 'vistacam-shop', 'secure-communication'));
  });

  it('give the assessment results the same UUID for the same assessment, another when anything it reports changes', () => {
    const uuidOf = (a: Assessment) => renderOscalAssessmentResults(a)['assessment-results'].uuid;
    const a = camera.assessment;
    assert.equal(uuidOf(a), uuidOf(a));
    const [first, ...rest] = a.risks;
    assert.ok(first);
    assert.notEqual(uuidOf({ ...a, risks: [{ ...first, status: 'accepted' }, ...rest] }), uuidOf(a));
    assert.notEqual(uuidOf({ ...a, date: '2027-01-01' }), uuidOf(a));
  });

  it('take the UUID from the digest the JSON renderer recorded as it made the file beside them', async () => {
    const shared: SharedWork = {};
    const [file] = await jsonRenderer.render(camera.assessment, { shared });
    assert.equal(shared.assessmentDigest, undefined, 'recorded only once the file is made whole');
    const text = contentText(file!.content);
    assert.equal(shared.assessmentDigest, createHash('sha256').update(text).digest('hex'));
    assert.equal(
      renderOscalAssessmentResults(camera.assessment, shared)['assessment-results'].uuid,
      renderOscalAssessmentResults(camera.assessment)['assessment-results'].uuid,
    );
    // and the recorded digest is what the UUID is made from, not the assessment made into text again
    assert.notEqual(
      renderOscalAssessmentResults(camera.assessment, { assessmentDigest: '0'.repeat(64) })['assessment-results'].uuid,
      renderOscalAssessmentResults(camera.assessment)['assessment-results'].uuid,
    );
  });

  it('render the assessment results without a catalog', () => {
    // the risks are made as they are written: what is validated is the JSON the document stands for
    const results = renderOscalAssessmentResults(camera.assessment);
    assert.deepEqual(validate(JSON.parse(JSON.stringify(results))), []);
  });
});
