/**
 * The vendored official schemas (schemas/) are the files as published: each one's SHA-256 is the one recorded in
 * schemas/SHA256SUMS when it was vendored, so a reformatted or edited copy fails here, offline and without any file
 * outside the repository.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const DIR = 'schemas';

/** `sha256sum` output: file name → digest. */
function parseSums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n').filter(Boolean)) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    assert.ok(match, `SHA256SUMS: not a sha256sum line: ${line}`);
    sums.set(match[2]!, match[1]!);
  }
  return sums;
}

describe('vendored schemas', () => {
  const sums = parseSums(readFileSync(join(DIR, 'SHA256SUMS'), 'utf8'));

  it('every schema file has a recorded digest, and every digest a file', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
    assert.deepEqual([...sums.keys()].sort(), files);
  });

  for (const [file, digest] of sums) {
    it(`${file} is the published file`, () => {
      const actual = createHash('sha256')
        .update(readFileSync(join(DIR, file)))
        .digest('hex');
      assert.equal(actual, digest, `${DIR}/${file} differs from the file that was vendored; restore it`);
    });
  }
});
