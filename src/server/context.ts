/**
 * What every request handler may use: the store, the model worker, the job runner of this process, and what it
 * keeps of what it served: systems lists (checked against a change counter on every request) and model texts (by
 * their SHA-256, which the revision's row gives on every request).
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
  models: ResponseCache;
}
