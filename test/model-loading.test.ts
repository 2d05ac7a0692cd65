/**
 * Each class of bad model input gets a clear diagnostic: file, line and column, the path, what was found and what
 * was expected, and a suggestion where one makes sense. None of them may surface as a crash.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { queryObjects } from 'node:v8';
import { syntheticModel } from '../bench/synthetic.js';
import { parseSource, SOURCE_LIMITS } from '../src/input/source.js';
import { SourceDocument } from '../src/input/source-document.js';
import { loadModelFile, loadModelText } from '../src/model/load.js';
import { type Diagnostic, InputError } from '../src/util/diagnostics.js';

const HEAD = 'system: { name: Test }\n';

/** Loads and returns the diagnostics; fails the test if the text loads. */
function problems(text: string, file = 'model.yaml'): Diagnostic[] {
  try {
    loadModelText(file, text);
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    return error.diagnostics;
  }
  assert.fail('the model loaded without errors');
}

function only(text: string): Diagnostic {
  const list = problems(text);
  assert.equal(list.length, 1, list.map((d) => d.message).join('; '));
  return list[0]!;
}

describe('model loading: valid input', () => {
  it('loads a small model and keeps positions for every element', () => {
    const model = loadModelText(
      'm.yaml',
      `${HEAD}elements:\n  - { id: a, kind: sensor }\n  - id: b\n    kind: gateway\n`,
    );
    assert.deepEqual(
      model.elements.map((e) => [e.id, e.source.line, e.domain]),
      [
        ['a', 3, 'SCD'],
        ['b', 4, 'SCD'],
      ],
    );
  });

  it('applies templates, keeps element overrides and derives defaults', () => {
    const model = loadModelText(
      'm.yaml',
      `${HEAD}zones: [{ id: street, kind: public-space }]
templates:
  - { id: t, kind: sensor, constrained: true, update: { mechanism: none } }
elements:
  - { id: s, template: t, count: 400, zone: street, constrained: false }
flows: []
`,
    );
    const [s] = model.elements;
    assert.equal(s?.kind, 'sensor');
    assert.equal(s?.count, 400);
    assert.equal(s?.constrained, false, 'the element overrides its template');
    assert.equal(s?.update?.mechanism, 'none');
    assert.equal(s?.physicalExposure, 'public-space', 'derived from the zone');
  });

  it('keeps where its parts are written, not the parsed document', () => {
    // queryObjects collects the garbage first, then counts what is still reachable. A fleet's parsed document is
    // several times its model (190 MB at 100 000 elements); the model keeps the positions' typed arrays instead.
    const documents = () => queryObjects(SourceDocument, { format: 'count' });
    const before = documents();
    const model = loadModelText('fleet.yaml', syntheticModel(200));
    assert.equal(documents(), before);
    assert.equal(model.locate(['elements', 5, 'id']).line, model.elements[5]!.source.line);
    // the count sees a document that is kept
    const kept = parseSource('fleet.yaml', syntheticModel(200));
    assert.equal(documents(), before + 1);
    assert.ok(kept.value);
  });

  it('accepts JSON', () => {
    const model = loadModelText('m.json', '{"system": {"name": "J"}, "elements": [{"id": "x", "kind": "camera"}]}');
    assert.equal(model.elements[0]?.kind, 'camera');
  });

  it('supports YAML anchors and merge keys', () => {
    const model = loadModelText(
      'm.yaml',
      `${HEAD}elements:\n  - &base { id: a, kind: sensor, constrained: true }\n  - <<: *base\n    id: b\n`,
    );
    assert.deepEqual(
      model.elements.map((e) => [e.id, e.kind, e.constrained]),
      [
        ['a', 'sensor', true],
        ['b', 'sensor', true],
      ],
    );
  });
});

describe('model loading: bad input', () => {
  it('syntax errors name the line', () => {
    const d = only(`${HEAD}elements:\n  - { id: a, kind: sensor\n`);
    assert.match(d.message, /YAML syntax error/);
    assert.ok(d.position && d.position.line >= 3);
  });

  it('misspelt keys get a suggestion', () => {
    const d = only(`${HEAD}elements:\n  - { id: a, knd: sensor, kind: sensor }\n`);
    assert.equal(d.message, 'unknown key "knd"');
    assert.equal(d.hint, 'did you mean "kind"?');
    assert.deepEqual([d.position?.line, d.position?.column], [3, 14]);
    assert.equal(d.path, 'elements[0].knd');
  });

  it('misspelt values get a suggestion and the accepted values', () => {
    const d = only(`${HEAD}elements:\n  - { id: a, kind: camra }\n`);
    assert.match(d.message, /found "camra", expected one of: sensor, actuator, camera/);
    assert.equal(d.hint, 'did you mean "camera"?');
    assert.equal(d.position?.line, 3);
  });

  it('wrong types say what was found and what was expected', () => {
    const d = only(`${HEAD}elements:\n  - { id: a, kind: sensor, count: many }\n`);
    assert.equal(d.message, 'found "many", expected a number');
    assert.equal(d.path, 'elements[0].count');
  });

  it('missing required keys are named', () => {
    const d = only('elements:\n  - { id: a, kind: sensor }\n');
    assert.equal(d.message, '"system" is required but missing');
  });

  it('unknown references get a suggestion', () => {
    const d = only(
      `${HEAD}elements:\n  - { id: camera, kind: camera }\n  - { id: cloud, kind: cloud-service }\nflows:\n  - { id: f, from: camera, to: clod, protocol: https }\n`,
    );
    assert.equal(d.message, 'unknown element "clod"');
    assert.equal(d.hint, 'did you mean "cloud"?');
    assert.equal(d.path, 'flows[0].to');
    assert.deepEqual([d.position?.line, d.position?.column], [6, 32]);
  });

  it('duplicate ids point at both places', () => {
    const d = only(`${HEAD}elements:\n  - { id: a, kind: sensor }\n  - { id: a, kind: gateway }\n`);
    assert.equal(d.message, 'duplicate id "a"');
    assert.match(d.hint ?? '', /line 3/);
    assert.equal(d.position?.line, 4);
  });

  it('ids are unique across collections', () => {
    const d = only(`${HEAD}zones: [{ id: a, kind: cloud }]\nelements:\n  - { id: a, kind: cloud-service, zone: a }\n`);
    assert.equal(d.message, 'duplicate id "a"');
  });

  it('not-applicable needs a justification', () => {
    const d = only(
      `${HEAD}elements: [{ id: a, kind: sensor }]\nassessment:\n  controls:\n    some-control: { status: not-applicable }\n`,
    );
    assert.match(d.message, /not-applicable without a justification/);
    assert.equal(d.position?.line, 5);
  });

  it('duplicate keys are refused', () => {
    const d = only(`${HEAD}elements:\n  - id: a\n    kind: sensor\n    kind: camera\n`);
    assert.equal(d.message, 'duplicate key "kind"');
    assert.equal(d.position?.line, 5);
  });

  it('YAML alias bombs are refused before they expand', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    // 10^9 nodes if expanded: refused at the alias where the count passes the limit (line 7 of 9)
    const d = only(`${lines.join('\n')}\n`);
    assert.equal(
      d.message,
      `YAML aliases expand to more than ${SOURCE_LIMITS.maxAliasNodes} nodes (each alias counts as a copy of what its anchor holds)`,
    );
    assert.equal(d.position?.line, 7);
  });

  it('a model of 100 000 elements loads: the limits count aliases, not the nodes a document writes', () => {
    const model = loadModelText('big.yaml', syntheticModel(100_000));
    assert.equal(model.elements.length, 100_000);
  });

  it('prototype-polluting keys are refused', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const d = only(`${HEAD}elements:\n  - { id: a, kind: sensor, ${key}: { polluted: true } }\n`);
      assert.equal(d.message, `the key "${key}" is not allowed`);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('deep nesting is refused with the limit', () => {
    const d = only(`${HEAD}elements: ${'['.repeat(200)}${']'.repeat(200)}\n`);
    assert.equal(d.message, `nesting is deeper than ${SOURCE_LIMITS.maxDepth} levels`);
  });

  it('oversized files are refused before they are read, with the limit', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'iotassure-')), 'huge.yaml');
    writeFileSync(file, HEAD);
    truncateSync(file, SOURCE_LIMITS.maxBytes + 1);
    assert.throws(
      () => loadModelFile(file),
      (e: unknown) =>
        e instanceof InputError && e.diagnostics[0]!.message.includes(`the limit is ${SOURCE_LIMITS.maxBytes} bytes`),
    );
  });

  it('missing files, empty files, several documents, tags and NUL bytes', () => {
    assert.throws(
      () => loadModelFile('no/such/model.yaml'),
      (e: unknown) => e instanceof InputError && e.diagnostics[0]!.message === 'file not found',
    );
    assert.match(only('').message, /must be a mapping/);
    assert.match(only(`${HEAD}elements: []\n---\nx: 1\n`).message, /more than one YAML document/);
    assert.match(
      only(`${HEAD}elements: !!python/object:os.system [x]\n`).message,
      /tag !!python\/object:os.system is not supported/,
    );
    assert.match(only(`${HEAD}\u0000`).message, /NUL bytes/);
  });

  it('template and zone mistakes', () => {
    assert.equal(
      only(`${HEAD}elements:\n  - { id: a, template: sensr }\n`).message.includes('unknown template "sensr"'),
      true,
    );
    assert.match(only(`${HEAD}elements:\n  - { id: a }\n`).message, /has no kind/);
    const cycle = problems(
      `${HEAD}zones:\n  - { id: x, kind: cloud, parent: y }\n  - { id: y, kind: cloud, parent: x }\nelements: [{ id: a, kind: sensor }]\n`,
    );
    assert.match(cycle[0]!.message, /inside itself/);
  });

  it('an unsupported format version is refused', () => {
    assert.match(
      only(`iotassure: 7\n${HEAD}elements: [{ id: a, kind: sensor }]\n`).message,
      /version 7 is not supported/,
    );
  });

  it('reports every problem at once, in file order', () => {
    const list = problems(`${HEAD}elements:\n  - { id: a, kind: sensr }\n  - { id: b, kind: gatway }\n`);
    assert.deepEqual(
      list.map((d) => d.position?.line),
      [3, 4],
    );
  });
});
