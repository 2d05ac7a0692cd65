/** The evidence file: written by verify, validated when read, and turned into gaps and verified controls by assess. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Evidence, readEvidence, readObservations, writeEvidence } from '../../src/evidence/file.js';
import { InputError } from '../../src/util/diagnostics.js';
import { tempDir } from '../fixtures/system.js';

function sample(): Evidence {
  return {
    format: 'iotassure-evidence',
    formatVersion: '1.0',
    tool: { name: 'iotassure', version: '0.1.0' },
    started: '2026-11-27T10:00:00.000Z',
    finished: '2026-11-27T10:00:05.000Z',
    scope: ['127.0.0.1'],
    scopeHash: 'sha256:00',
    targets: [{ id: 'recorder', host: '127.0.0.1', element: 'recorder', addresses: ['127.0.0.1'] }],
    observations: [
      {
        id: 'CRED-01@tcp://127.0.0.1:23',
        check: 'CRED-01',
        title: 'No default password on telnet, SSH or FTP',
        target: 'tcp://127.0.0.1:23',
        element: 'recorder',
        verdict: 'FAIL',
        summary: 'telnet login accepted default #1 (sha256 8c6976e5)',
        exchanges: [{ sent: 'telnet login with default #1 (sha256 8c6976e5)', seen: '# ' }],
        controls: ['password-credential-quality'],
        requirements: ['etsi-en-303-645:5.1-1'],
        collected: '2026-11-27T10:00:02.000Z',
      },
    ],
  };
}

function problems(text: string): string[] {
  const file = join(tempDir(), 'evidence.json');
  writeFileSync(file, text);
  try {
    readEvidence(file);
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    return error.diagnostics.map(
      (d) =>
        `${d.position ? `${d.position.line}:${d.position.column} ` : ''}${d.path ? `${d.path}: ` : ''}${d.message}`,
    );
  }
  assert.fail('the file was accepted');
}

describe('evidence file', () => {
  it('round-trips through the writer and the reader', () => {
    const file = join(tempDir(), 'evidence.json');
    writeEvidence(file, sample());
    assert.deepEqual(readEvidence(file), sample());
    const [observation] = readObservations(file);
    assert.equal(observation!.verdict, 'FAIL');
    assert.deepEqual(observation!.controls, ['password-credential-quality']);
  });

  it('accepts later 1.x files and ignores fields it does not know', () => {
    const later = { ...sample(), formatVersion: '1.3', newField: true };
    const file = join(tempDir(), 'evidence.json');
    writeFileSync(file, JSON.stringify(later));
    assert.equal(readEvidence(file).observations.length, 1);
  });

  it('reports bad files with positions, like a model', () => {
    const bad = JSON.parse(JSON.stringify(sample()));
    bad.observations[0].verdict = 'FAILED';
    delete bad.observations[0].controls;
    const text = JSON.stringify(bad, null, 2);
    const lines = text.split('\n');
    const line = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    const column = (needle: string) => lines[line(needle) - 1]!.indexOf(needle) + 1;
    assert.deepEqual(problems(text), [
      // a missing key points at its object, which starts on the line after "observations": [
      `${line('"observations"') + 1}:5 observations[0]: "controls" is required but missing`,
      `${line('"FAILED"')}:${column('FAILED')} observations[0].verdict: found "FAILED", expected one of: PASS, FAIL, INCONCLUSIVE, NOT_APPLICABLE`,
    ]);
  });

  it('says so when the file is not evidence, or of a later major version', () => {
    assert.match(problems('{"format": "iotassure-assessment"}')[0]!, /not an iotassure evidence file/);
    assert.match(problems(JSON.stringify({ ...sample(), formatVersion: '2.0' }))[0]!, /version "2.0" is not supported/);
    assert.match(problems('observations: [')[0]!, /YAML syntax error/);
  });
});
