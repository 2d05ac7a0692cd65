import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getOrCreate, sharedList } from './maps.js';

test('sharedList gives one array for lists with the same items, and keeps a list that only joins the same', () => {
  const pool = new Map<string, string[]>();
  const first = ['id', 'from', 'to'];
  assert.equal(sharedList(pool, first), first);
  assert.equal(sharedList(pool, ['id', 'from', 'to']), first);
  const other = ['id', 'from'];
  assert.equal(sharedList(pool, other), other);
  // joined with a line break, ['a\nb'] and ['a', 'b'] read the same: the items tell them apart
  const joined = ['a', 'b'];
  assert.equal(sharedList(pool, joined), joined);
  const single = ['a\nb'];
  assert.equal(sharedList(pool, single), single);
  assert.deepEqual(first, ['id', 'from', 'to']);
});

test('getOrCreate makes a value once, in a Map or a WeakMap', () => {
  let made = 0;
  const make = () => ++made;
  const map = new Map<string, number>();
  assert.equal(getOrCreate(map, 'k', make), 1);
  assert.equal(getOrCreate(map, 'k', make), 1);
  const weak = new WeakMap<object, number>();
  const key = {};
  assert.equal(getOrCreate(weak, key, make), 2);
  assert.equal(getOrCreate(weak, key, make), 2);
});
