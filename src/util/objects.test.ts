import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extend, extendShaped } from './objects.js';

test('extend gives what a spread gives: the same keys in the same order, later values winning', () => {
  const base = { id: 'f1', from: 'a', source: { line: 1 }, to: 'b' };
  const extra = { source: { line: 2 }, data: ['readings'] };
  const extended = extend(base, extra);
  assert.deepEqual(extended, { ...base, ...extra });
  assert.deepEqual(Object.keys(extended), Object.keys({ ...base, ...extra }));
  assert.deepEqual(Object.keys(extended), ['id', 'from', 'source', 'to', 'data']);
});

test('extend leaves both inputs as they were', () => {
  const base = { id: 'e1', kind: 'camera' };
  const extra = { kind: 'sensor' };
  const extended = extend(base, extra);
  assert.equal(extended.kind, 'sensor');
  assert.deepEqual(base, { id: 'e1', kind: 'camera' });
  assert.notEqual(extended, base);
});

test("extendShaped has every key of the shape in its order, with the inputs' values and undefined elsewhere", () => {
  const shape = { id: undefined, kind: undefined, zone: undefined, source: undefined };
  const made = extendShaped(shape, { kind: 'camera', id: 'cam-1' }, { source: { line: 3 } });
  assert.deepEqual(Object.keys(made), ['id', 'kind', 'zone', 'source']);
  assert.deepEqual({ ...made }, { id: 'cam-1', kind: 'camera', zone: undefined, source: { line: 3 } });
  assert.deepEqual(shape, { id: undefined, kind: undefined, zone: undefined, source: undefined });
});
