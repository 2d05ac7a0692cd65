/**
 * Saved inputs — a diff side (saved assessment JSON), evidence, targets, catalogs — get the model's diagnostics and
 * exit 2 when they are wrong, never a crash; text from them cannot forge Markdown structure (a lone carriage return
 * is a line break to CommonMark); a lone surrogate cannot crash the URI encoding of SARIF and OSCAL.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { md } from '../src/report/markdown.js';
import { tempDir } from './fixtures/system.js';
import { userControlCatalog } from './support/catalog.js';
import { cli } from './support/cli.js';
import { CAMERA } from './support/reports.js';

const T = { timeout: 60_000 };

function assertUserError(result: { code: number; stderr: string }, pattern: RegExp): void {
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /internal error|\n\s+at /, 'no stack trace');
}

/** Lines as CommonMark sees them: LF, CR and CRLF each end a line. */
const markdownLines = (text: string) => text.split(/\r\n|\r|\n/);
const forged = (text: string) => markdownLines(text).filter((line) => /^#+ Forged|^\| forged/.test(line));

describe('saved inputs: a saved assessment for diff is validated like a model', () => {
  it('a malformed saved assessment is exit 2 with the position of each problem', T, async () => {
    const dir = tempDir('iotassure-saved-');
    const saved = join(dir, 'saved.json');
    const good = JSON.parse((await cli('assess', CAMERA, '--format', 'json')).stdout);
    const write = (value: unknown) => writeFileSync(saved, JSON.stringify(value, null, 1));

    write({ ...good, risks: 5 });
    assertUserError(
      await cli('diff', saved, CAMERA),
      /saved\.json:\d+:\d+: error: risks: found number 5, expected an array/,
    );
    write({ ...good, controls: [{ ...good.controls[0], status: 'done' }] });
    assertUserError(
      await cli('diff', saved, CAMERA),
      /controls\[0\]\.status: found "done", expected one of: not-started, planned/,
    );
    const statement = good.conformance[0];
    write({ ...good, conformance: [{ ...statement, summary: { ...statement.summary, supported: -1 } }] });
    assertUserError(await cli('diff', CAMERA, saved), /conformance\[0\]\.summary\.supported: found number -1/);
    write({ ...good, model: undefined });
    assertUserError(await cli('diff', saved, CAMERA), /saved\.json:1:1: error: "model" is required but missing/);
    write({ ...good, formatVersion: 3 });
    assertUserError(await cli('diff', saved, CAMERA), /assessment format version 3 is not supported/);
    write({ ...good, format: { nested: true } });
    assertUserError(await cli('diff', saved, CAMERA), /not an iotassure assessment: its format is a mapping/);
    writeFileSync(saved, JSON.stringify(good).slice(0, 5000));
    assertUserError(await cli('diff', saved, CAMERA), /saved\.json:1:\d+: error: YAML syntax error/);
    write(good);
    assert.equal((await cli('diff', saved, CAMERA)).code, 0, 'the untouched file still compares');
  });

  it('a malformed evidence file is exit 2 with positions', async () => {
    const dir = tempDir('iotassure-saved-');
    const evidence = join(dir, 'evidence.json');
    writeFileSync(evidence, '{"format": "iotassure-evidence", "formatVersion": "1.0", "observations": 3}');
    assertUserError(
      await cli('assess', CAMERA, '--evidence', evidence, '--allow-path', dir),
      /evidence\.json:1:\d+: error: observations: found number 3/,
    );
  });
});

describe('saved inputs: text cannot forge Markdown structure', () => {
  it('md() turns CR, LF and CRLF into spaces', () => {
    assert.equal(md('a\rb\nc\r\nd'), 'a b c d');
    assert.equal(md('x\r# Forged'), 'x \\# Forged');
  });

  it(
    'a lone CR in model and catalog text forges no heading or table row in report.md, diff --format md, SARIF help',
    T,
    async () => {
      const dir = tempDir('iotassure-md-');
      writeFileSync(
        join(dir, 'own.json'),
        userControlCatalog({
          id: 'own-control',
          title: 'Own control\r# Forged title',
          statement: 'Do it.\r| forged | row |',
        }),
      );
      const model = (extra: object[]) => ({
        catalogs: ['own.json'],
        system: { name: 'Shop\r# Forged system' },
        elements: [{ id: 'cam', name: 'Camera\r| forged | cells |', kind: 'camera' }, ...extra],
      });
      writeFileSync(join(dir, 'old.json'), JSON.stringify(model([])));
      writeFileSync(join(dir, 'new.json'), JSON.stringify(model([{ id: 'hub', kind: 'hub', name: 'Hub\r# Forged' }])));
      const out = join(dir, 'out');
      const result = await cli('assess', join(dir, 'new.json'), '--format', 'md,sarif', '--out', out);
      assert.equal(result.code, 0, result.stderr);
      const report = readFileSync(join(out, 'report.md'), 'utf8');
      assert.match(report, /Own control \\# Forged title/, 'the text is there, escaped');
      assert.deepEqual(forged(report), []);

      const sarif = JSON.parse(readFileSync(join(out, 'results.sarif'), 'utf8'));
      const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'gap/own-control');
      assert.ok(rule, 'the own control is a gap');
      assert.deepEqual(forged(rule.help.markdown), []);

      const diff = await cli('diff', join(dir, 'old.json'), join(dir, 'new.json'), '--format', 'md');
      assert.equal(diff.code, 0, diff.stderr);
      assert.match(diff.stdout, /changes in Shop \\# Forged system/);
      assert.deepEqual(forged(diff.stdout), []);
    },
  );
});

describe('saved inputs: unpaired surrogates', () => {
  it('--format oscal and sarif with a lone surrogate in an evidence location and a file name', T, async () => {
    const dir = tempDir('iotassure-surrogate-');
    const model = join(dir, 'model.json');
    writeFileSync(
      model,
      '{"system": {"name": "S"}, "elements": [{"id": "cam", "kind": "camera"}], "assessment": {"evidence": [' +
        '{"id": "ev", "kind": "document", "title": "Pen test", "location": "reports/pen\\ud800test.pdf"}], ' +
        '"controls": {"password-credential-quality": {"status": "implemented", "evidence": ["ev"]}}}}',
    );
    const out = join(dir, 'out');
    const result = await cli('assess', model, '--format', 'oscal,sarif', '--out', out);
    assert.equal(result.code, 0, result.stderr);
    const results = readFileSync(join(out, 'oscal-assessment-results.json'), 'utf8');
    assert.match(results, /reports\/pen%EF%BF%BDtest\.pdf/, 'the lone surrogate is U+FFFD, percent-encoded');
    JSON.parse(readFileSync(join(out, 'results.sarif'), 'utf8'));
  });
});
