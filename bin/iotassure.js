#!/usr/bin/env node
// The iotassure executable: runs the compiled CLI from its bundle (npm run build writes dist/ and dist/bundle/, see
// scripts/bundle-cli.mjs).
import { main } from '../dist/bundle/main.js';

const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  tty: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2), io);
