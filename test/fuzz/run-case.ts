/**
 * Runs one fuzz input through the real CLI, in process, in a fresh folder, and judges the result: exit 0, 1 or 2
 * (and 130 for an interrupted verify) are answers; exit 70, an exception out of the CLI, or a stack trace printed
 * for a user mistake are failures.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { FileSpec, FuzzCase } from './cases.js';

export type Verdict = 'ok' | 'crash' | 'trace';

export interface Outcome {
  verdict: Verdict;
  /** exit code of each command, or -1 when it threw */
  codes: number[];
  /** for a failure: the command and what it printed or threw */
  detail?: string;
}

const ANSWERS = new Set([0, 1, 2, 130]);
/** A JavaScript stack frame: `    at fn (file:line:column)` */
const STACK_FRAME = /\n\s+at .+:\d+:\d+\)?\n/;
const KEEP = 20_000;

/** Creates the case's files in `dir`. */
function materialise(dir: string, files: readonly FileSpec[]): void {
  for (const f of files) {
    const path = join(dir, f.name);
    mkdirSync(dirname(path), { recursive: true });
    if ('folder' in f) mkdirSync(path, { recursive: true });
    else if ('fifo' in f) spawnSync('mkfifo', [path]);
    else if ('link' in f) symlinkSync(f.link, path);
    else writeFileSync(path, 'text' in f ? f.text : f.bytes);
  }
}

const argv = (command: readonly string[], dir: string) =>
  command.map((a) => (a.startsWith('@') ? join(dir, a.slice(1)) : a));

/** Runs the case in a new folder under `root`; the folder is removed after unless `keep`. */
export async function runCase(c: FuzzCase, root: string, keep = false): Promise<Outcome & { dir: string }> {
  const dir = mkdtempSync(join(root, 'case-'));
  const codes: number[] = [];
  try {
    materialise(dir, c.files);
    for (const command of c.commands) {
      let stderr = '';
      const io = {
        stdout: () => {},
        stderr: (text: string) => {
          if (stderr.length < KEEP) stderr += text;
        },
        tty: false,
      };
      const args = argv(command, dir);
      let code: number;
      try {
        code = await main(args, io);
      } catch (error) {
        codes.push(-1);
        return {
          verdict: 'crash',
          codes,
          dir,
          detail: `${args.join(' ')}\n${(error as Error).stack ?? String(error)}`,
        };
      }
      codes.push(code);
      if (!ANSWERS.has(code)) return { verdict: 'crash', codes, dir, detail: `${args.join(' ')}\n${stderr}` };
      if (STACK_FRAME.test(stderr)) return { verdict: 'trace', codes, dir, detail: `${args.join(' ')}\n${stderr}` };
    }
    return { verdict: 'ok', codes, dir };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
