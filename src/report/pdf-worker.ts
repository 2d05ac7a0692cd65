/**
 * The PDF's worker thread (./pdf-thread.ts): lays out the diagram of the system it may be sent first, and sends the
 * layout back; then renders the assessment it is sent, with that layout, and sends the document back.
 */
import { parentPort } from 'node:worker_threads';
import type { Assessment, SystemView } from '../assess/assessment.js';
import { Catalog } from '../catalog/catalog.js';
import { bundledElk } from './diagram/elk.js';
import { type Layout, layoutDiagram } from './diagram/layout.js';
import { diagramSpec } from './diagram/model.js';
import { renderPdf } from './pdf.js';
import type { DiagramTask, DiagramTaskResult, PdfTask, PdfTaskResult } from './pdf-thread.js';

let diagramLayout: Promise<Layout | undefined> | undefined;

/** The system's diagram laid out; none when that fails: it is made again where it is needed, and fails there. */
async function layOut(system: SystemView): Promise<Layout | undefined> {
  try {
    return await layoutDiagram(diagramSpec(system), bundledElk());
  } catch {
    return undefined;
  }
}

parentPort!.on('message', async (task: DiagramTask | PdfTask) => {
  if ('system' in task) {
    diagramLayout = layOut(task.system);
    parentPort!.postMessage({ layout: await diagramLayout } satisfies DiagramTaskResult);
    return;
  }
  let result: PdfTaskResult;
  try {
    // the catalog arrives as its parts (a class does not cross threads); rebuilt, it answers as the original does
    const catalog = task.catalog && new Catalog(task.catalog);
    result = { pdf: await renderPdf(task.assessment as Assessment, { catalog, diagramLayout }) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    result = { error: { message: e.message, stack: e.stack } };
  }
  parentPort!.postMessage(result);
});
