#!/usr/bin/env node
// The iotassure executable: runs the compiled CLI from its bundle, with V8's cached code when it fits (npm run build
// writes dist/, dist/bundle/cli.cjs and its code cache: scripts/bundle-cli.mjs, src/cli/code-cache.ts).
import { fileURLToPath } from 'node:url';
import { loadBundle } from '../dist/cli/code-cache.js';

/**
 * What the event loop still holds when a command has nothing left to run: the standard streams (a terminal or a pipe
 * each) and the close of a module file Node's loader read.
 */
const FINISHED = new Set(['TTYWrap', 'PipeWrap', 'CloseReq']);

const bundle = loadBundle(fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url)));
const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  tty: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = await bundle.exports.main(process.argv.slice(2), io);
bundle.settle();
// Done, all output handed to the system and no write failed (a closed pipe ends the process above): end now. Node
// would first wait for V8's background work (a garbage collection under way, code being optimised), finish that
// collection and tear the heap down, 20-40 ms after `validate` of a small model with nothing left to do. 'exit'
// listeners run either way. Anything else still open (a server, a worker, a socket, a timer, a file being written)
// lets the process end as it would have.
const open = process.getActiveResourcesInfo();
if (
  open.every((resource) => FINISHED.has(resource)) &&
  open.filter((resource) => resource !== 'CloseReq').length <= 3 &&
  [process.stdout, process.stderr].every((stream) => stream.writableLength === 0 && !stream.errored)
) {
  process.exit();
}
