/**
 * The ZIP writer behind the XLSX, read back by an independent reader (Python's zipfile, which checks each file's
 * CRC-32 as it reads): files empty, small and of several deflate segments come back byte for byte, with the time
 * stamp given, in UTC.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { zipArchive } from '../src/report/zip-archive.js';
import { tempDir } from './fixtures/system.js';

const READ_BACK = `
import hashlib, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    print(json.dumps([[i.filename, list(i.date_time), i.compress_type, hashlib.sha256(z.read(i)).hexdigest()]
                      for i in z.infolist()]))
`;

/** Text that compresses but not to nothing: numbered lines with a pseudo-random word each. */
function lines(count: number): string[] {
  let seed = 7;
  return Array.from({ length: count }, (_, i) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return `<row r="${i}"><c>${seed.toString(36)} café → ✓</c></row>\n`;
  });
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('zip archive', () => {
  it('is read back whole by Python zipfile: empty, small and multi-segment files, deflated, stamped in UTC', () => {
    const big = lines(120_000); // about 5 MB: several segments
    const files = [
      { path: 'empty.txt', text: '' },
      { path: 'xl/small.xml', text: '<a>small</a>' },
      { path: 'xl/worksheets/big.xml', text: big },
    ];
    const bytes = zipArchive(files, new Date('2021-03-04T05:06:08Z'));
    const path = join(tempDir('iotassure-zip-'), 'test.zip');
    writeFileSync(path, bytes);
    const read = JSON.parse(execFileSync('/usr/bin/python3', ['-c', READ_BACK, path]).toString());
    assert.deepEqual(read, [
      ['empty.txt', [2021, 3, 4, 5, 6, 8], 8, sha256('')],
      ['xl/small.xml', [2021, 3, 4, 5, 6, 8], 8, sha256('<a>small</a>')],
      ['xl/worksheets/big.xml', [2021, 3, 4, 5, 6, 8], 8, sha256(big.join(''))],
    ]);
    assert.ok(bytes.length < big.join('').length / 2, 'compressed');
  });

  it('makes the same bytes for the same files', () => {
    const make = () => zipArchive([{ path: 'a.xml', text: lines(50_000) }], new Date('2020-01-01T00:00:00Z'));
    assert.ok(Buffer.from(make()).equals(Buffer.from(make())));
  });
});
