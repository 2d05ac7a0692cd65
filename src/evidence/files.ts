/**
 * The files evidence entries name (`location: reports/pentest-2026.pdf`): hashed when a command loads the model, so
 * every report can print the SHA-256 and size of the file assessed and a file changed since the model recorded its
 * SHA-256 is reported. This is the I/O edge; the assessment reads what it finds from the model.
 *
 * A location is a file when it has no URL scheme and names a regular file inside the project folders (the model's
 * own, or one given with --allow-path): the same confinement as every other path a model names. Anything else is a
 * document reference and is left alone — unless the model records a SHA-256 for it, which says a file is meant.
 */
import { createHash } from 'node:crypto';
import { closeSync, readSync } from 'node:fs';
import { openInput, type ProjectFolders, resolveNamedPath } from '../input/read.js';
import type { EvidenceFile, SystemModel } from '../model/types.js';
import { InputError } from '../util/diagnostics.js';

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const CHUNK = 1024 * 1024;

/** Sets `file` on each evidence entry whose location names a file (or should, by its recorded SHA-256). */
export function hashEvidenceFiles(model: SystemModel, folders: ProjectFolders): void {
  model.assessment.evidence.forEach((evidence, i) => {
    const { location } = evidence;
    if (location === undefined || URL_SCHEME.test(location)) return;
    const file = evidenceFile(location, folders, {
      file: model.file,
      position: model.locate(['assessment', 'evidence', i, 'location']),
    });
    if ('sha256' in file || evidence.sha256 !== undefined) evidence.file = file;
  });
}

function evidenceFile(
  location: string,
  folders: ProjectFolders,
  at: { file: string; position: ReturnType<SystemModel['locate']> },
): EvidenceFile {
  try {
    const path = resolveNamedPath(location, folders, at);
    return { ...hashFile(path), path };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { problem: error.diagnostics[0]?.message ?? 'the file cannot be read' };
  }
}

/** SHA-256 and size of a regular file, read in chunks (evidence files can be large). */
function hashFile(path: string): { sha256: string; size: number } {
  const { fd } = openInput(path, 'evidence file');
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let size = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      size += n;
    }
    return { sha256: hash.digest('hex'), size };
  } finally {
    closeSync(fd);
  }
}
