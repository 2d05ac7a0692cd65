/**
 * The PDF rendered on a thread of its own while the main thread writes the other formats (`--format all`).
 * Its text layout takes seconds whatever the fleet's size, while the other writers grow with it; on two cores the two
 * run side by side. The assessment is copied to the thread (structured clone), which costs time and memory in
 * proportion to the fleet: beyond PDF_THREAD_MAX_ELEMENTS the PDF is rendered on the main thread as before.
 */
import type { Assessment } from '../assess/assessment.js';
import type { Catalog } from '../catalog/catalog.js';
import { startWorker } from '../util/start-worker.js';
import type { RenderContext, RenderedFile } from './renderer.js';

/**
 * Measured at 10 000 elements (docs/performance.md): handing the assessment over costs the main thread 0.35 s and the
 * thread 0.7 s, against 4.5 to 7 s of PDF, and the thread's copy and work add about 30 KB of memory per element. At
 * 100 000 elements the copy alone would take the main thread 4 s and add about 1 GB.
 */
export const PDF_THREAD_MAX_ELEMENTS = 15_000;

/** What the thread is sent: the assessment, and the catalog as the parts its constructor takes. */
export interface PdfTask {
  assessment: unknown;
  catalog?: ConstructorParameters<typeof Catalog>[0];
}
export type PdfTaskResult = { pdf: Uint8Array } | { error: { message: string; stack?: string } };

/** Whether the PDF of this assessment is worth rendering on its own thread beside other formats. */
export function pdfThreadPays(a: Assessment): boolean {
  return a.system.elements.length <= PDF_THREAD_MAX_ELEMENTS;
}

/**
 * Whether `formats` have the PDF rendered on a thread: the PDF beside other formats. The thread is then started
 * before the assessment is made (startPdfThread), so that its modules load while the main thread assesses, and is
 * used if the fleet is small enough to copy (pdfThreadPays).
 */
export function wantsPdfThread(formats: readonly string[]): boolean {
  return formats.length > 1 && formats.includes('pdf');
}

/** A thread that renders one PDF; `stop` ends it, used or not (the assessment failed, or the fleet is too large). */
export interface PdfThread {
  /**
   * Sends the assessment. The promise settles when the thread is done; it is a result, never a rejection left
   * waiting, so a failure while the main thread is busy elsewhere is reported when the caller asks for it.
   */
  render(a: Assessment, context?: RenderContext): () => Promise<RenderedFile[]>;
  stop(): void;
}

/** Starts the PDF's thread, which loads what rendering needs and then waits for its assessment. */
export function startPdfThread(): PdfThread {
  const worker = startWorker(import.meta.url, 'pdf-worker');
  worker.unref(); // a caller that gives up (another format failed) does not keep the process alive
  const done = new Promise<PdfTaskResult>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', (error) => resolve({ error: { message: error.message, stack: error.stack } }));
    worker.once('exit', (code) => resolve({ error: { message: `the PDF thread stopped (exit code ${code})` } }));
  }).finally(() => void worker.terminate());
  return {
    render(a, context = {}) {
      const catalog = context.catalog && catalogParts(context.catalog);
      worker.postMessage({ assessment: a, catalog } satisfies PdfTask);
      return async () => {
        const result = await done;
        if ('error' in result) throw threadError(result.error);
        return [{ name: 'report.pdf', content: result.pdf }];
      };
    },
    stop: () => void worker.terminate(),
  };
}

function catalogParts(c: Catalog): NonNullable<PdfTask['catalog']> {
  const { frameworks, controls, riskSources, stageSets, files, digest } = c;
  return { frameworks, controls, riskSources, stageSets, files, digest };
}

/** The thread's error as the main thread would have thrown it: the same message, and its stack for a bug report. */
function threadError({ message, stack }: { message: string; stack?: string }): Error {
  const error = new Error(message);
  if (stack !== undefined) error.stack = stack;
  return error;
}
