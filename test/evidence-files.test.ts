/**
 * Evidence files: when an evidence entry's location names a file in the project, the assessment carries the SHA-256
 * and size of the file as read, every report prints them, and a file that differs from the SHA-256 the model records
 * (or that is gone) is a finding. Locations that are URLs or document references, and files outside the project, are
 * never read.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from './fixtures/system.js';
import { cli } from './support/cli.js';

const REPORT = 'pentest report, page 1\n';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A project with one report file and a model whose evidence names it (and other locations). */
function project(recorded?: string): { dir: string; model: string; outside: string } {
  const dir = tempDir('iotassure-evidence-');
  mkdirSync(join(dir, 'reports'));
  writeFileSync(join(dir, 'reports', 'pentest.pdf'), REPORT);
  const secret = join(tempDir('iotassure-outside-'), 'secret.txt');
  writeFileSync(secret, 'not for the report');
  // a file that exists outside the project, named from inside it (wherever the temporary folder is)
  const outside = relative(dir, secret);
  const model = join(dir, 'system.yaml');
  writeFileSync(
    model,
    `iotassure: 1
system: { name: Evidence test, region: EU }
elements:
  - { id: cam, kind: camera, secureBoot: true }
assessment:
  controls:
    security-testing: { status: implemented, evidence: [ev-pentest, ev-web, ev-ref, ev-outside] }
  evidence:
    - { id: ev-pentest, kind: test, title: Pen test, location: reports/pentest.pdf${recorded ? `, sha256: ${recorded}` : ''} }
    - { id: ev-web, kind: document, title: Policy, location: https://example.org/policy.pdf }
    - { id: ev-ref, kind: document, title: Minutes, location: Board minutes of 2026-03-01 }
    - { id: ev-outside, kind: document, title: Elsewhere, location: ${outside} }
`,
  );
  return { dir, model, outside };
}

async function assessed(model: string, dir: string, ...more: string[]) {
  const out = join(dir, 'out');
  const result = await cli('assess', model, '--format', 'json,csv,md,html', '--out', out, '--quiet', ...more);
  const json = JSON.parse(readFileSync(join(out, 'assessment.json'), 'utf8'));
  const evidence = new Map<string, { sha256?: string; size?: number }>();
  for (const control of json.controls) for (const e of control.evidence) evidence.set(e.id, e);
  return { result, json, evidence, out };
}

describe('evidence files', () => {
  it('carry the SHA-256 and size of the file as read, printed in every format', async () => {
    const { dir, model } = project();
    const { result, json, evidence, out } = await assessed(model, dir);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(evidence.get('ev-pentest'), {
      ...evidence.get('ev-pentest'),
      sha256: sha(REPORT),
      size: REPORT.length,
    });
    for (const id of ['ev-web', 'ev-ref', 'ev-outside']) {
      assert.equal(evidence.get(id)?.sha256, undefined, `${id} is not read`);
    }
    assert.deepEqual(json.findings, []);
    for (const file of ['soa.csv', 'report.html']) {
      assert.ok(readFileSync(join(out, file), 'utf8').includes(sha(REPORT)), `${file} prints the SHA-256`);
    }
  });

  it('report a file that differs from the SHA-256 the model records, and --strict fails', async () => {
    const recorded = sha('the report as reviewed\n');
    const { dir, model } = project(recorded);
    const { json, evidence } = await assessed(model, dir);
    assert.equal(
      evidence.get('ev-pentest')?.sha256,
      sha(REPORT),
      'the digest of the file assessed, not the recorded one',
    );
    const [finding] = json.findings;
    assert.equal(finding?.kind, 'evidence-changed');
    assert.match(finding.message, new RegExp(`records SHA-256 ${recorded}, the file now has ${sha(REPORT)}`));
    assert.equal(finding.source.line, 9, 'the evidence entry');
    assert.equal((await assessed(model, dir, '--strict')).result.code, 2);
    const unchanged = project(sha(REPORT));
    assert.deepEqual((await assessed(unchanged.model, unchanged.dir)).json.findings, []);
  });

  it('report a recorded file that is gone, or outside the project, without reading outside', async () => {
    const { dir, model, outside } = project(sha(REPORT));
    writeFileSync(
      model,
      readFileSync(model, 'utf8')
        .replace('location: reports/pentest.pdf', 'location: reports/gone.pdf')
        .replace(`location: ${outside} }`, `location: ${outside}, sha256: ${sha('x')} }`),
    );
    const { json } = await assessed(model, dir);
    const kinds = json.findings.map((f: { kind: string; message: string }) => `${f.kind}: ${f.message}`);
    assert.equal(kinds.length, 2, kinds.join('\n'));
    assert.match(kinds[0], /^evidence-unreadable: evidence ev-pentest .*gone\.pdf.*file not found/);
    assert.match(kinds[1], /^evidence-unreadable: evidence ev-outside .*outside the project folder/);
  });
});
