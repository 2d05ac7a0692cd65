/** Runs the CLI in-process (fast) or as the real executable (for exit codes and the bin wrapper). */
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(...argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    tty: false,
  });
  return { code, stdout, stderr };
}

/** The built executable (`npm test` builds first). */
export function bin(argv: string[], options: { cwd?: string; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [new URL('../../bin/iotassure.js', import.meta.url).pathname, ...argv], {
    encoding: 'utf8',
    cwd: options.cwd,
    input: options.input,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
