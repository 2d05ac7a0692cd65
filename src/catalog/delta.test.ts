import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { versionDelta } from './delta.js';
import { loadCatalog } from './load.js';

describe('framework version delta', () => {
  const delta = versionDelta(loadCatalog(), 'etsi-en-303-645')!;

  it('lists the EN 303 645 V3 provisions that are new, and the V2 ones that were split or renumbered', () => {
    assert.deepEqual(delta.added.map((r) => r.id).sort(), ['5.1-2A', '6-6', '6-7', '6-8']);
    const split = delta.replaced.map((g) => `${g.previous.join('+')}→${g.current.map((r) => r.id).join('+')}`).sort();
    assert.deepEqual(split, [
      '4-1→5.0-1',
      '5.13-1→5.13-1A+5.13-1B',
      '5.3-15→5.3-15A+5.3-15B',
      '5.3-4→5.3-4A+5.3-4B',
      '5.3-6→5.3-6A+5.3-6B',
      '5.6-4→5.6-4A+5.6-4B',
      '6-3→6-3A+6-3B',
    ]);
  });

  it('accounts for every provision of both versions', () => {
    const v3 =
      delta.added.length +
      delta.replaced.reduce((n, g) => n + g.current.length, 0) +
      delta.statusChanged.length +
      delta.unchanged;
    assert.equal(v3, 78);
    const v2 =
      delta.removed.length +
      delta.replaced.reduce((n, g) => n + g.previous.length, 0) +
      delta.statusChanged.length +
      delta.unchanged;
    assert.equal(v2, 68);
  });

  it('has no delta for a framework without a previous version', () => {
    assert.equal(versionDelta(loadCatalog(), 'uk-psti'), undefined);
  });
});
