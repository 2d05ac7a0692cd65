/** The PDF's worker thread (./pdf-thread.ts): renders one assessment it is sent and sends the document back. */
import { parentPort } from 'node:worker_threads';
import type { Assessment } from '../assess/assessment.js';
import { Catalog } from '../catalog/catalog.js';
import { renderPdf } from './pdf.js';
import type { PdfTask, PdfTaskResult } from './pdf-thread.js';

parentPort!.once('message', async (task: PdfTask) => {
  let result: PdfTaskResult;
  try {
    // the catalog arrives as its parts (a class does not cross threads); rebuilt, it answers as the original does
    const catalog = task.catalog && new Catalog(task.catalog);
    result = { pdf: await renderPdf(task.assessment as Assessment, { catalog }) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    result = { error: { message: e.message, stack: e.stack } };
  }
  parentPort!.postMessage(result);
});
