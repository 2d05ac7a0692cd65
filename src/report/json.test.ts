import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJson, jsonChunks } from './json.js';
import { LazyList } from './lazy-list.js';

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

  it('writes a lazy list as the array it stands for, making each item only as it is written', () => {
    const made: string[] = [];
    const mapped = (items: { id: string }[]) =>
      LazyList.map(items, (r) => {
        made.push(r.id);
        return { id: r.id.toUpperCase(), deep: [{ x: r.id }] };
      });
    const source = [{ id: 'r1' }, { id: 'r2' }];
    const asArrays = { risks: source.map((r) => ({ id: r.id.toUpperCase(), deep: [{ x: r.id }] })), none: [] };
    for (const chunk of jsonChunks({ risks: mapped(source), none: mapped([]) })) if (chunk.includes('R1')) break;
    assert.deepEqual(made, ['r1'], 'the second item is not made before the first is written');
    assert.equal(formatJson({ risks: mapped(source), none: mapped([]) }), formatJson(asArrays));
    // deeper than the layout goes, JSON.stringify writes it through toJSON
    const deep = (risks: unknown) => JSON.stringify({ nested: { deeper: { risks } } });
    assert.equal(deep(mapped(source)), deep(asArrays.risks));
  });
});
