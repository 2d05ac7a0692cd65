/**
 * The model editor's logic without a browser: the schema subset it understands (against the real schema of
 * `iotassure schema`), where problems land in the text, and which completions it offers where.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { modelJsonSchema } from '../src/model/schema.js';
import { candidates, contextAt } from '../web/src/model-completion.js';
import { cliProblems, schemaProblems } from '../web/src/model-lint.js';
import { check, type JsonSchema, schemasAt, UNDERSTOOD_KEYWORDS } from '../web/src/model-schema.js';
import { lineSpan, offsetOf, spanAt } from '../web/src/yaml-positions.js';

const SCHEMA = modelJsonSchema() as JsonSchema;
const CAMERA = readFileSync(new URL('../examples/monitoring-camera/system.yaml', import.meta.url), 'utf8');

/** The text with the cursor at the "|" removed from it. */
const at = (marked: string) => ({ text: marked.replace('|', ''), offset: marked.indexOf('|') });

const labels = (marked: string) => {
  const { text, offset } = at(marked);
  const context = contextAt(text, offset);
  assert.ok(context, `a completion context at ${JSON.stringify(marked)}`);
  return candidates(SCHEMA, context).map((c) => c.label);
};

describe('the JSON Schema in the browser', () => {
  it('understands every keyword the generated model schema uses', () => {
    const used = new Set<string>();
    const formats: { format: string; pattern?: string }[] = [];
    const walk = (node: unknown, inNames = false): void => {
      if (Array.isArray(node)) {
        for (const n of node) walk(n);
        return;
      }
      if (typeof node !== 'object' || node === null) return;
      if (!inNames && 'format' in node) formats.push(node as (typeof formats)[number]);
      for (const [key, value] of Object.entries(node)) {
        if (!inNames) used.add(key);
        // the keys of `properties` are names in the model, not keywords
        walk(value, key === 'properties' && !inNames);
      }
    };
    walk(SCHEMA);
    const unknown = [...used].filter((k) => !(UNDERSTOOD_KEYWORDS as readonly string[]).includes(k));
    assert.deepEqual(unknown, []);
    // `format` is left to the `pattern` that zod writes beside it
    assert.ok(formats.length > 0);
    assert.deepEqual(
      formats.filter((f) => f.pattern === undefined),
      [],
    );
  });

  it('finds nothing wrong with the example models, and the faults it should', () => {
    for (const example of ['monitoring-camera', 'smart-home', 'industrial-sensors']) {
      const text = readFileSync(new URL(`../examples/${example}/system.yaml`, import.meta.url), 'utf8');
      assert.deepEqual(schemaProblems(text, SCHEMA), [], example);
    }
    const element = '[{"id": "cam", "kind": "device"}]';
    const messages = (json: string) => check(SCHEMA, JSON.parse(json)).map((i) => `${i.path.join('.')}: ${i.message}`);
    assert.deepEqual(messages(`{"system": {"id": "x", "name": "X", "colour": 1}, "elements": ${element}}`), [
      `system.colour: unknown key "colour"; expected one of ${Object.keys(schemasAt(SCHEMA, ['system'])[0]!.properties!).join(', ')}`,
    ]);
    assert.deepEqual(messages(`{"system": {"id": "x", "name": "X", "category": "toy"}, "elements": ${element}}`), [
      'system.category: "toy" is not allowed here; expected one of "consumer", "enterprise", "industrial", "medical", "automotive", "public-sector", "critical-infrastructure"',
    ]);
    assert.deepEqual(messages('{"system": {"id": "x", "name": "X"}}'), [': the key "elements" is required here']);
    assert.deepEqual(messages(`{"iotassure": 2, "system": {"id": "x", "name": "X"}, "elements": ${element}}`), [
      'iotassure: expected "1" or 1, found 2',
    ]);
  });
});

describe('where problems land in the text', () => {
  it('puts an unknown key on that key and a wrong enumerated value on the value', () => {
    const text = CAMERA.replace(/^( {2}name: .*)$/m, '$1\n  colour: red\n  category: toy');
    const problems = schemaProblems(text, SCHEMA);
    const lines = text.split('\n');
    const line = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l)) + 1;
    assert.deepEqual(
      problems.map((p) => [p.line, text.slice(p.from, p.to), p.message.split(';')[0]]),
      [
        [line(/^ {2}category: toy$/), 'toy', '"toy" is not allowed here'],
        [line(/^ {2}colour: red$/), 'colour', 'unknown key "colour"'],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
  });

  it('finds the node of a path through lists, and the nearest node for a path that goes further', () => {
    const text = 'elements:\n  - id: cam\n    zone: lan\n  - id: hub\n    services:\n      - { port: 80 }\n';
    const doc = parseDocument(text);
    const at = (path: (string | number)[], onKey = false) => {
      const span = spanAt(text, doc, path, onKey);
      return text.slice(span.from, span.to);
    };
    assert.equal(at(['elements', 0, 'zone']), 'lan');
    assert.equal(at(['elements', 0, 'zone'], true), 'zone');
    assert.equal(at(['elements', 1, 'services', 0, 'port']), '80');
    // a mapping is shown at its key, not underlined whole; a list item without a key at its first line
    assert.equal(at(['elements', 1, 'services']), 'services');
    assert.equal(at(['elements', 1]), 'id: hub');
    // a key that is not there (a required one): its mapping stands for it
    assert.equal(at(['elements', 0, 'kind']), 'id: cam');
  });

  it('reports YAML syntax errors at their place instead of schema issues', () => {
    const problems = schemaProblems('system:\n  id: x\n  name: [unclosed\nelements: []\n', SCHEMA);
    assert.ok(problems.length > 0);
    assert.ok(problems.every((p) => p.source === 'yaml'));
    assert.ok(problems[0]!.line >= 3, `line ${problems[0]!.line}`);
  });

  it('places the CLI diagnostics at their line and column', () => {
    const text = 'system:\n  id: x\nelements:\n  - id: cam\n';
    const [p] = cliProblems(text, [
      { severity: 'error', message: 'unknown zone', hint: 'declare it', position: { line: 4, column: 9 } },
    ]);
    assert.deepEqual(
      { ...p },
      { from: 34, to: 37, line: 4, message: 'unknown zone (declare it)', severity: 'error', source: 'cli' },
    );
    assert.equal(text.slice(p!.from, p!.to), 'cam');
    assert.equal(offsetOf(text, 99, 1), text.length, 'a stale line lands at the end');
    assert.deepEqual(lineSpan(text, 2), { from: 8, to: 15 });
  });
});

describe('completion', () => {
  it('offers the keys of the mapping at the cursor, without those already written', () => {
    const keys = labels('system:\n  id: x\n  |\nelements: []\n');
    assert.ok(keys.includes('name') && keys.includes('category'), keys.join(' '));
    assert.ok(!keys.includes('id'), 'id is written already');
    assert.ok(!keys.includes('elements'), 'top-level keys belong to another level');
    assert.deepEqual(labels('system:\n  id: x\n  cat|\n'), ['category']);
    const top = labels('system:\n  id: x\n|');
    assert.ok(top.includes('elements') && !top.includes('system'), top.join(' '));
  });

  it('follows list items, also when the list sits at its key’s indentation', () => {
    assert.deepEqual(labels('elements:\n  - id: cam\n    ki|\n'), ['kind']);
    assert.deepEqual(labels('elements:\n- id: cam\n  ki|\n'), ['kind']);
    assert.ok(labels('elements:\n  - id: cam\n  - |\n').includes('id'), 'a new item offers the item’s keys');
    // keys with a colon (risk ids name their subject) and comment lines on the way up
    const risk =
      'assessment:\n  risks:\n    cleartext:recorder-to-cloud:\n      # why\n      treatment: accept\n      |\n';
    assert.ok(labels(risk).includes('owner'), labels(risk).join(' '));
    assert.deepEqual(
      labels('assessment:\n  risks:\n    a:b:\n      treatment: |\n').sort(),
      [...(schemasAt(SCHEMA, ['assessment', 'risks', 'a:b', 'treatment'])[0]!.enum as string[])].sort(),
    );
  });

  it('offers the enumerated values of the key being given a value, with the description', () => {
    const { text, offset } = at('system:\n  id: x\n  category: ind|\n');
    const context = contextAt(text, offset)!;
    assert.deepEqual(context.path, ['system', 'category']);
    const found = candidates(SCHEMA, context);
    assert.deepEqual(
      found.map((c) => c.label),
      ['industrial'],
    );
    assert.match(found[0]!.info ?? '', /category of every product/);
    assert.equal(text.slice(context.from, offset), 'ind');
    assert.deepEqual(labels('iotassure: |\n'), ['1', '1'].slice(0, 1));
  });
});
