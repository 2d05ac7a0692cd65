import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getHeapStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { COLLECT_ABOVE, collectBetweenPhases } from './heap.js';

const used = () => getHeapStatistics().used_heap_size;

describe('collectBetweenPhases', () => {
  it('does nothing while the heap in use is below the threshold', () => {
    assert.ok(used() < COLLECT_ABOVE, 'a test process starts far below it');
    assert.equal(collectBetweenPhases(), false);
  });

  it('collects what a phase left once the heap in use is above the threshold', () => {
    // what a phase makes and drops
    Array.from({ length: 400_000 }, (_, n) => ({ n, text: `item ${n}` }));
    const withGarbage = used();
    assert.equal(collectBetweenPhases(withGarbage - 1), true);
    assert.ok(used() < withGarbage - 10 * 1024 * 1024, `${used()} bytes in use after, ${withGarbage} before`);
  });

  it('exposes no collector to code: contexts made afterwards have no gc', () => {
    collectBetweenPhases(0);
    assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
    assert.equal(runInNewContext('typeof gc'), 'undefined');
  });
});
