/**
 * The PDF's worker thread (./pdf-thread.ts): lays out the diagram it may be sent first, and sends the layout back;
 * then typesets the content it is sent, with that layout, and sends the document back.
 */
import { parentPort } from 'node:worker_threads';
import { bundledElk } from './diagram/elk.js';
import { type Layout, layoutDiagram } from './diagram/layout.js';
import type { DiagramSpec } from './diagram/model.js';
import { typesetPdf } from './pdf.js';
import type { DiagramTask, DiagramTaskResult, PdfTask, PdfTaskResult } from './pdf-thread.js';

let diagramLayout: Promise<Layout | undefined> | undefined;

/** The diagram laid out; none when that fails: it is made again where it is needed, and fails there. */
async function layOut(spec: DiagramSpec): Promise<Layout | undefined> {
  try {
    return await layoutDiagram(spec, bundledElk());
  } catch {
    return undefined;
  }
}

parentPort!.on('message', async (task: DiagramTask | PdfTask) => {
  if ('spec' in task) {
    diagramLayout = layOut(task.spec);
    parentPort!.postMessage({ layout: await diagramLayout } satisfies DiagramTaskResult);
    return;
  }
  let result: PdfTaskResult;
  try {
    result = { pdf: await typesetPdf(task.content, diagramLayout) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    result = { error: { message: e.message, stack: e.stack } };
  }
  parentPort!.postMessage(result);
});
