/**
 * The PDF rendered on a thread of its own while the main thread writes the other formats (`--format all`).
 * Its text layout takes seconds whatever the fleet's size, while the other writers grow with it; on two cores the two
 * run side by side. The thread starts before the model is read and lays out the system diagram while the main thread
 * assesses, for the PDF and for the HTML report the main thread writes. It is then sent what the PDF says
 * (./pdf/content.ts), worked out on the main thread: its tables are capped, so the copy stays small whatever the
 * fleet's size.
 */
import { startWorker } from '../util/start-worker.js';
import type { Layout } from './diagram/layout.js';
import type { DiagramSpec } from './diagram/model.js';
import type { PdfContent } from './pdf/blocks.js';
import type { RenderedFile } from './renderer.js';

/**
 * Measured with `--format all` (docs/performance.md): at 10 000 elements the thread saves 0.3 s; at 100 000 it saves
 * nothing (53.0 against 53.3 s) and its heap adds 130 MB to a run that peaks near 1.9 GB. Above this size the PDF is
 * made on the main thread, after the other formats.
 */
export const PDF_THREAD_MAX_ELEMENTS = 15_000;

/** What the thread is sent first, while the main thread assesses: the diagram it lays out. */
export interface DiagramTask {
  spec: DiagramSpec;
}
/** Then what the PDF says. */
export interface PdfTask {
  content: PdfContent;
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
 * and is used if the fleet is small enough for it to pay (pdfThreadPays).
 */
export function wantsPdfThread(formats: readonly string[]): boolean {
  return formats.length > 1 && formats.includes('pdf');
}

/** A thread that renders one PDF; `stop` ends it, used or not (the assessment failed, or the fleet is too large). */
export interface PdfThread {
  /**
   * Sends the system's diagram (`diagramSpec` of the system view), before the assessment: the thread lays it out
   * while the main thread assesses, for its PDF and for the caller's other formats (RenderContext.diagramLayout).
   * The layout, or undefined when the thread could not make it.
   */
  layOut(spec: DiagramSpec): Promise<Layout | undefined>;
  /**
   * Sends what the PDF says (pdfContent). The promise settles when the thread is done; it is a result, never a
   * rejection left waiting, so a failure while the main thread is busy elsewhere is reported when the caller asks.
   */
  render(content: PdfContent): () => Promise<RenderedFile[]>;
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
    layOut(spec) {
      worker.postMessage({ spec } satisfies DiagramTask);
      return layout;
    },
    render(content) {
      worker.postMessage({ content } satisfies PdfTask);
      return async () => {
        const result = await done;
        if ('error' in result) throw threadError(result.error);
        return [{ name: 'report.pdf', content: result.pdf }];
      };
    },
    stop: () => void worker.terminate(),
  };
}

/** The thread's error as the main thread would have thrown it: the same message, and its stack for a bug report. */
function threadError({ message, stack }: { message: string; stack?: string }): Error {
  const error = new Error(message);
  if (stack !== undefined) error.stack = stack;
  return error;
}
