#!/usr/bin/env node
// The iotassure executable: runs the compiled CLI from its bundle, with V8's cached code when it fits (npm run build
// writes dist/, dist/bundle/cli.cjs and its code cache: scripts/bundle-cli.mjs, src/cli/code-cache.ts). It is
// CommonJS (bin/package.json), like the bundle: Node then runs it without starting its ES module loader, which took
// about 5 ms of every command.
'use strict';
const { join } = require('node:path');
const { loadBundle } = require('../dist/bundle/code-cache.cjs');

/** What the event loop still holds when a command has nothing left to run: the standard streams. */
const STANDARD_STREAMS = new Set(['TTYWrap', 'PipeWrap']);

/**
 * Whether the command has nothing left to finish: all output handed to the system, no write failed (a closed pipe
 * ends the process below), and nothing open besides stdin, stdout and stderr (no server, worker, socket, timer or
 * file being written).
 */
function finished() {
  const open = process.getActiveResourcesInfo();
  return (
    open.length <= 3 &&
    open.every((resource) => STANDARD_STREAMS.has(resource)) &&
    [process.stdout, process.stderr].every((stream) => stream.writableLength === 0 && !stream.errored)
  );
}

const bundle = loadBundle(join(__dirname, '../dist/bundle/cli.cjs'));
const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  tty: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
bundle.exports.main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
  bundle.settle();
  // Done: end now. Node would first wait for V8's background work (a garbage collection under way, code being
  // optimised), finish that collection and tear the heap down, 20-40 ms after `validate` of a small model with
  // nothing left to do. 'exit' listeners run either way; with anything left to finish the process ends as it would.
  if (finished()) process.exit();
});
