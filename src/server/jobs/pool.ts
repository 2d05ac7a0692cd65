/**
 * One worker thread per server process, fed one task at a time. Loading and assessing a 10 000-element model takes
 * about a second of CPU; on the thread, API reads go on meanwhile.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../util/start-worker.js';
import type { AssessResult, CheckResult } from './assess-task.js';
import type { TaskMessage } from './assess-worker.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class ModelWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private start(): Worker {
    const worker = startWorker(import.meta.url, 'assess-worker');
    worker.on('message', (m: { id: number; result?: unknown; crash?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.crash !== undefined) p?.reject(new Error(m.crash));
      else p?.resolve(m.result);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      this.worker = undefined;
      this.failAll(new Error('the model worker stopped'));
    });
    return worker;
  }

  private failAll(error: Error) {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private run<T>(task: TaskMessage['task'], file: string, text: string): Promise<T> {
    this.worker ??= this.start();
    const id = this.nextId++;
    const message: TaskMessage = { id, task, file, text };
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker!.postMessage(message);
    });
  }

  check(file: string, text: string): Promise<CheckResult> {
    return this.run('check', file, text);
  }

  assess(file: string, text: string): Promise<AssessResult> {
    return this.run('assess', file, text);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
