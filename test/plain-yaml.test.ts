/**
 * The plain reader (src/input/plain-yaml.ts) against the full one (js-yaml's events): on any text it either leaves the
 * document to the full reader, or reads exactly what the full reader reads — the same values, the same position for
 * every key, value and item — and never reads a document the full reader refuses.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { syntheticModel } from '../bench/synthetic.js';
import { hasConstructsLeft, readPlainYaml } from '../src/input/plain-yaml.js';
import { parseSource, parseYamlEvents, SOURCE_LIMITS, type SourceDocument } from '../src/input/source.js';
import { mutateText, oddValue } from './fuzz/mutate.js';
import { Random } from './fuzz/random.js';

const ROOT = resolve(import.meta.dirname, '..');

/** Every position a document gives: of each node, and of each mapping key, by path. */
function positions(doc: SourceDocument): string[] {
  const out: string[] = [];
  const visit = (value: unknown, path: (string | number)[]) => {
    const at = doc.locate(path);
    out.push(`${path.join('/')} ${at.line}:${at.column}`);
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        visit(item, [...path, i]);
      });
    } else
      for (const [key, item] of Object.entries(value)) {
        const keyAt = doc.locate([...path, key], { key: true });
        out.push(`${path.join('/')}#${key} ${keyAt.line}:${keyAt.column}`);
        visit(item, [...path, key]);
      }
  };
  visit(doc.value, []);
  return out;
}

/** The plain reader's document, after checking it against the full reader's; undefined when it left the text. */
function readBoth(text: string, name = 'doc.yaml'): SourceDocument | undefined {
  const plain = readPlainYaml(name, text, SOURCE_LIMITS.maxDepth);
  let full: SourceDocument | undefined;
  let refused: unknown;
  try {
    full = parseYamlEvents(name, text);
  } catch (error) {
    refused = error;
  }
  if (plain === undefined) return undefined;
  assert.equal(refused, undefined, `the plain reader read a document the full reader refuses:\n${text}`);
  assert.deepEqual(plain.value, full!.value, `values differ:\n${text}`);
  assert.deepEqual(positions(plain), positions(full!), `positions differ:\n${text}`);
  return plain;
}

describe('the plain YAML reader', () => {
  test('reads what fleet models are written in, as the full reader does', () => {
    const read: [string, unknown][] = [
      ['a: 1\nb: two\n', { a: 1, b: 'two' }],
      ['a:\n  b: [1, 2]\n  c: { d: e }\n', { a: { b: [1, 2], c: { d: 'e' } } }],
      ['list:\n- x\n- y\nnext: 1\n', { list: ['x', 'y'], next: 1 }],
      ['list:\n  - id: a\n    kind: b\n  - id: c\n', { list: [{ id: 'a', kind: 'b' }, { id: 'c' }] }],
      ['- a\n- - b\n', undefined],
      ['"quoted key": \'it\'\'s\'\nplain: "double"\n', { 'quoted key': "it's", plain: 'double' }],
      ['# comment\na: 1 # trailing\n\n  # indented comment\nb: [x, y] # after a flow\n', { a: 1, b: ['x', 'y'] }],
      [
        'url: http://example.com/a#b\nhash: a#b\ncolon: a:b\n',
        { url: 'http://example.com/a#b', hash: 'a#b', colon: 'a:b' },
      ],
      ['n: [-5, .5, 0x1F, 1e3, true, ~, null, "true"]\n', { n: [-5, 0.5, 31, 1000, true, null, null, 'true'] }],
      ['1: one\ntrue: yes\nnull: nothing\n', { '1': 'one', true: 'yes', null: 'nothing' }],
      ['e: {}\nf: []\ng: { h: { i: [[], {}] } }\n', { e: {}, f: [], g: { h: { i: [[], {}] } } }],
      ['name: ünïcödé 日本\n', { name: 'ünïcödé 日本' }],
      ['a:   spaced   \nb: x  # c\n', { a: 'spaced', b: 'x' }],
      ['- {a: 1, "b":2}\n- [a b, c]\n', [{ a: 1, b: 2 }, ['a b', 'c']]],
      ['a  : 1\n"b" : 2\n- c\n', undefined],
      ['a  : 1\n"b" : 2\n\'c\' : { d : 3 }\n', { a: 1, b: 2, c: { d: 3 } }],
      ['- id: a\n  k: 1\n- "id": b\n  k: 2\n- id : c\n', [{ id: 'a', k: 1 }, { id: 'b', k: 2 }, { id: 'c' }]],
    ];
    for (const [text, value] of read) {
      const doc = readBoth(text);
      if (value === undefined) assert.equal(doc, undefined, text);
      else assert.deepEqual(doc?.value, value, text);
    }
  });

  test('reads JSON, laid out over lines or not, as the full reader does', () => {
    const read: [string, unknown][] = [
      ['{"a": 1, "b": [true, null, -2.5e3]}', { a: 1, b: [true, null, -2500] }],
      ['{\n  "a": {\n    "b": [\n      1,\n      "x"\n    ]\n  },\n  "c": {}\n}\n', { a: { b: [1, 'x'] }, c: {} }],
      ['[\n  {"id": "d1"},\n  {"id": "d2"}\n]\n', [{ id: 'd1' }, { id: 'd2' }]],
      ['{"s": "tab\\t quote\\" slash\\/ back\\\\ \\u00e9"}', { s: 'tab\t quote" slash/ back\\ é' }],
      ['{"a":1,"b":2}', { a: 1, b: 2 }],
    ];
    for (const [text, value] of read) assert.deepEqual(readBoth(text)?.value, value, text);
    const left = [
      '{"a": 1,}',
      '{"a"\n: 1}',
      '{"a": "\\ud83d\\ude00"}',
      '{"a": "\\x41"}',
      '{"a": "\\u0007"}',
      '{"a": 1} x',
      '{"a": 1}#x',
      '[1, # comment\n 2]',
      '{"a": 1, "a": 2}',
    ];
    for (const text of left) assert.equal(readBoth(text), undefined, JSON.stringify(text));
  });

  test('on generated JSON, reads only what the full reader reads, and the same', () => {
    const rng = new Random(8259);
    let read = 0;
    for (let i = 0; i < 2000; i++) {
      const value = { id: `m${i}`, items: Array.from({ length: rng.int(4) }, () => oddValue(rng)), x: oddValue(rng) };
      if (readBoth(JSON.stringify(value, null, rng.pick([0, 1, 2, 4])))) read++;
    }
    assert.ok(read > 500, `the plain reader read ${read} of 2000`);
  });

  test('leaves everything else to the full reader', () => {
    const left = [
      '',
      '# only a comment\n',
      '  a: 1\n',
      '---\na: 1\n',
      'a: 1\n---\nb: 2\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |\n  text\n',
      'a: >-\n  text\n',
      'a: one\n  two\n',
      'a: "one\n  two"\n',
      'a: [1,\n  2]\n',
      'a:\nb: 1\n',
      'a: { b: }\n',
      'a: [1, 2,]\n',
      'a: 1\na: 2\n',
      '__proto__: 1\n',
      'base: { x: 1 }\nc:\n  <<: { y: 2 }\n',
      'a: "\\x41"\n',
      'a:\tb\n',
      'a: 1\r\nb: 2\r\n',
      'a: \u0085\n',
      'a: \ud83d\ude00\n',
      '? a\n: b\n',
      '[a, b]: c\n',
      'a: b: c\n',
      'a: 1\n - b\n',
      'a:\n    b: 1\n  c: 2\n',
      'just a scalar\n',
      `a: ${'['.repeat(70)}${']'.repeat(70)}\n`,
    ];
    for (const text of left) assert.equal(readBoth(text), undefined, JSON.stringify(text));
  });

  test('finds before reading the constructs it would leave late, so that a fleet model is not read twice', () => {
    const fleet = syntheticModel(50);
    for (const tail of [
      'notes: |\n  a block\n',
      'notes: >- # folded\n  a block\n',
      'x: &a 1\n',
      'y: *a\n',
      'z: !!str 1\n',
      '---\nw: 1\n',
      '...\n',
      '%TAG ! tag:x\n',
      'v: [&a 1]\n',
    ]) {
      assert.equal(hasConstructsLeft(`${fleet}${tail}`), true, tail);
    }
    // plain words with those characters inside, and JSON, are read
    for (const text of [
      fleet,
      'a: b&c\nd: 5 * 3\ne: x>y\nf: "<b>!"\n',
      JSON.stringify({ a: ['x & y', '|', '> '] }, null, 2),
    ]) {
      assert.equal(hasConstructsLeft(text), false, text.slice(0, 80));
      assert.ok(readBoth(text), text.slice(0, 80));
    }
  });

  test('reads a fleet model whole, and parseSource uses it', () => {
    const text = syntheticModel(300);
    const doc = readBoth(text, 'fleet.yaml');
    assert.ok(doc, 'the synthetic fleet model is plain YAML');
    assert.deepEqual(parseSource('fleet.yaml', text).value, doc.value);
  });

  test('agrees with the full reader on every YAML file in the repository', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.name === 'node_modules' || e.name.startsWith('.')
          ? []
          : e.isDirectory()
            ? files(join(dir, e.name))
            : /\.ya?ml$/.test(e.name)
              ? [join(dir, e.name)]
              : [],
      );
    const all = ['examples', 'catalog', 'test', 'docs'].flatMap((dir) => files(join(ROOT, dir)));
    assert.ok(all.length > 30, `found ${all.length} files`);
    let read = 0;
    for (const file of all) if (readBoth(readFileSync(file, 'utf8').replace(/^\ufeff/, ''), file)) read++;
    assert.ok(read > 0, 'the plain reader read none of them');
  });

  test('on mutated models, reads only what the full reader reads, and the same', () => {
    // the camera example without its folded descriptions (which the plain reader leaves), and a small fleet
    const camera = readFileSync(join(ROOT, 'examples/monitoring-camera/system.yaml'), 'utf8');
    const bases = [camera.replace(/: >-?\n( +.*\n)+/g, ': folded\n'), syntheticModel(20)];
    assert.ok(readBoth(bases[0]!), 'the camera example without block scalars is plain YAML');
    const rng = new Random(400);
    let read = 0;
    for (let i = 0; i < 2000; i++) if (readBoth(mutateText(rng, rng.pick(bases), 1 + rng.int(2)))) read++;
    assert.ok(read > 500, `the plain reader read ${read} of 2000`);
  });

  test('on generated and mutated documents, reads only what the full reader reads, and the same', () => {
    const rng = new Random(27400);
    let read = 0;
    let total = 0;
    for (let i = 0; i < 3000; i++) {
      const text = plainDocument(rng);
      for (const variant of [text, mutateText(rng, text, 1 + rng.int(3))]) {
        total++;
        if (readBoth(variant)) read++;
      }
    }
    // the generator writes plain YAML: most of it is read here, not left to the full reader
    assert.ok(read > total / 3, `the plain reader read ${read} of ${total}`);
  });
});

// ------------------------------------------------------------------------------------------------ a document generator

const WORDS = [
  'a',
  'id',
  'kind',
  'zone-1',
  'x_y',
  'http://h/p?q#f',
  'a:b',
  'a#b',
  'a b',
  '-5',
  '+3',
  '.5',
  '0x1F',
  '0o7',
  '1e3',
  '12',
  'true',
  'False',
  'null',
  '~',
  'NaN',
  '.inf',
  '-x',
  '?y',
  'é',
  '日本',
  'a,b',
  'a]b',
  'it',
  '1.2.3',
  'on',
  'yes',
];

function scalar(rng: Random, inFlow: boolean): string {
  const word = rng.pick(WORDS);
  switch (rng.int(6)) {
    case 0:
      return `"${word}"`;
    case 1:
      return `'${word.replace(/'/g, "''")}'`;
    case 2:
      return `'it''s ${word}'`;
    default:
      // in a flow, words holding an indicator would end early: quote them there
      return inFlow && /[,[\]{}]/.test(word) ? `"${word}"` : word;
  }
}

const pad = (rng: Random) => ' '.repeat(rng.int(3));

function flowNode(rng: Random, depth: number): string {
  const kind = depth > 2 ? 0 : rng.int(4);
  if (kind === 1) {
    const items = Array.from({ length: rng.int(4) }, () => flowNode(rng, depth + 1));
    return `[${pad(rng)}${items.join(`${pad(rng)},${' '.repeat(1 + rng.int(2))}`)}${pad(rng)}]`;
  }
  if (kind === 2) {
    const keys = [...new Set(Array.from({ length: rng.int(4) }, () => rng.pick(['a', 'b', 'id', 'k', '"q"'])))];
    const pairs = keys.map((k) => `${k}:${' '.repeat(1 + rng.int(2))}${flowNode(rng, depth + 1)}`);
    return `{${pad(rng)}${pairs.join(`${pad(rng)}, `)}${pad(rng)}}`;
  }
  return scalar(rng, true);
}

const comment = (rng: Random) => (rng.chance(0.2) ? ` # ${rng.pick(WORDS)}` : '');

function blockMapping(rng: Random, indent: number, depth: number, lines: string[], first = ''): void {
  // now and then more keys than a mapping is searched through without an index
  const keys = rng.chance(0.05)
    ? Array.from({ length: 17 + rng.int(8) }, (_, i) => `k${i}`)
    : [
        ...new Set(
          Array.from({ length: 1 + rng.int(4) }, () => rng.pick(['id', 'kind', 'name', 'a', '1', '"k"', 'x y'])),
        ),
      ];
  keys.forEach((written, i) => {
    const key = rng.chance(0.1) ? `${written} ` : written; // a space before the colon
    const prefix = i === 0 && first ? first : ' '.repeat(indent);
    if (rng.chance(0.1)) lines.push(rng.chance(0.5) ? '' : `${' '.repeat(rng.int(indent + 2))}# note`);
    const choice = depth > 3 ? 0 : rng.int(5);
    if (choice === 1) {
      lines.push(`${prefix}${key}:${comment(rng)}`);
      blockMapping(rng, indent + 1 + rng.int(3), depth + 1, lines);
    } else if (choice === 2) {
      lines.push(`${prefix}${key}:${comment(rng)}`);
      blockSequence(rng, rng.chance(0.3) ? indent : indent + 1 + rng.int(3), depth + 1, lines);
    } else lines.push(`${prefix}${key}:${' '.repeat(1 + rng.int(2))}${flowNode(rng, depth)}${comment(rng)}${pad(rng)}`);
  });
}

function blockSequence(rng: Random, indent: number, depth: number, lines: string[]): void {
  for (let i = 0, n = 1 + rng.int(4); i < n; i++) {
    const dash = `${' '.repeat(indent)}-${' '.repeat(1 + rng.int(2))}`;
    const choice = depth > 3 ? 0 : rng.int(4);
    if (choice === 1) blockMapping(rng, dash.length, depth + 1, lines, dash);
    else if (choice === 2) {
      lines.push(`${' '.repeat(indent)}-${comment(rng)}`);
      blockMapping(rng, indent + 1 + rng.int(3), depth + 1, lines);
    } else lines.push(`${dash}${flowNode(rng, depth)}${comment(rng)}`);
  }
}

/** A random document in the plain subset, with the odd corners of it (comments, spacing, quoting, keys that read). */
function plainDocument(rng: Random): string {
  const lines: string[] = [];
  if (rng.chance(0.2)) lines.push('# a model');
  if (rng.chance(0.85)) blockMapping(rng, 0, 0, lines);
  else blockSequence(rng, 0, 0, lines);
  return lines.join('\n') + (rng.chance(0.8) ? '\n' : '');
}
