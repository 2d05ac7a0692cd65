/** What every request handler may use: the store, the model worker and the job runner of this process. */
import type { ModelWorker } from './jobs/pool.js';
import type { JobRunner } from './jobs/runner.js';
import type { Store } from './storage/database.js';

export interface ServerContext {
  store: Store;
  worker: ModelWorker;
  runner: JobRunner;
  version: string;
}
