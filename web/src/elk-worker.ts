/**
 * ELK for the browser: the API here, the layout in a web worker (ELK's own worker script, served as a file of ours,
 * so the CSP's script-src 'self' allows it), so laying out a hundred elements does not freeze the page.
 */
import ElkApi from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';

/** One worker per page, made on the first layout; later layouts queue on it. */
let elk: InstanceType<typeof ElkApi> | undefined;

export function workerElk(): InstanceType<typeof ElkApi> {
  elk ??= new ElkApi({ workerUrl });
  return elk;
}
