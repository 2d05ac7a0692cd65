/**
 * Starts a worker thread on one of our modules. Built, the module is the `.js` file next to the module that starts it
 * (dist/, or the CLI bundle's folder, where scripts/bundle-cli.mjs puts each worker's entry). From the TypeScript
 * sources (tests, `tsx`), Node 20 does not pass tsx's loader on to threads, so the thread runs a small module that
 * registers it first. That thread does not inherit the process's own `--import tsx`, which Node would resolve from
 * the current folder, wherever the process has moved since it started.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startWorker(startedFrom: string, name: string, options: WorkerOptions = {}): Worker {
  if (!startedFrom.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, startedFrom), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`./${name}.ts`, startedFrom).href;
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { ...options, execArgv: [] });
}
