/** Worker thread of the archive matcher: processes one share of an OSV all.zip held in shared memory. */
import { parentPort, workerData } from 'node:worker_threads';
import { type ChunkJob, processArchiveChunk } from './archive.js';
import { osvZipEntries } from './osv.js';

const buf = Buffer.from((workerData as { buffer: SharedArrayBuffer }).buffer);
const entries = osvZipEntries(buf, 'all.zip');

parentPort!.on('message', (job: ChunkJob) => {
  try {
    parentPort!.postMessage({ result: processArchiveChunk(buf, entries, job) });
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message });
  }
});
