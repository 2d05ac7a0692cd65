/**
 * Where a worker thread's module is. Built, it is the `.js` file next to the module that starts it (dist/, or the
 * CLI bundle's folder, where scripts/bundle-cli.mjs puts each worker's entry). From the TypeScript sources (tests,
 * `tsx`), Node 20 does not pass tsx's loader on to threads, so the thread runs a small module that registers it first.
 */
export function workerModule(startedFrom: string, name: string): URL {
  if (!startedFrom.endsWith('.ts')) return new URL(`./${name}.js`, startedFrom);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`./${name}.ts`, startedFrom).href;
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
