import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJson } from './json.js';

describe('json layout', () => {
  const value = {
    format: 'x',
    empty: [],
    nothing: undefined,
    model: { name: 'm', stages: ['a', 'b'], nested: { deep: [{ x: 1 }] } },
    risks: [
      { id: 'r1', tags: ['a'] },
      { id: 'r2', text: 'line\nbreak "quoted"' },
    ],
  };

  it('is valid JSON for the same data', () => {
    assert.deepEqual(JSON.parse(formatJson(value)), JSON.parse(JSON.stringify(value)));
  });

  it('puts every item of a list of objects on its own line', () => {
    const lines = formatJson(value).split('\n');
    assert.ok(lines.includes('    {"id":"r1","tags":["a"]},'));
    assert.ok(lines.some((l) => l.startsWith('    {"id":"r2"')));
    assert.ok(lines.includes('    "stages": ["a","b"],'));
  });
});
