import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MATRIX, rate, rescale, residualLikelihood } from './matrix.js';

describe('risk matrix', () => {
  it('rates on the default 5 × 5 matrix', () => {
    assert.equal(rate(DEFAULT_MATRIX, 5, 5).level, 'critical');
    assert.equal(rate(DEFAULT_MATRIX, 3, 4).level, 'high');
    assert.equal(rate(DEFAULT_MATRIX, 1, 1).level, 'low');
  });

  it('maps 5-point ratings linearly onto smaller and larger scales', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((r) => rescale(r, 5)),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((r) => rescale(r, 4)),
      [1, 2, 3, 3, 4],
    );
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((r) => rescale(r, 3)),
      [1, 2, 2, 3, 3],
    );
    assert.deepEqual(
      [1, 3, 5].map((r) => rescale(r, 10)),
      [1, 6, 10],
    );
  });

  it('lowers residual likelihood by an equal share for each effective control', () => {
    assert.equal(residualLikelihood(5, 0, 2), 5);
    assert.equal(residualLikelihood(5, 1, 2), 3);
    assert.equal(residualLikelihood(5, 2, 2), 1);
    assert.equal(residualLikelihood(4, 0, 0), 4, 'no mitigations: nothing changes');
  });
});
