/**
 * The PDF rendered on a thread of its own while the main thread writes the other formats (`--format all`).
 * Its text layout takes seconds whatever the fleet's size, while the other writers grow with it; on two cores the two
 * run side by side. The thread starts before the model is read and lays out the system diagram while the main thread
 * assesses, for the PDF and for the HTML report the main thread writes. The assessment is copied to the thread
 * (structured clone), which costs time and memory in proportion to the fleet: beyond PDF_THREAD_MAX_ELEMENTS the PDF
 * is rendered on the main thread as before.
 */
import type { Assessment, SystemView } from '../assess/assessment.js';
import type { Catalog } from '../catalog/catalog.js';
import { startWorker } from '../util/start-worker.js';
import type { Layout } from './diagram/layout.js';
import type { RenderContext, RenderedFile } from './renderer.js';

/**
 * Measured at 10 000 elements (docs/performance.md): handing the assessment over costs the main thread 0.35 s and the
 * thread 0.7 s, against 2.2 to 3 s of PDF, and the thread's copy and work add about 30 KB of memory per element. At
 * 100 000 elements the copy alone would take the main thread 4 s and add about 1 GB.
 */
export const PDF_THREAD_MAX_ELEMENTS = 15_000;

/** What the thread is sent first, while the main thread assesses: the system whose diagram it lays out. */
export interface DiagramTask {
  system: SystemView;
}
/** Then the assessment, and the catalog as the parts its constructor takes. */
export interface PdfTask {
  assessment: unknown;
  catalog?: ConstructorParameters<typeof Catalog>[0];
}
/** The diagram's layout (none when it could not be made there), then the PDF or why there is none. */
export type DiagramTaskResult = { layout: Layout | undefined };
export type PdfTaskResult = { pdf: Uint8Array } | { error: { message: string; stack?: string } };

/** Whether the PDF of a fleet of `elements` elements is worth rendering on its own thread beside other formats. */
export function pdfThreadPays(elements: number): boolean {
  return elements <= PDF_THREAD_MAX_ELEMENTS;
}

/**
 * Whether `formats` have the PDF rendered on a thread: the PDF beside other formats. The thread is then started
 * before the model is read (startPdfThread), so that its modules load while the main thread reads and assesses it,
 * and is used if the fleet is small enough to copy (pdfThreadPays).
 */
export function wantsPdfThread(formats: readonly string[]): boolean {
  return formats.length > 1 && formats.includes('pdf');
}

/** A thread that renders one PDF; `stop` ends it, used or not (the assessment failed, or the fleet is too large). */
export interface PdfThread {
  /**
   * Sends the system to draw, before the assessment: the thread lays out its diagram while the main thread assesses,
   * for its PDF and for the caller's other formats (RenderContext.diagramLayout). The layout, or undefined when the
   * thread could not make it.
   */
  layOut(system: SystemView): Promise<Layout | undefined>;
  /**
   * Sends the assessment. The promise settles when the thread is done; it is a result, never a rejection left
   * waiting, so a failure while the main thread is busy elsewhere is reported when the caller asks for it.
   */
  render(a: Assessment, context?: RenderContext): () => Promise<RenderedFile[]>;
  stop(): void;
}

/** Starts the PDF's thread, which loads what rendering needs and then waits for what it is sent. */
export function startPdfThread(): PdfThread {
  const worker = startWorker(import.meta.url, 'pdf-worker');
  worker.unref(); // a caller that gives up (another format failed) does not keep the process alive
  let laidOut: (layout: Layout | undefined) => void = () => {};
  const layout = new Promise<Layout | undefined>((resolve) => (laidOut = resolve));
  const done = new Promise<PdfTaskResult>((resolve) => {
    worker.on('message', (message: DiagramTaskResult | PdfTaskResult) =>
      'layout' in message ? laidOut(message.layout) : resolve(message),
    );
    worker.once('error', (error) => resolve({ error: { message: error.message, stack: error.stack } }));
    worker.once('exit', (code) => resolve({ error: { message: `the PDF thread stopped (exit code ${code})` } }));
  }).finally(() => {
    laidOut(undefined); // a thread that ended before laying out leaves it to the caller
    void worker.terminate();
  });
  return {
    layOut(system) {
      worker.postMessage({ system } satisfies DiagramTask);
      return layout;
    },
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
