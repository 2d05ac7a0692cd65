/**
 * The seeded fuzzer: `npm run fuzz` runs 20 000 inputs (made by cases.ts from the corpus, the same for a given seed)
 * through the real CLI in worker processes, and prints a summary. A failure is an exit 70, an exception out of the
 * CLI, a stack trace printed for a user mistake, or a hang: an input that has used 10 s of CPU time, or is still
 * running after 120 s (waiting on something), when its worker is killed. CPU time rather than the clock, because on a
 * shared machine (or at `nice -n 19`) an input that takes 4 s alone can take 20 s by the clock.
 *
 *   npm run fuzz                                  20 000 inputs, seed 1
 *   npm run fuzz -- --seed 7 --count 5000 --workers 2
 *   npm run fuzz -- --seed 1 --index 1234         run one input in this process and keep its folder
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { WorkerReport, WorkerRequest } from './worker.js';

export interface FuzzOptions {
  seed: number;
  count: number;
  workers: number;
  /** an input that uses more CPU time than this is a hang, and so is one running WALL_FACTOR times as long */
  timeoutMs: number;
  /** a worker is replaced after this many inputs (catalog caches grow with every own catalog) */
  inputsPerWorker: number;
  /** progress lines */
  log?: (line: string) => void;
  /** stops the run: workers are killed, their folders removed, and the summary covers what ran */
  signal?: AbortSignal;
}

export interface Failure {
  index: number;
  kind: string;
  verdict: 'crash' | 'trace' | 'hang';
  detail: string;
}

export interface FuzzSummary {
  seed: number;
  inputs: number;
  ms: number;
  /** per kind of input: how many, and how many ended with each exit code */
  kinds: Record<string, { inputs: number; exits: Record<string, number> }>;
  /** per output (`assess html`, `diff md`, …): how many commands asked for it, and how many produced it (exit 0 or 1) */
  outputs: Record<string, { runs: number; produced: number }>;
  failures: Failure[];
  slowest: { index: number; kind: string; ms: number };
}

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
/** how much longer than timeoutMs by the clock an input may run: one that waits (on a FIFO, a socket) uses no CPU */
const WALL_FACTOR = 12;
/** clock ticks per second of /proc/PID/stat: 100 on Linux (USER_HZ), whatever the kernel's own tick rate */
const TICKS = 100;

/** CPU time a process has used so far, in ms (Linux); undefined where /proc cannot tell, and the clock is used. */
export function cpuMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // after the command name in parentheses: state is field 3, utime and stime are fields 14 and 15
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return undefined;
  }
}

interface Worker {
  child: ChildProcess;
  root: string;
  done: number;
  /** the input running, when it was sent and the worker's CPU time then */
  current?: { index: number; started: number; cpu: number | undefined };
  /** stopping on purpose: its exit is not a crash */
  stopping: boolean;
}

export function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const started = performance.now();
  const summary: FuzzSummary = {
    seed: options.seed,
    inputs: 0,
    ms: 0,
    kinds: {},
    outputs: {},
    failures: [],
    slowest: { index: -1, kind: '', ms: 0 },
  };
  let next = 0;
  const workers = new Set<Worker>();

  return new Promise((resolve) => {
    const finish = () => {
      if (workers.size > 0) return;
      clearInterval(watchdog);
      summary.ms = Math.round(performance.now() - started);
      resolve(summary);
    };

    const record = (report: WorkerReport) => {
      summary.inputs++;
      summary.kinds[report.kind] ??= { inputs: 0, exits: {} };
      const kind = summary.kinds[report.kind]!;
      kind.inputs++;
      for (const code of report.codes) kind.exits[code] = (kind.exits[code] ?? 0) + 1;
      report.outputs.forEach((outputs, i) => {
        for (const output of outputs) {
          summary.outputs[output] ??= { runs: 0, produced: 0 };
          summary.outputs[output].runs++;
          if (report.codes[i] === 0 || report.codes[i] === 1) summary.outputs[output].produced++;
        }
      });
      if (report.verdict !== 'ok') {
        summary.failures.push({ ...report, verdict: report.verdict, detail: report.detail ?? '' });
        options.log?.(
          `FAIL #${report.index} (${report.kind}, ${report.verdict}): ${report.detail?.split('\n', 3).join(' | ')}`,
        );
      }
      if (report.ms > summary.slowest.ms) summary.slowest = { index: report.index, kind: report.kind, ms: report.ms };
      if (summary.inputs % 1000 === 0) {
        options.log?.(`${summary.inputs}/${options.count} inputs, ${summary.failures.length} failures`);
      }
    };

    const stop = (w: Worker, signal: NodeJS.Signals = 'SIGTERM') => {
      w.stopping = true;
      w.child.kill(signal);
    };

    const dispatch = (w: Worker) => {
      if (next >= options.count || w.done >= options.inputsPerWorker) {
        stop(w);
        if (next < options.count) start();
        return;
      }
      const request: WorkerRequest = { seed: options.seed, index: next++ };
      w.current = { index: request.index, started: performance.now(), cpu: cpuMs(w.child.pid) };
      w.child.send(request);
    };

    const start = () => {
      const root = mkdtempSync(join(tmpdir(), 'iotassure-fuzz-'));
      const child = fork(WORKER, [root], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      const w: Worker = { child, root, done: 0, stopping: false };
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-4000);
      });
      workers.add(w);
      child.on('message', (message: WorkerReport | { ready: true }) => {
        if ('ready' in message) return dispatch(w);
        if (w.current?.index !== message.index) return;
        w.current = undefined;
        w.done++;
        record(message);
        if (message.detail?.startsWith('uncaught:')) {
          // the worker is in an unknown state after an uncaught error: replace it
          stop(w, 'SIGKILL');
          if (next < options.count) start();
          return;
        }
        dispatch(w);
      });
      child.on('exit', (code, signal) => {
        workers.delete(w);
        rmSync(root, { recursive: true, force: true });
        if (!w.stopping) {
          // died by itself: the input it was running made it (or it never came up)
          const index = w.current?.index ?? -1;
          w.current = undefined;
          record({
            index,
            kind: '?',
            verdict: 'crash',
            codes: [],
            outputs: [],
            ms: 0,
            detail: `the worker exited (${signal ?? code}) ${stderr}`,
          });
          if (next < options.count || index === -1) {
            if (index === -1)
              next = options.count; // a worker that cannot start would loop: stop
            else start();
          }
        }
        finish();
      });
    };

    const watchdog = setInterval(() => {
      for (const w of workers) {
        if (!w.current) continue;
        const wall = performance.now() - w.current.started;
        const now = cpuMs(w.child.pid);
        const cpu = now === undefined || w.current.cpu === undefined ? wall : now - w.current.cpu;
        if (cpu <= options.timeoutMs && wall <= options.timeoutMs * WALL_FACTOR) continue;
        summary.inputs++;
        summary.failures.push({
          index: w.current.index,
          kind: '?',
          verdict: 'hang',
          detail: `still running after ${(cpu / 1000).toFixed(1)} s of CPU time, ${(wall / 1000).toFixed(1)} s in all; its worker was killed`,
        });
        options.log?.(`HANG #${w.current.index}`);
        w.current = undefined;
        stop(w, 'SIGKILL');
        if (next < options.count) start();
      }
    }, 250);

    options.signal?.addEventListener('abort', () => {
      next = options.count;
      for (const w of workers) stop(w, 'SIGKILL');
    });
    for (let i = 0; i < Math.max(1, Math.min(options.workers, options.count)); i++) start();
  });
}

export function formatSummary(s: FuzzSummary, options: Pick<FuzzOptions, 'workers' | 'timeoutMs'>): string {
  const codes = [...new Set(Object.values(s.kinds).flatMap((k) => Object.keys(k.exits)))].sort();
  const head = ['kind'.padEnd(18), 'inputs'.padStart(7), ...codes.map((c) => `exit ${c}`.padStart(8))].join(' ');
  const rows = Object.entries(s.kinds)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, k]) =>
      [kind.padEnd(18), String(k.inputs).padStart(7), ...codes.map((c) => String(k.exits[c] ?? 0).padStart(8))].join(
        ' ',
      ),
    );
  const outputs = Object.entries(s.outputs)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, o]) => `${name} ${o.produced}/${o.runs}`);
  const count = (v: Failure['verdict']) => s.failures.filter((f) => f.verdict === v).length;
  const lines = [
    `iotassure fuzz: seed ${s.seed}, ${s.inputs} inputs in ${(s.ms / 1000).toFixed(0)} s (${options.workers} workers)`,
    '',
    head,
    ...rows,
    '',
    `outputs produced / asked for: ${outputs.join(' · ')}`,
    '',
    `crashes (exit 70 or an exception): ${count('crash')} · stack traces for user mistakes: ${count('trace')} · ` +
      `hangs over ${options.timeoutMs / 1000} s of CPU time: ${count('hang')}`,
    `slowest input: #${s.slowest.index} (${s.slowest.kind}) ${(s.slowest.ms / 1000).toFixed(1)} s`,
  ];
  for (const f of s.failures.slice(0, 20)) {
    lines.push(
      '',
      `#${f.index} ${f.kind} ${f.verdict} — reproduce: npm run fuzz -- --seed ${s.seed} --index ${f.index}`,
    );
    lines.push(
      ...f.detail
        .split('\n')
        .slice(0, 12)
        .map((l) => `    ${l}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Runs one input in this process, keeps its folder and prints what happened. */
async function reproduce(seed: number, index: number): Promise<number> {
  const { makeCase } = await import('./cases.js');
  const { loadCorpus } = await import('./corpus.js');
  const { runCase } = await import('./run-case.js');
  const { enterSandbox } = await import('./sandbox.js');
  const root = mkdtempSync(join(tmpdir(), 'iotassure-fuzz-'));
  enterSandbox(root);
  const c = makeCase(seed, index, await loadCorpus(root));
  const outcome = await runCase(c, root, true);
  console.log(`#${index} ${c.kind} in ${outcome.dir}`);
  for (const command of c.commands) console.log(`  iotassure ${command.join(' ')}`);
  console.log(
    `exit codes ${outcome.codes.join(', ')}: ${outcome.verdict}${outcome.detail ? `\n${outcome.detail}` : ''}`,
  );
  return outcome.verdict === 'ok' ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      count: { type: 'string', default: '20000' },
      workers: { type: 'string', default: String(Math.min(2, availableParallelism())) },
      timeout: { type: 'string', default: '10' },
      index: { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  const interrupted = new AbortController();
  process.once('SIGINT', () => interrupted.abort());
  process.once('SIGTERM', () => interrupted.abort());
  if (values.index !== undefined) process.exit(await reproduce(seed, Number(values.index)));
  const options: FuzzOptions = {
    seed,
    count: Number(values.count),
    workers: Number(values.workers),
    timeoutMs: Number(values.timeout) * 1000,
    inputsPerWorker: 400,
    log: (line) => console.error(line),
    signal: interrupted.signal,
  };
  const summary = await runFuzz(options);
  process.stdout.write(formatSummary(summary, options));
  process.exit(summary.failures.length === 0 && summary.inputs === options.count ? 0 : 1);
}
