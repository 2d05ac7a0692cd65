import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { syntheticModel } from '../../bench/synthetic.js';
import { resolvePlainScalar } from './plain-scalar.js';
import { parseSource, parseYamlEvents, type SourceDocument } from './source.js';

describe('plain scalars (YAML 1.2 core schema)', () => {
  const cases: [string, unknown][] = [
    ['', null],
    ['~', null],
    ['null', null],
    ['NULL', null],
    ['true', true],
    ['True', true],
    ['FALSE', false],
    ['12', 12],
    ['-7', -7],
    ['+3', 3],
    ['0o17', 15],
    ['0x1F', 31],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['-2e3', -2000],
    ['.inf', Number.POSITIVE_INFINITY],
    ['-.Inf', Number.NEGATIVE_INFINITY],
    ['.NaN', Number.NaN],
    // words, including those that start like a keyword or a number
    ['f12a', 'f12a'],
    ['nullable', 'nullable'],
    ['tRUE', 'tRUE'],
    ['falsey', 'falsey'],
    ['-', '-'],
    ['1.2.3', '1.2.3'],
    ['0x', '0x'],
    ['2031-12-31', '2031-12-31'],
    ['.infinity', '.infinity'],
    ['coap', 'coap'],
  ];
  for (const [raw, value] of cases) {
    test(JSON.stringify(raw), () => assert.deepEqual(resolvePlainScalar(raw), value));
  }
});

describe('source positions', () => {
  test('keys and values of a mapping, items of a sequence', () => {
    const doc = parseSource('m.yaml', 'a: 1\nlist:\n  - x\n  - { k: v }\n');
    assert.deepEqual(doc.locate(['a']), { file: 'm.yaml', line: 1, column: 4 });
    assert.deepEqual(doc.locate(['list'], { key: true }), { file: 'm.yaml', line: 2, column: 1 });
    assert.equal(doc.locate(['list', 1, 'k']).line, 4);
    assert.equal(doc.locate(['list', 1, 'k'], { key: true }).column, 7);
    // an unknown key falls back to the deepest node known
    assert.equal(doc.locate(['list', 1, 'missing']).line, 4);
  });

  test('mappings with the same keys in the same order share their key list; others keep their own', () => {
    const doc = parseSource(
      'm.yaml',
      'list:\n  - { a: 1, b: 2 }\n  - { a: 3, b: 4 }\n  - { "a\\nb": 5 }\n  - { b: 6, a: 7 }\n',
    );
    assert.equal(doc.locate(['list', 1, 'b']).line, 3);
    assert.equal(doc.locate(['list', 1, 'b']).column, 16);
    // one key whose text is the other mappings' keys joined by a line break is not mistaken for them
    assert.equal(doc.locate(['list', 2, 'a\nb']).column, 15);
    assert.equal(doc.locate(['list', 2, 'a']).column, 5);
    assert.equal(doc.locate(['list', 3, 'a']).column, 16);
    assert.equal(doc.locate(['list', 3, 'b']).column, 10);
  });

  test('sequences, nested, anchored and aliased, keep their items, order and positions', () => {
    const doc = parseSource('m.yaml', 'a: &x [1, 2]\nb: *x\nc:\n  - [3, [4]]\n  - 5\nd: { <<: [{ k: 1 }], j: 2 }\n');
    assert.deepEqual(doc.value, { a: [1, 2], b: [1, 2], c: [[3, [4]], 5], d: { k: 1, j: 2 } });
    assert.deepEqual(Object.keys(doc.value as object), ['a', 'b', 'c', 'd']);
    assert.equal(doc.locate(['c', 0, 1, 0]).column, 10);
    assert.equal(doc.locate(['c', 1]).line, 5);
    assert.equal(doc.locate(['a', 1]).column, 11);
  });

  test('a mapping with many keys is indexed, and every key is found', () => {
    const keys = Array.from({ length: 100 }, (_, i) => `key${i}`);
    const doc = parseSource('m.yaml', keys.map((k, i) => `${k}: ${i}`).join('\n'));
    keys.forEach((k, i) => {
      assert.equal(doc.locate([k]).line, i + 1);
    });
    assert.throws(() => parseSource('m.yaml', `${keys.map((k) => `${k}: 1`).join('\n')}\nkey42: 2`), /duplicate key/);
  });

  test('a merged key is where its anchor is, until the mapping sets it itself', () => {
    const doc = parseSource('m.yaml', 'base: &b { a: 1, c: 3 }\nuse:\n  <<: *b\n  a: 2\n');
    assert.deepEqual(doc.value, { base: { a: 1, c: 3 }, use: { a: 2, c: 3 } });
    assert.equal(doc.locate(['use', 'a']).line, 4);
    assert.deepEqual(doc.locate(['use', 'c']), doc.locate(['base', 'c']));
  });
});

/**
 * Checks every key and every one-word scalar of a document (one without aliases or merge keys) against its text:
 * each is where its position says. Independent of how positions are kept.
 */
function checkPositions(doc: SourceDocument): number {
  const lines = doc.text.split('\n');
  const at = (p: { line: number; column: number }) => lines[p.line - 1]!.slice(p.column - 1);
  const written = (text: string, word: string) =>
    text.startsWith(word) || text.startsWith(JSON.stringify(word)) || text.startsWith(`'${word}'`);
  let checked = 0;
  const visit = (value: unknown, path: (string | number)[]) => {
    if (value === null || typeof value !== 'object') {
      // words and numbers: a sentence may be folded over lines
      if (/^[\w.@:/-]+$/.test(String(value))) {
        const text = at(doc.locate(path));
        assert.ok(written(text, String(value)), `${path.join('/')}: "${String(value)}" is not at "${text}"`);
        checked++;
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        visit(item, [...path, i]);
      });
    } else
      for (const [key, item] of Object.entries(value)) {
        const text = at(doc.locate([...path, key], { key: true }));
        assert.ok(written(text, key), `${path.join('/')}: key "${key}" is not at "${text}"`);
        checked++;
        visit(item, [...path, key]);
      }
  };
  visit(doc.value, []);
  return checked;
}

describe('source positions against the text', () => {
  const examples = resolve(import.meta.dirname, '../../examples');
  for (const dir of readdirSync(examples)) {
    for (const file of readdirSync(join(examples, dir)).filter((f) => /\.ya?ml$/.test(f))) {
      test(`${dir}/${file}, read by both readers`, () => {
        const text = readFileSync(join(examples, dir, file), 'utf8');
        assert.ok(checkPositions(parseSource(file, text)) > 50);
        assert.ok(checkPositions(parseYamlEvents(file, text)) > 50);
      });
    }
  }

  test('a fleet of 300 elements', () => {
    assert.ok(checkPositions(parseSource('fleet.yaml', syntheticModel(300))) > 3000);
  });

  test('a path past what the document holds stops at the deepest part it has', () => {
    const doc = parseSource('m.yaml', 'a:\n  - x\n  - { k: v }\nb: 2\n');
    assert.deepEqual(doc.locate(['a', 5]), doc.locate(['a']));
    assert.deepEqual(doc.locate(['a', -1]), doc.locate(['a']));
    assert.deepEqual(doc.locate(['a', 0.5]), doc.locate(['a']));
    assert.deepEqual(doc.locate(['a', 'k']), doc.locate(['a']));
    assert.deepEqual(doc.locate(['b', 'c', 'd']), doc.locate(['b']));
    assert.deepEqual(doc.locate(['a', 1, 0]), doc.locate(['a', 1]));
    assert.deepEqual(doc.locate([]), { file: 'm.yaml', line: 1, column: 1 });
    assert.deepEqual(parseSource('s.yaml', '\n\n  just a scalar\n').locate(['x']), {
      file: 's.yaml',
      line: 1,
      column: 1,
    });
  });
});
