/**
 * What every request handler may use: the store, the model worker, the job runner of this process, and the systems
 * lists it served (checked against the database on every request).
 */
import type { ResponseCache } from './api/response-cache.js';
import type { ModelWorker } from './jobs/pool.js';
import type { JobRunner } from './jobs/runner.js';
import type { Store } from './storage/database.js';

export interface ServerContext {
  store: Store;
  worker: ModelWorker;
  runner: JobRunner;
  version: string;
  systemsList: ResponseCache;
}
