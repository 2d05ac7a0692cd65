/**
 * The streamed JSON text is exactly JSON.stringify's, at every indentation and nesting depth; SARIF and OSCAL are
 * written through it, so no report has to be one string (V8 refuses strings above about 512 MiB).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { jsonDigest, jsonText } from '../src/report/json-text.js';
import { LazyList } from '../src/report/lazy-list.js';
import { oscalRenderer } from '../src/report/oscal.js';
import { sarifRenderer } from '../src/report/sarif.js';
import { assessFile, CAMERA } from './support/reports.js';

const SAMPLES: unknown[] = [
  1,
  'a',
  null,
  [],
  {},
  [1, [2, [3, [4, [5, [6, [7, { a: [8, {}] }]]]]]]],
  { a: undefined, b: [undefined, () => 1], c: { d: { e: { f: { g: { h: { i: 'x\ny' } } } } } } },
  { k: [], l: {}, m: [{}], n: 'é"\\', o: [true, false, 1.5e300] },
  { lazy: LazyList.map([1, { b: [2, 'c'] }, undefined, []], (x) => x), none: new LazyList(0, () => 1) },
  [[[[[[LazyList.map(['deep'], (x) => ({ x }))]]]]]],
];

describe('JSON text as chunks', () => {
  it('joins to what JSON.stringify writes, compact and indented', () => {
    for (const sample of SAMPLES) {
      for (const indent of [0, 2])
        assert.equal([...jsonText(sample, indent)].join(''), JSON.stringify(sample, null, indent));
    }
  });

  it('writes each item of a list on a line of its own from a given depth, the same value', () => {
    for (const sample of SAMPLES) {
      for (const from of [1, 2, 4, 6]) {
        const text = [...jsonText(sample, 2, 0, from)].join('');
        assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(sample) ?? 'null'), `from ${from}`);
      }
    }
    const doc = {
      runs: [
        {
          results: [
            { id: 'a', where: { line: 1 } },
            { id: 'b', tags: ['x', 'y'] },
          ],
          tool: { n: 1 },
        },
      ],
    };
    assert.equal(
      [...jsonText(doc, 2, 0, 4)].join(''),
      '{\n  "runs": [\n    {\n      "results": [\n' +
        '        {"id":"a","where":{"line":1}},\n        {"id":"b","tags":["x","y"]}\n      ],\n' +
        '      "tool": {\n        "n": 1\n      }\n    }\n  ]\n}',
    );
  });

  it('is hashed without being joined: the digest of JSON.stringify', () => {
    for (const sample of SAMPLES) {
      assert.equal(jsonDigest(sample), createHash('sha256').update(JSON.stringify(sample)).digest('hex'));
    }
  });

  it('comes in pieces: a long list is not one chunk', () => {
    const chunks = [...jsonText({ items: Array.from({ length: 1000 }, (_, i) => ({ i })) }, 2)];
    assert.ok(chunks.length > 1000, `${chunks.length} chunks`);
  });

  it('makes a lazy list’s items as they are written, again at each reading', () => {
    const made: number[] = [];
    const list = new LazyList(3, (i) => {
      made.push(i);
      return { i };
    });
    const chunks = jsonText({ list }, 2);
    assert.deepEqual(made, [], 'nothing made before the text is read');
    let text = '';
    for (const chunk of chunks) {
      text += chunk;
      // an item is made only when the text reaches it
      assert.ok(made.length <= (text.match(/"i"/g) ?? []).length + 1, text);
    }
    assert.deepEqual(made, [0, 1, 2]);
    assert.equal(
      jsonDigest({ list }),
      createHash('sha256')
        .update(JSON.stringify({ list: [{ i: 0 }, { i: 1 }, { i: 2 }] }))
        .digest('hex'),
    );
    assert.deepEqual(made, [0, 1, 2, 0, 1, 2]);
  });

  it('SARIF and OSCAL files are chunks, each document built only when its file is written', async () => {
    const { assessment, catalog } = assessFile(CAMERA);
    const files = [
      ...(await sarifRenderer.render(assessment, { catalog })),
      ...(await oscalRenderer.render(assessment, { catalog })),
    ];
    assert.deepEqual(
      files.filter((f) => typeof f.content === 'string').map((f) => f.name),
      [],
    );
    for (const file of files) assert.ok([...file.content].length > 1, file.name);
  });
});
