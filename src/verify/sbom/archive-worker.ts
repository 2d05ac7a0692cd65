/** Worker thread of the archive matcher: reads its share of an OSV all.zip held in shared memory. */
import { parentPort, workerData } from 'node:worker_threads';
import { type PassJob, readShare } from './archive.js';
import { osvZipEntries } from './osv.js';

const buf = Buffer.from((workerData as { buffer: SharedArrayBuffer }).buffer);
const entries = osvZipEntries(buf, 'all.zip');

parentPort!.on('message', (job: PassJob) => {
  try {
    parentPort!.postMessage({ result: readShare(buf, entries, job) });
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message });
  }
});
// Loaded (tests wait for it, so that a worker takes part in a small pass); `match` does not need to wait.
parentPort!.postMessage({ ready: true });
