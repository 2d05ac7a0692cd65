/**
 * Runs queued assessment jobs from the database. Every server process runs one; they share the queue, so a job
 * queued by one process may be run by another, and a job whose process died is taken over when its lease ends.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../storage/database.js';
import { claimJob, finishJob, getModel, saveAssessment } from '../storage/systems.js';
import type { ModelWorker } from './pool.js';

export class JobRunner {
  readonly id = `worker-${randomUUID()}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** resolves callers of `whenIdle` (tests, `push` waiting for a result in-process) */
  private wake = false;

  constructor(
    private readonly store: Store,
    private readonly worker: ModelWorker,
    private readonly pollMs = 500,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Look for work now (after this process queued some) instead of at the next poll. */
  poke(): void {
    if (this.running) this.wake = true;
    else this.schedule(0);
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drain().finally(() => {
        this.running = undefined;
        const again = this.wake;
        this.wake = false;
        this.schedule(again ? 0 : this.pollMs);
      });
    }, ms);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      let job: Awaited<ReturnType<typeof claimJob>>;
      try {
        job = await claimJob(this.store, this.id);
      } catch {
        return; // the database is busy or gone; the next poll tries again
      }
      if (!job) return;
      try {
        const yaml = await getModel(this.store.db, job.system_id, job.revision);
        if (yaml === undefined) {
          await finishJob(this.store.db, job.id, 'revision not found');
          continue;
        }
        const result = await this.worker.assess(`${job.system_id}.yaml`, yaml);
        await saveAssessment(
          this.store.db,
          job.system_id,
          job.revision,
          result.ok ? { json: result.json, digest: result.digest } : { error: result.error },
        );
        await finishJob(this.store.db, job.id, result.ok ? undefined : result.error);
      } catch (error) {
        if (this.stopped) return;
        const message = (error as Error).message;
        await saveAssessment(this.store.db, job.system_id, job.revision, { error: `internal error: ${message}` });
        await finishJob(this.store.db, job.id, message);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
