/**
 * A fast slice of the fuzzer (`npm run fuzz` runs 20 000 inputs): a few hundred seeded inputs of every kind through
 * the CLI, with no crash, no stack trace for a user mistake and no input running over 10 s, and every report format
 * (XLSX and PDF included) produced from hostile input at least once.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { FORMATS } from '../../src/report/index.js';
import { outputsOf } from './cases.js';
import { cpuMs, formatSummary, runFuzz } from './fuzz.js';

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
    for (const format of FORMATS) {
      const output = summary.outputs[`assess ${format}`];
      assert.ok(output?.produced, `assess ${format} was never produced in the slice:\n${report}`);
      assert.match(report, new RegExp(`assess ${format} ${output.produced}/${output.runs}`), 'in the printed tally');
    }
  });
});

describe('fuzz: the outputs a command asks for', () => {
  it('counts every report format of the registry, XLSX and PDF included, alone, listed and in all', () => {
    const assess = (format: string) => outputsOf(['assess', '@m.yaml', '--format', format, '--out', '@out']);
    assert.deepEqual(
      assess('all'),
      FORMATS.map((f) => `assess ${f}`),
    );
    assert.ok(FORMATS.includes('pdf') && FORMATS.includes('xlsx'), 'the registry has both');
    assert.deepEqual(assess('xlsx,pdf'), ['assess xlsx', 'assess pdf']);
    assert.deepEqual(assess('pdf,nope'), ['assess pdf', 'assess (bad --format)']);
    assert.deepEqual(outputsOf(['assess', '@m.yaml']), ['assess summary']);
  });
});

describe('fuzz: hangs are judged by CPU time', () => {
  it('counts what a process computes, and not the time it waits', async () => {
    const before = cpuMs(process.pid);
    assert.ok(before !== undefined && before > 0, 'read from /proc');
    const started = performance.now();
    while (cpuMs(process.pid)! - before < 300) {
      assert.ok(performance.now() - started < 30_000, 'the CPU time of a busy loop grows');
    }
    const waiting = spawn('sleep', ['2']);
    await sleep(1000);
    assert.ok(cpuMs(waiting.pid)! < 300, `a sleeping process used ${cpuMs(waiting.pid)} ms`);
    await once(waiting, 'exit');
    assert.equal(cpuMs(waiting.pid), undefined, 'none for a process that is gone');
  });
});
