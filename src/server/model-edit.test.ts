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

  test('scoped statuses are refused until the model has them', () => {
    assert.throws(
      () => setControlState(camera, 'secure-boot', { status: 'verified' }, { elements: ['entrance-camera'] }),
      /no scoped control statuses/,
    );
  });
});
