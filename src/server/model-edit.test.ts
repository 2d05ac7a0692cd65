import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { loadModelText } from '../model/load.js';
import { addEvidence, ModelEditError, setControlState, setRiskTreatment } from './model-edit.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const camera = read('examples/monitoring-camera/system.yaml');
const home = read('examples/smart-home/system.yaml');

/** The lines of `after` not in `before`, when `after` only inserts lines (else it fails). */
function insertedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const inserted: string[] = [];
  let i = 0;
  for (const line of after.split('\n')) {
    if (i < a.length && a[i] === line) i++;
    else inserted.push(line);
  }
  assert.equal(i, a.length, 'every original line is kept, in order');
  return inserted;
}

/** Lines removed and added between the first and last difference: one edit's whole footprint on the file. */
function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { removed: a.slice(start, endA), added: b.slice(start, endB) };
}

const MINIMAL = `# a comment at the top
system:
  name: Tiny   # trailing comment
elements:
  - id: cam
    kind: camera
`;

describe('model edits keep the rest of the file byte for byte', () => {
  test('changing an existing control status rewrites only that value (flow mapping, comments kept)', () => {
    const after = setControlState(home, 'radio-link-protection', { status: 'implemented' });
    assert.deepEqual(lineDiff(home, after), {
      removed: [
        '    radio-link-protection: { status: planned, owner: Lock team, due: 2027-03-31, notes: the BLE legacy pairing mode is still enabled }',
      ],
      added: [
        '    radio-link-protection: { status: implemented, owner: Lock team, due: 2027-03-31, notes: the BLE legacy pairing mode is still enabled }',
      ],
    });
    const model = loadModelText('home.yaml', after);
    assert.equal(model.assessment.controls.get('radio-link-protection')?.[0]?.status, 'implemented');
  });

  test('a new control follows its siblings’ style and validates', () => {
    const after = setControlState(home, 'secure-boot', { status: 'verified', owner: 'Hub firmware team' });
    const { removed, added } = lineDiff(home, after);
    assert.deepEqual(removed, []);
    assert.deepEqual(added, ['    secure-boot: { status: verified, owner: Hub firmware team }']);
    assert.equal(loadModelText('home.yaml', after).assessment.controls.get('secure-boot')?.[0]?.status, 'verified');
  });

  test('evidence is appended in the list’s style and linked to its control', () => {
    const after = addEvidence(
      camera,
      {
        id: 'ev-upload-1',
        kind: 'test',
        title: 'Brute-force test: lockout after 5 attempts',
        location: 'sha256:0123',
        collected: '2026-12-01',
        expires: '2027-12-01',
        by: 'Alice Analyst',
      },
      'brute-force-protection',
    );
    const added = insertedLines(camera, after);
    const model = loadModelText('camera.yaml', after);
    const evidence = model.assessment.evidence.find((e) => e.id === 'ev-upload-1');
    assert.equal(evidence?.by, 'Alice Analyst');
    assert.deepEqual(model.assessment.controls.get('brute-force-protection')?.[0]?.evidence, ['ev-upload-1']);
    assert.ok(added.some((l) => l.startsWith('    - { id: ev-upload-1, kind: test')));
    assert.equal(after.split('\n').length, camera.split('\n').length + added.length);
    assert.throws(() => addEvidence(after, { id: 'ev-upload-1', kind: 'test', title: 'again' }), ModelEditError);
  });

  test('a model without an assessment section gets one at the end, comments untouched', () => {
    const after = setRiskTreatment(MINIMAL, 'no-sbom', { treatment: 'accept', owner: 'CTO', justification: 'tiny' });
    assert.equal(
      after,
      `${MINIMAL}assessment:\n  risks:\n    no-sbom:\n      treatment: accept\n      owner: CTO\n      justification: tiny\n`,
    );
    const twice = setRiskTreatment(after, 'no-sbom', { treatment: 'mitigate' });
    assert.deepEqual(lineDiff(after, twice), {
      removed: ['      treatment: accept'],
      added: ['      treatment: mitigate'],
    });
  });

  test('fields this model version does not know are left out, so the model still validates', () => {
    const after = setRiskTreatment(MINIMAL, 'no-sbom', {
      treatment: 'accept',
      owner: 'CTO',
      approver: 'Bob',
      reviewBy: '2027-06-30',
    });
    const model = loadModelText('m.yaml', after);
    assert.equal(model.assessment.risks.get('no-sbom')?.treatment, 'accept');
  });

  test('empty and flow collections, `key:` with nothing after it, strings that need quotes', () => {
    const empty = `${MINIMAL}assessment:\n  controls: {}\n`;
    assert.equal(
      setControlState(empty, 'secure-boot', { status: 'planned' }),
      `${MINIMAL}assessment:\n  controls: { secure-boot: { status: planned } }\n`,
    );
    const bare = `${MINIMAL}assessment:\n  controls:   # none yet\n`;
    assert.equal(
      setControlState(bare, 'secure-boot', { status: 'planned', notes: 'a: colon, and # hash' }),
      `${MINIMAL}assessment:\n  controls:   # none yet\n    secure-boot:\n      status: planned\n      notes: "a: colon, and # hash"\n`,
    );
    const model = loadModelText('m.yaml', setControlState(bare, 'secure-boot', { status: 'planned', notes: 'x: "y"' }));
    assert.equal(model.assessment.controls.get('secure-boot')?.[0]?.notes, 'x: "y"');
  });
});

const rev2 = read('test/data/monitoring-camera-rev2.yaml');
const statusesOf = (text: string, control: string) =>
  loadModelText('m.yaml', text)
    .assessment.controls.get(control)
    ?.map((e) => ({
      status: e.status,
      products: e.products,
      elements: e.elements,
      evidence: e.evidence,
    }));

describe('scoped control statuses', () => {
  test('a one-line entry becomes a list of two when a product gets its own status', () => {
    const after = setControlState(
      camera,
      'no-hardcoded-secrets',
      { status: 'planned', owner: 'NVR team' },
      { products: ['recorder-nvr'] },
    );
    const before = camera.split('\n').find((l) => l.startsWith('    no-hardcoded-secrets:'))!;
    assert.deepEqual(lineDiff(camera, after), {
      removed: [before],
      added: [
        '    no-hardcoded-secrets:',
        `      - ${before.slice(before.indexOf('{'))}`,
        '      - { status: planned, products: [recorder-nvr], owner: NVR team }',
      ],
    });
    assert.deepEqual(statusesOf(after, 'no-hardcoded-secrets')?.[1], {
      status: 'planned',
      products: ['recorder-nvr'],
      elements: undefined,
      evidence: [],
    });
  });

  test('a block entry becomes a list with its comments and layout, shifted under the dash', () => {
    const text = `${MINIMAL}assessment:\n  controls:\n    secure-boot:\n      status: implemented   # since 2.1\n      # who runs it\n      owner: FW team\n      notes: |\n        two lines\n        of notes\n  risks: {}\n`;
    const after = setControlState(text, 'secure-boot', { status: 'planned' }, { elements: ['cam'] });
    assert.equal(
      after,
      `${MINIMAL}assessment:\n  controls:\n    secure-boot:\n      - status: implemented   # since 2.1\n        # who runs it\n        owner: FW team\n        notes: |\n          two lines\n          of notes\n      - status: planned\n        elements:\n          - cam\n  risks: {}\n`,
    );
    assert.equal(
      loadModelText('m.yaml', after).assessment.controls.get('secure-boot')?.[0]?.notes,
      'two lines\nof notes\n',
    );
  });

  test('the entry whose scope equals the one asked for is edited, and only it', () => {
    const after = setControlState(
      rev2,
      'password-credential-quality',
      { status: 'verified', notes: 'checked on 2.9' },
      { products: ['recorder-nvr'] },
    );
    assert.deepEqual(lineDiff(rev2, after), {
      removed: [
        '      - { status: implemented, products: [recorder-nvr], owner: C2 firmware team, notes: per-device passwords from recorder firmware 2.9 }',
      ],
      added: ['      - { status: verified, products: [recorder-nvr], owner: C2 firmware team, notes: checked on 2.9 }'],
    });
    // The same subjects in another order are the same scope.
    const reordered = setControlState(
      rev2,
      'threat-and-risk-analysis',
      { status: 'verified' },
      { products: ['vistacam-app', 'c2-camera'] },
    );
    assert.equal(lineDiff(rev2, reordered).added.length, 1);
    assert.equal(statusesOf(reordered, 'threat-and-risk-analysis')?.[0]?.status, 'verified');
  });

  test('without a scope, the system-wide entry: added to a list that has none, edited where there is one', () => {
    const added = setControlState(rev2, 'secure-parameter-storage', { status: 'implemented' });
    assert.deepEqual(lineDiff(rev2, added).removed, []);
    assert.deepEqual(lineDiff(rev2, added).added, ['      - { status: implemented }']);
    const edited = setControlState(added, 'secure-parameter-storage', { owner: 'Security team' });
    assert.deepEqual(lineDiff(added, edited), {
      removed: ['      - { status: implemented }'],
      added: ['      - { status: implemented, owner: Security team }'],
    });
    // An empty list of subjects is no scope at all.
    assert.equal(
      setControlState(added, 'secure-parameter-storage', { owner: 'Security team' }, { products: [] }),
      edited,
    );
  });

  test('a new entry needs a status; a scope without one names what to give', () => {
    assert.throws(
      () => setControlState(rev2, 'secure-parameter-storage', { owner: 'x' }, { products: ['c2-camera'] }),
      (e: unknown) => e instanceof ModelEditError && /no status for products c2-camera yet/.test(e.message),
    );
  });

  test('evidence is linked to the entry of its scope, which is added where missing', () => {
    const evidence = { id: 'ev-nvr-boot', kind: 'test', title: 'NVR boot chain test' };
    const linked = addEvidence(rev2, evidence, 'password-credential-quality', { products: ['c2-camera'] });
    assert.deepEqual(
      statusesOf(linked, 'password-credential-quality')?.map((e) => e.evidence),
      [['ev-password-generation', 'ev-nvr-boot'], []],
    );
    const added = addEvidence(rev2, evidence, 'secure-boot-and-tamper-response', { products: ['recorder-nvr'] });
    assert.deepEqual(statusesOf(added, 'secure-boot-and-tamper-response')?.[1], {
      status: 'implemented',
      products: ['recorder-nvr'],
      elements: undefined,
      evidence: ['ev-nvr-boot'],
    });
    assert.equal(insertedLines(rev2, added).length, 2, 'the evidence item and the new entry, nothing else');
  });
});
