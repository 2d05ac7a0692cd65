/**
 * Format 3 of the assessment JSON leaves out what a reader can restore; decoding must give back exactly the
 * assessment that was written, on every example and on a fleet, and a hand-edited file must still read as what it says.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZodError } from 'zod';
import { syntheticModel } from '../bench/synthetic.js';
import type { Assessment } from '../src/assess/assessment.js';
import { assess } from '../src/assess/pipeline.js';
import { loadCatalog } from '../src/catalog/load.js';
import { loadModelFile, loadModelText } from '../src/model/load.js';
import { decodeAssessment, encodeAssessment } from '../src/report/assessment-json.js';
import { diffInputOf } from '../src/report/diff-input.js';
import { assessmentJsonChunks } from '../src/report/json.js';
import { RULES } from '../src/rules/index.js';

const EXAMPLES = ['monitoring-camera', 'smart-home', 'industrial-sensors'];
const DATE = { date: '2026-12-01' };
/** What a reader of the file sees: the object as JSON carries it (no undefined fields). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const written = (a: Assessment): unknown => JSON.parse([...assessmentJsonChunks(a)].join(''));

function assessExample(name: string): Assessment {
  return assess(loadModelFile(`examples/${name}/system.yaml`), loadCatalog(), RULES, DATE);
}

describe('assessment JSON format 3', () => {
  for (const name of EXAMPLES) {
    it(`decodes to the assessment that was written: ${name}`, () => {
      const assessment = assessExample(name);
      assert.deepStrictEqual(asJson(decodeAssessment(written(assessment))), asJson(assessment));
    });
  }

  it('decodes a fleet of 400 elements exactly, and writes what grows with the fleet in under half the bytes', () => {
    const assessment = assess(loadModelText('fleet.yaml', syntheticModel(400)), loadCatalog(), RULES, DATE);
    const text = [...assessmentJsonChunks(assessment)].join('');
    const file = JSON.parse(text);
    assert.deepStrictEqual(asJson(decodeAssessment(file)), asJson(assessment));
    for (const part of ['risks', 'controls'] as const) {
      const before = JSON.stringify(assessment[part]).length;
      const after = JSON.stringify(file[part]).length;
      assert.ok(after < before / 2, `${part}: ${after} of ${before} bytes`);
    }
  });

  it('leaves out what repeats and keeps what differs', () => {
    const assessment = assessExample('monitoring-camera');
    const file = asJson(encodeAssessment(assessment)) as {
      risks: Record<string, unknown>[];
      controls: { subjects: { ids?: string[] }[] }[];
      system: { elements: { source: Record<string, unknown> }[] };
    };
    const risk = file.risks[0]!;
    assert.equal(risk.requirements, undefined, 'requirements are the rule’s');
    assert.equal(risk.title, undefined, 'the title is the rule’s');
    assert.ok(
      (risk.mitigations as unknown[]).every((m) => typeof m === 'string'),
      'mitigations by status',
    );
    assert.deepStrictEqual(Object.keys(file.system.elements[0]!.source).sort(), ['column', 'line']);
    assert.ok(file.controls.every((c) => c.subjects.every((s) => Array.isArray(s.ids))));

    // A risk whose title differs from its rule's keeps its own.
    const edited = structuredClone(assessment);
    edited.risks[0]!.title = 'A title of its own';
    const decoded = decodeAssessment(asJson(encodeAssessment(edited))) as Assessment;
    assert.equal(decoded.risks[0]!.title, 'A title of its own');
    assert.equal(decoded.risks[1]!.title, assessment.risks[1]!.title);
  });

  it('a file with any value replaced by a value of another type decodes, and diff reads it or names what is wrong', () => {
    const file = JSON.parse([...assessmentJsonChunks(assessExample('monitoring-camera'))].join(''));
    const replacements = [null, 5, 'x', [], {}, [7], { ids: 3 }];
    let tried = 0;
    // every key down to four levels, the first two items of each list
    const visit = (node: unknown, path: (string | number)[]): void => {
      if (path.length > 4 || node === null || typeof node !== 'object') return;
      const keys = Array.isArray(node) ? [0, 1].filter((i) => i < node.length) : Object.keys(node);
      for (const key of keys) {
        const child = (node as Record<string | number, unknown>)[key];
        for (const replacement of replacements) {
          (node as Record<string | number, unknown>)[key] = replacement;
          tried++;
          const where = `${[...path, key].join('.')} = ${JSON.stringify(replacement)}`;
          const decoded = decodeAssessment(file);
          try {
            diffInputOf(decoded);
          } catch (error) {
            assert.ok(error instanceof ZodError, `${where}: ${(error as Error).stack}`);
          }
        }
        (node as Record<string | number, unknown>)[key] = child;
        visit(child, [...path, key]);
      }
    };
    visit(file, []);
    assert.ok(tried > 1000, `${tried} files tried`);
  });

  it('leaves any other version as it is and never throws on what a hand-edited file holds', () => {
    const v2 = { format: 'iotassure-assessment', formatVersion: '2.3', risks: [{ id: 'x' }] };
    assert.equal(decodeAssessment(v2), v2);
    for (const hostile of [
      null,
      5,
      'text',
      { formatVersion: '3.0' },
      { formatVersion: '3.0', risks: 5, controls: 'x', system: [], gaps: {}, rules: [null] },
      {
        formatVersion: '3.0',
        risks: [null, 7, { mitigations: 'x', subject: 3 }],
        controls: [{ subjects: [{ ids: 5 }] }],
      },
      { formatVersion: '3.0', controls: [{ evidence: [{ kind: 'model', source: 'x' }] }], gaps: [{ risks: [1, 'r'] }] },
    ]) {
      assert.doesNotThrow(() => decodeAssessment(hostile), JSON.stringify(hostile));
    }
  });
});
