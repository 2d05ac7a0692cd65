/**
 * `iotassure diff` on two revisions of the camera example (test/data/monitoring-camera-rev2.yaml fixes the recorder's
 * shared password, changes six control statuses and accepts one risk): the pure delta, its three renderings, the
 * inputs it takes (models and saved JSON assessments) and refuses, and --fail-on-new.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Assessment } from '../src/assess/assessment.js';
import {
  type AssessmentDiff,
  diffAssessments,
  diffIsEmpty,
  diffMarkdown,
  diffText,
  newRisksAtOrAbove,
} from '../src/report/diff.js';
import { cli } from './support/cli.js';
import { assessFile, CAMERA, CAMERA_REV2, DATE } from './support/reports.js';

const before = assessFile(CAMERA).assessment;
const after = assessFile(CAMERA_REV2).assessment;
const diff = diffAssessments(before, after);
const tmp = () => mkdtempSync(join(tmpdir(), 'iotassure-diff-'));

const rank = (d: AssessmentDiff, level: string) => d.levels.indexOf(level);

describe('diff: the delta between two revisions of the camera example', () => {
  it('closes the shared-password risk and opens none', () => {
    const closed = diff.risks.closed.map((r) => r.id);
    assert.ok(closed.includes('shared-default-password:recorder'), closed.join(', '));
    assert.ok(
      closed.every((id) => id.endsWith(':recorder')),
      'only the recorder changed its credentials',
    );
    assert.deepEqual(diff.risks.added, []);
  });

  it('reports the accepted risk, and the debug port the closed UART mitigates, as status changes', () => {
    assert.deepEqual(
      diff.risks.statusChanged.map((r) => [r.id, r.from, r.to]),
      [
        ['extractable-secrets:recorder', 'open', 'accepted'],
        ['physical-debug-port:entrance-camera', 'open', 'mitigated'],
      ],
    );
  });

  it('reports residual levels that moved, and the closed UART lowers the debug-interface risk', () => {
    assert.ok(diff.risks.levelChanged.length > 0);
    for (const r of diff.risks.levelChanged) {
      const old = before.risks.find((x) => x.id === r.id)!;
      assert.equal(r.from, old.residual.level);
      assert.equal(r.to, after.risks.find((x) => x.id === r.id)!.residual.level);
      assert.notEqual(r.from, r.to);
    }
    const debug = diff.risks.levelChanged.find((r) => r.id === 'physical-debug-port:entrance-camera')!;
    assert.ok(rank(diff, debug.to) < rank(diff, debug.from), `${debug.from} → ${debug.to}`);
  });

  it('lists exactly the controls whose status changed, per product too', () => {
    assert.deepEqual(
      diff.controls.map((c) => [c.id, c.from?.status, c.to?.status]),
      [
        ['cross-border-transfer-safeguards', 'not-started', 'implemented'],
        ['debug-interface-protection', 'not-started', 'implemented'],
        ['password-credential-quality', 'not-started', 'implemented'],
        ['security-event-logging', 'not-started', 'not-started'],
        ['user-change-default-credentials', 'planned', 'implemented'],
        ['user-network-segmentation', 'not-started', 'planned'],
      ],
    );
    for (const c of diff.controls) assert.ok(c.from?.applies && c.to?.applies);
  });

  it('shows a regression on one product that the weakest status over the system hides', () => {
    const logging = diff.controls.find((c) => c.id === 'security-event-logging')!;
    assert.deepEqual(logging.products, [{ product: 'c2-camera', from: 'implemented', to: 'planned' }]);
    assert.match(diffText(diff), /c2-camera: implemented → planned/);
  });

  it('closes the gaps of the implemented controls and opens none', () => {
    assert.deepEqual(diff.gaps.opened, []);
    assert.deepEqual(diff.gaps.closed.map((g) => g.control).sort(), [
      'cross-border-transfer-safeguards',
      'debug-interface-protection',
      'password-credential-quality',
      'user-change-default-credentials',
    ]);
    assert.ok(diff.gaps.closed.every((g) => g.status === 'implemented'));
  });

  it('gives the change in supported requirements per framework', () => {
    assert.equal(diff.frameworks.length, after.conformance.length);
    for (const f of diff.frameworks) {
      const o = before.conformance.find((c) => c.framework === f.framework)!.summary;
      const n = after.conformance.find((c) => c.framework === f.framework)!.summary;
      assert.equal(f.delta.supported, n.supported - o.supported, f.framework);
      assert.equal(f.delta.mandatoryGaps, n.mandatoryGaps - o.mandatoryGaps, f.framework);
    }
    const en = diff.frameworks.find((f) => f.framework === 'etsi-en-303-645')!;
    assert.ok(en.delta.supported > 0, 'EN 303 645 progresses');
    assert.ok(en.delta.mandatoryGaps < 0, 'with fewer mandatory gaps');
    assert.deepEqual(diff.warnings, []);
    assert.equal(diff.summary.closedRisks, diff.risks.closed.length);
    assert.equal(diff.summary.controlChanges, 6);
  });

  it('finds nothing between an assessment and itself', () => {
    const same = diffAssessments(before, assessFile(CAMERA).assessment);
    assert.ok(diffIsEmpty(same));
    assert.match(diffText(same), /No change in risks, controls, gaps or framework progress/);
    assert.match(diffMarkdown(same), /No change/);
  });

  it('fails on a new risk at or above a level, or one that rose to it, unless it is accepted', () => {
    assert.deepEqual(newRisksAtOrAbove(diff, 'low'), [], 'the forward change brings no new risk');
    const backwards = diffAssessments(after, before);
    const shared = backwards.risks.added.find((r) => r.id === 'shared-default-password:recorder')!;
    assert.ok(shared);
    const failing = newRisksAtOrAbove(backwards, shared.level).map((r) => r.id);
    assert.ok(failing.includes('shared-default-password:recorder'));
    const above = backwards.levels[rank(backwards, shared.level) + 1];
    if (above) assert.ok(!newRisksAtOrAbove(backwards, above).some((r) => r.id === shared.id));
    const rose = backwards.risks.levelChanged.find((r) => r.id === 'physical-debug-port:entrance-camera')!;
    assert.ok(
      newRisksAtOrAbove(backwards, rose.to).some((r) => r.id === rose.id),
      'a risk that rose into the band',
    );
  });

  it('warns when the two assessments are of different systems', () => {
    const other = { ...after, model: { ...after.model, id: 'another-system' } } as Assessment;
    assert.match(diffAssessments(before, other).warnings.join('\n'), /different systems/);
  });
});

describe('diff: renderings', () => {
  it('prints the sections in the terminal', () => {
    const text = diffText(diff);
    assert.match(text, /Risks: 0 new, \d+ closed, \d+ level changes?, 2 status changes\./);
    assert.match(
      text,
      /Closed risks:\n {2}- \w+ +shared-default-password:recorder — Devices share a default or fleet-wide password/,
    );
    assert.match(text, /Risk status changed:\n {2}~ extractable-secrets:recorder: open → accepted/);
    assert.match(
      text,
      /Control status changed:[\s\S]*security-event-logging: not-started → not-started\n\s+c2-camera: implemented → planned/,
    );
    assert.match(text, /Gaps closed:[\s\S]*debug-interface-protection \(now implemented\)/);
    assert.match(
      text,
      /Framework progress:[\s\S]*ETSI EN 303 645 V3\.1\.3: \d+ → \d+ of \d+ applicable supported \(\+\d+\)/,
    );
    assert.ok(!text.includes('\x1b['), 'no colour unless asked');
    assert.ok(diffText(diff, { colour: true }).includes('\x1b['));
  });

  it('writes Markdown tables for a pull-request comment, escaping model text', () => {
    const markdown = diffMarkdown(diff);
    assert.match(markdown, /^## iotassure: changes in Vistacam shop monitoring/);
    assert.match(
      markdown,
      /### Closed risks\n\n\| level \| risk \| what \|\n\| --- \| --- \| --- \|\n\| \w+ \| shared-default-password:recorder \|/,
    );
    assert.match(markdown, /### Control status changed/);
    assert.match(markdown, /\| cross-border-transfer-safeguards: .* \| not-started<br>.* \| implemented<br>/);
    assert.match(markdown, /### Framework progress/);
    const hostile = diffMarkdown({
      ...diff,
      new: { ...diff.new, name: 'a | b <script>' },
    });
    assert.match(hostile, /changes in a \\\| b &lt;script&gt;/);
  });
});

describe('diff: the command', () => {
  it('compares two models and exits 0', async () => {
    const result = await cli('diff', CAMERA, CAMERA_REV2, '--date', DATE);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, diffText(diff));
  });

  it('writes Markdown and JSON', async () => {
    const md = await cli('diff', CAMERA, CAMERA_REV2, '--date', DATE, '--format', 'md');
    assert.equal(md.code, 0, md.stderr);
    assert.equal(md.stdout, diffMarkdown(diff));
    const json = await cli('diff', CAMERA, CAMERA_REV2, '--date', DATE, '--format', 'json');
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), JSON.parse(JSON.stringify(diff)));
  });

  it('reads a saved JSON assessment on either side', async () => {
    const dir = tmp();
    const saved = join(dir, 'baseline.json');
    const assessed = await cli('assess', CAMERA, '--format', 'json', '--date', DATE);
    assert.equal(assessed.code, 0, assessed.stderr);
    writeFileSync(saved, assessed.stdout);
    const result = await cli('diff', saved, CAMERA_REV2, '--date', DATE, '--format', 'json');
    assert.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as AssessmentDiff;
    assert.deepEqual(parsed.controls, diff.controls);
    assert.deepEqual(parsed.risks, diff.risks);
    const reverse = await cli('diff', CAMERA_REV2, saved, '--date', DATE, '--format', 'json');
    assert.deepEqual((JSON.parse(reverse.stdout) as AssessmentDiff).gaps.opened.map((g) => g.control).sort(), [
      'cross-border-transfer-safeguards',
      'debug-interface-protection',
      'password-credential-quality',
      'user-change-default-credentials',
    ]);
  });

  it('reads an assessment saved in format 1 (iotassure 0.1) as one side', async () => {
    const dir = tmp();
    const saved = join(dir, 'format-1.json');
    const v1 = {
      ...after,
      formatVersion: '1.0',
      conformance: undefined,
      coverage: after.conformance.map((c) => ({
        framework: c.framework,
        title: c.shortTitle,
        version: c.version,
        requirements: c.summary.provisions,
        applicable: c.summary.applicable,
        supported: c.summary.supported,
        partial: c.summary.partial,
        notSupported: c.summary.notSupported,
        mandatoryGaps: c.summary.mandatoryGaps,
        unmapped: [],
        items: [],
      })),
      // format 1 had no per-product statuses, and a control either applied or did not
      controls: after.controls.map(({ products: _products, ...c }) => ({ ...c, applies: c.applies === true })),
    };
    writeFileSync(saved, JSON.stringify(v1));
    const result = await cli('diff', saved, CAMERA_REV2, '--date', DATE, '--format', 'json');
    assert.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as AssessmentDiff;
    assert.deepEqual(parsed.risks.added, []);
    for (const f of parsed.frameworks) {
      const { supported, partial, notSupported, mandatoryGaps } = f.delta;
      assert.deepEqual([supported, partial, notSupported, mandatoryGaps], [0, 0, 0, 0], `${f.framework} read back`);
    }
  });

  it('refuses other JSON with a clear message and exit 2', async () => {
    const dir = tmp();
    const evidence = join(dir, 'evidence.json');
    writeFileSync(evidence, JSON.stringify({ format: 'iotassure-evidence', observations: [] }));
    const refused = await cli('diff', evidence, CAMERA_REV2);
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /evidence\.json:1:\d+: error: not an iotassure assessment: its format is "iotassure-evidence"/,
    );
    assert.match(refused.stderr, /iotassure assess MODEL --format json/);
    const other = join(dir, 'package.json');
    writeFileSync(other, JSON.stringify({ name: 'x', version: '1.0.0' }));
    const neither = await cli('diff', CAMERA, other);
    assert.equal(neither.code, 2);
    assert.match(neither.stderr, /neither a system model nor an iotassure assessment/);
    const future = join(dir, 'future.json');
    writeFileSync(future, JSON.stringify({ format: 'iotassure-assessment', formatVersion: '4.0' }));
    assert.match((await cli('diff', future, CAMERA)).stderr, /format version 4\.0 is not supported/);
  });

  it('--fail-on-new exits 1 when a change brings a risk at or above the level', async () => {
    const backwards = diffAssessments(after, before);
    const level = backwards.risks.added.find((r) => r.id === 'shared-default-password:recorder')!.level;
    const failing = await cli('diff', CAMERA_REV2, CAMERA, '--date', DATE, '--fail-on-new', level, '--quiet');
    assert.equal(failing.code, 1);
    assert.equal(failing.stdout, '');
    const forward = await cli('diff', CAMERA, CAMERA_REV2, '--date', DATE, '--fail-on-new', 'low', '--quiet');
    assert.equal(forward.code, 0);
    const bad = await cli('diff', CAMERA, CAMERA_REV2, '--fail-on-new', 'severe');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--fail-on-new must be a risk level: low, medium, high, critical/);
    const format = await cli('diff', CAMERA, CAMERA_REV2, '--format', 'html');
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be one of text, md, json/);
  });
});
