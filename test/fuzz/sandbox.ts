/**
 * Where fuzz inputs run: a temporary folder that is the working directory and TMPDIR (so relative paths in hostile
 * inputs and verify's fallback folder stay inside it), no host name resolution (every lookup fails at once), and
 * loopback-only verification, so nothing an input says can reach the network or write outside the folder.
 */
import { mkdirSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';

export function enterSandbox(root: string): void {
  const require = createRequire(import.meta.url);
  const refuse = () =>
    Promise.reject(Object.assign(new Error('the fuzzer resolves no host names'), { code: 'ENOTFOUND' }));
  require('node:dns/promises').lookup = refuse;
  require('node:dns').promises.lookup = refuse;
  syncBuiltinESMExports();
  process.env.IOTASSURE_TEST_SCOPE = 'loopback';
  // '..' and '.' in hostile inputs stay inside `root`
  const cwd = join(root, 'cwd', 'a', 'b');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(join(root, 'tmp'), { recursive: true });
  process.chdir(cwd);
  process.env.TMPDIR = join(root, 'tmp');
}
