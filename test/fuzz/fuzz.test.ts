/**
 * A fast slice of the fuzzer (`npm run fuzz` runs 20 000 inputs): a few hundred seeded inputs of every kind through
 * the CLI, with no crash, no stack trace for a user mistake and no input running over 10 s.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSummary, runFuzz } from './fuzz.js';

describe('fuzz: a seeded slice', () => {
  it('300 inputs of every kind: no crash, no stack trace, no hang', { timeout: 300_000 }, async () => {
    const options = { seed: 1, count: 300, workers: 2, timeoutMs: 10_000, inputsPerWorker: 400 };
    const summary = await runFuzz(options);
    const report = formatSummary(summary, options);
    assert.equal(summary.inputs, 300, report);
    assert.deepEqual(summary.failures, [], report);
    for (const kind of ['model', 'catalog', 'targets', 'evidence', 'saved-assessment', 'sbom-osv', 'hostile-path']) {
      assert.ok(summary.kinds[kind]?.inputs, `no ${kind} input in the slice:\n${report}`);
      assert.ok(
        summary.kinds[kind]?.exits['0'],
        `no ${kind} input was accepted, so none reached the outputs:\n${report}`,
      );
    }
  });
});
