/**
 * The escaping functions the writers call for every cell skip text that needs no change. Each is checked against the
 * full rule it shortcuts, on random text drawn from the characters each rule treats specially and plain ones.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvField } from '../src/report/csv.js';
import { md } from '../src/report/markdown/common.js';
import { line } from '../src/report/oscal/common.js';

/** A small seeded generator (mulberry32), so a failure can be run again. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = [...'ab1-_ =+@;,"\'|*`[]#<>\\\t\r\n\u00a0\ufeff\u0000é'];

function* texts(count: number, seed = 27400): Generator<string> {
  const next = random(seed);
  for (let i = 0; i < count; i++) {
    const length = Math.floor(next() * 12);
    yield Array.from({ length }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
  }
}

describe('escaping: the shortcut for text that needs no change', () => {
  it('md is the full Markdown escape', () => {
    const full = (text: string) =>
      text
        .replace(/\\/g, '\\\\')
        .replace(/[|*_`[\]#]/g, (c) => `\\${c}`)
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\r\n?|\n/g, ' ');
    let changed = 0;
    for (const text of texts(20_000)) {
      assert.equal(md(text), full(text), JSON.stringify(text));
      if (full(text) !== text) changed++;
    }
    assert.ok(changed > 1000 && changed < 19_000, `${changed} changed`);
  });

  it('line is whitespace runs made one space, trimmed, and "-" for nothing', () => {
    const full = (text: string) => text.replace(/\s+/g, ' ').trim() || '-';
    for (const text of texts(20_000)) assert.equal(line(text), full(text), JSON.stringify(text));
    assert.equal(line('a b'), 'a b');
    assert.equal(line(''), '-');
  });

  it('csvField puts a quote before every formula trigger where a cell may start, as the full pattern does', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the triggers
    const trigger = /(^|[;,\t\r\n])([ "]*)(?=[=+\-@\t\r\u0000])/g;
    const full = (text: string) => {
      const neutral = text.replace(trigger, "$1$2'");
      return /[",\r\n]/.test(neutral) ? `"${neutral.replace(/"/g, '""')}"` : neutral;
    };
    for (const text of texts(20_000)) assert.equal(csvField(text), full(text), JSON.stringify(text));
  });
});
