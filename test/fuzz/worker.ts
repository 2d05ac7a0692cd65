/**
 * A fuzz worker: a child process that runs the inputs the driver sends it, one at a time, in the sandbox of the
 * folder the driver gives it (argv[2]), and reports each outcome. The driver imports only its types.
 */
import { makeCase, outputsOf } from './cases.js';
import { loadCorpus } from './corpus.js';
import { runCase, type Verdict } from './run-case.js';
import { enterSandbox } from './sandbox.js';

export interface WorkerRequest {
  seed: number;
  index: number;
}

export interface WorkerReport {
  index: number;
  kind: string;
  verdict: Verdict;
  codes: number[];
  /** per command, the outputs it asked for (see outputsOf) */
  outputs: string[][];
  ms: number;
  detail?: string;
}

const root = process.argv[2]!;
enterSandbox(root);
const corpus = await loadCorpus(root);

let current: WorkerReport | undefined;
// an error after a command returned (a stray timer, a rejected promise) is a crash of the input that caused it
const stray = (error: unknown) => {
  const report: WorkerReport = {
    ...(current ?? { index: -1, kind: '?', codes: [], outputs: [], ms: 0 }),
    verdict: 'crash',
    detail: `uncaught: ${(error as Error)?.stack ?? String(error)}`,
  };
  process.send?.(report, () => process.exit(1));
};
process.on('uncaughtException', stray);
process.on('unhandledRejection', stray);

process.on('message', async ({ seed, index }: WorkerRequest) => {
  const c = makeCase(seed, index, corpus);
  const outputs = c.commands.map(outputsOf);
  current = { index, kind: c.kind, verdict: 'ok', codes: [], outputs, ms: 0 };
  const started = performance.now();
  const outcome = await runCase(c, root);
  const report: WorkerReport = {
    index,
    kind: c.kind,
    verdict: outcome.verdict,
    codes: outcome.codes,
    outputs,
    ms: Math.round(performance.now() - started),
    ...(outcome.detail && { detail: outcome.detail }),
  };
  current = undefined;
  process.send?.(report);
});
// the driver is gone: nothing more will come
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
