/**
 * What the provenance block needs from outside the pipeline: the model file's SHA-256, and the git commit of the
 * repository it lives in (with whether the file has uncommitted changes). Asked once per run; never fatal.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';

export function modelProvenance(file: string): { modelSha256?: string; git?: { commit: string; dirty: boolean } } {
  let modelSha256: string | undefined;
  try {
    modelSha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    modelSha256 = undefined;
  }
  return { modelSha256, git: gitState(file) };
}

function gitState(file: string): { commit: string; dirty: boolean } | undefined {
  const git = (args: string[]) =>
    spawnSync('git', args, {
      cwd: dirname(file),
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  const head = git(['rev-parse', 'HEAD']);
  if (head.status !== 0 || !/^[0-9a-f]{40}$/.test(head.stdout.trim())) return undefined;
  const status = git(['status', '--porcelain', '--', basename(file)]);
  return { commit: head.stdout.trim(), dirty: status.status !== 0 || status.stdout.trim() !== '' };
}
