#!/usr/bin/env node
// The iotassure executable: runs the compiled CLI from its bundle, with V8's cached code when it fits (npm run build
// writes dist/, dist/bundle/cli.cjs and its code cache: scripts/bundle-cli.mjs, src/cli/code-cache.ts).
import { fileURLToPath } from 'node:url';
import { loadBundle } from '../dist/cli/code-cache.js';

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
