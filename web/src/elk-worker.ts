/**
 * ELK for the browser: the API here, the layout in a web worker (ELK's own worker script, served as a file of ours,
 * so the CSP's script-src 'self' allows it), so laying out a hundred elements does not freeze the page.
 */
import ElkApi from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';

/** ELK, and a promise that rejects if its worker cannot run (ELK's own layouts would then wait for ever). */
export interface WorkerElk {
  elk: InstanceType<typeof ElkApi>;
  failed: Promise<never>;
}

/** One worker per page, made on the first layout; later layouts queue on it. */
let current: WorkerElk | undefined;

export function workerElk(): WorkerElk {
  if (current) return current;
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  // whoever races a layout against it handles the rejection; this only keeps an unraced one from being reported
  failed.catch(() => {});
  const elk = new ElkApi({
    workerUrl,
    workerFactory: (url) => {
      const worker = new Worker(url ?? workerUrl);
      worker.addEventListener('error', () => fail(new Error('the layout worker could not be started')));
      return worker;
    },
  });
  current = { elk, failed };
  return current;
}
