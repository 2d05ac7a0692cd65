/**
 * SARIF: valid against the official 2.1.0 schema, one result per risk and per gap at the model line it concerns,
 * rules whose tags carry the ISO/IEC 27400 clause and the external requirement ids, severities as GitHub code
 * scanning reads them, accepted risks suppressed, failed checks named, and fingerprints stable across runs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import type { Assessment } from '../src/assess/assessment.js';
import type { Catalog } from '../src/catalog/catalog.js';
import { artifactUri, FINGERPRINTS, renderSarif, sarifRenderer, severityOf } from '../src/report/sarif.js';
import { contentText } from '../src/report/write.js';
import { assessFile, CAMERA, CAMERA_REV2, failedCheck, sarifValidator } from './support/reports.js';

const validate = sarifValidator();
const camera = assessFile(CAMERA);
const rev2 = assessFile(CAMERA_REV2);

async function sarifOf(run: { assessment: Assessment; catalog: Catalog }): Promise<Sarif.Log> {
  const files = await sarifRenderer.render(run.assessment, { catalog: run.catalog });
  assert.deepEqual(
    files.map((f) => f.name),
    ['results.sarif'],
  );
  return JSON.parse(contentText(files[0]!.content));
}

const LEVEL: Record<string, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
const SEVERITY: Record<string, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0' };

describe('sarif: schema', () => {
  it('the camera example, its second revision and a run with a failed check validate', async () => {
    const withFailure = assessFile(CAMERA, { observations: [failedCheck('password-credential-quality')] });
    for (const run of [camera, rev2, withFailure]) {
      const log = await sarifOf(run);
      assert.deepEqual(validate(log), [], run.assessment.model.file);
      assert.equal(log.version, '2.1.0');
    }
  });

  it('the validator rejects what the schema forbids', () => {
    assert.notDeepEqual(validate({ version: '2.1.0', runs: [{ results: [] }] }), [], 'a run needs a tool');
    assert.notDeepEqual(validate({ version: '2.1.0', runs: [], extra: 1 }), []);
  });
});

describe('sarif: content', () => {
  it('has one result per risk and per gap, and one rule per risk rule and per gap control', async () => {
    const a = camera.assessment;
    const run = (await sarifOf(camera)).runs[0]!;
    assert.ok(a.risks.length > 0 && a.gaps.length > 0);
    assert.equal(run.results!.length, a.risks.length + a.gaps.length);
    const rules = run.tool.driver.rules!;
    assert.equal(rules.length, new Set(a.risks.map((r) => r.rule)).size + a.gaps.length);
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, 'rule ids are unique');
    for (const result of run.results!) assert.equal(rules[result.ruleIndex!]!.id, result.ruleId);
    assert.deepEqual(run.invocations, [{ executionSuccessful: true }]);
    assert.equal(run.tool.driver.name, 'iotassure');
    for (const rule of rules) {
      assert.ok(rule.name && rule.shortDescription?.text && rule.fullDescription?.text, rule.id);
      assert.match(rule.help!.text, /assessment\.(controls|risks)/, `${rule.id}: help says what to do`);
      assert.equal(rule.helpUri, undefined);
    }
  });

  it("locates each risk at its subject's line and column in the model file", async () => {
    const run = (await sarifOf(camera)).runs[0]!;
    for (const risk of camera.assessment.risks) {
      const result = run.results!.find((r) => r.partialFingerprints?.[FINGERPRINTS.risk] === risk.id)!;
      const location = result.locations![0]!.physicalLocation!;
      assert.equal(location.artifactLocation!.uri, CAMERA);
      assert.equal(location.region!.startLine, risk.subject.source.line);
      assert.equal(location.region!.startColumn, risk.subject.source.column);
    }
    const recorder = run.results!.find((r) => r.ruleId === 'risk/shared-default-password')!;
    const text = readFileSync(CAMERA, 'utf8').split('\n');
    assert.match(text[recorder.locations![0]!.physicalLocation!.region!.startLine! - 1]!, /id: recorder/);
  });

  it("locates a gap at the control's state in the model, or at the system block when it has none", async () => {
    const run = (await sarifOf(camera)).runs[0]!;
    const text = readFileSync(CAMERA, 'utf8').split('\n');
    const stated = camera.assessment.controls.find(
      (c) => c.source && camera.assessment.gaps.some((g) => g.control === c.id),
    )!;
    const result = run.results!.find((r) => r.ruleId === `gap/${stated.id}`)!;
    const line = result.locations![0]!.physicalLocation!.region!.startLine!;
    assert.equal(line, stated.source!.line);
    assert.match(text[line - 1]!, new RegExp(`^\\s+${stated.id}:`));
    const unstated = camera.assessment.gaps.find(
      (g) => !camera.assessment.controls.find((c) => c.id === g.control)?.source,
    )!;
    const top = run.results!.find((r) => r.ruleId === `gap/${unstated.control}`)!;
    const system = camera.assessment.model.source;
    assert.deepEqual(top.locations![0]!.physicalLocation!.region, {
      startLine: system.line,
      startColumn: system.column,
    });
    assert.match(text[system.line - 2] ?? '', /^system:/);
  });

  it('tags rules with the ISO/IEC 27400 clause and the external requirement ids', async () => {
    const a = rev2.assessment;
    const rules = (await sarifOf(rev2)).runs[0]!.tool.driver.rules!;
    for (const risk of a.risks) {
      const tags = rules.find((r) => r.id === `risk/${risk.rule}`)!.properties!.tags!;
      for (const clause of risk.clauses) assert.ok(tags.includes(`iso-iec-27400:${clause}`), `${risk.id} ${clause}`);
      for (const requirement of risk.requirements) assert.ok(tags.includes(requirement), `${risk.id} ${requirement}`);
    }
    for (const gap of a.gaps) {
      const control = a.controls.find((c) => c.id === gap.control)!;
      const tags = rules.find((r) => r.id === `gap/${gap.control}`)!.properties!.tags!;
      assert.ok(tags.includes(`iso-iec-27400:${control.clause}`), gap.control);
      for (const requirement of gap.requirements)
        assert.ok(tags.includes(requirement), `${gap.control} ${requirement}`);
    }
    const secure = rules.find((r) => r.id === 'gap/secure-communication')!.properties!.tags!;
    assert.ok(secure.includes('iso-iec-27400:7.1.2.7'));
    assert.ok(secure.includes('etsi-en-303-645:5.5-1'));
  });

  it('sets level and security-severity from the residual level; the rule carries the highest of its results', async () => {
    const run = (await sarifOf(camera)).runs[0]!;
    for (const risk of camera.assessment.risks) {
      const result = run.results!.find((r) => r.partialFingerprints?.[FINGERPRINTS.risk] === risk.id)!;
      if (risk.status === 'mitigated') {
        assert.equal(result.kind, 'pass');
        continue;
      }
      assert.equal(result.level, LEVEL[risk.residual.level], risk.id);
      assert.equal(result.properties!['security-severity'], SEVERITY[risk.residual.level]);
    }
    for (const gap of camera.assessment.gaps) {
      const result = run.results!.find((r) => r.ruleId === `gap/${gap.control}`)!;
      assert.equal(result.level, LEVEL[gap.priority] ?? 'note', gap.control);
    }
    const rule = run.tool.driver.rules!.find((r) => r.id === 'risk/shared-default-password')!;
    const risk = camera.assessment.risks.find((r) => r.rule === 'shared-default-password')!;
    assert.equal(rule.properties!['security-severity'], SEVERITY[risk.residual.level]);
    assert.equal(rule.defaultConfiguration!.level, LEVEL[risk.residual.level]);
  });

  it('suppresses an accepted risk with its justification and leaves open ones unsuppressed', async () => {
    const results = (await sarifOf(rev2)).runs[0]!.results!;
    const accepted = results.find(
      (r) => r.partialFingerprints?.[FINGERPRINTS.risk] === 'extractable-secrets:recorder',
    )!;
    assert.equal(accepted.properties!.status, 'accepted');
    assert.equal(accepted.suppressions?.length, 1);
    const suppression = accepted.suppressions![0]!;
    assert.equal(suppression.kind, 'external');
    assert.equal(suppression.status, 'accepted');
    assert.match(suppression.justification!, /Harbour Bakery owner/);
    assert.match(suppression.justification!, /retired in Q3 2027/);
    assert.match(suppression.justification!, /VC-2310/);
    const open = rev2.assessment.risks.filter((r) => r.status === 'open').map((r) => r.id);
    assert.ok(open.length > 0);
    for (const id of open) {
      assert.equal(results.find((r) => r.partialFingerprints?.[FINGERPRINTS.risk] === id)!.suppressions, undefined);
    }
  });

  it('names failed verification evidence in the gap it opens', async () => {
    const run = assessFile(CAMERA, { observations: [failedCheck('password-credential-quality')] });
    const gap = run.assessment.gaps.find((g) => g.control === 'password-credential-quality')!;
    assert.deepEqual(gap.failedEvidence, ['obs-cred-01-recorder']);
    const result = (await sarifOf(run)).runs[0]!.results!.find((r) => r.ruleId === 'gap/password-credential-quality')!;
    assert.match(
      result.message.text!,
      /Failed verification: obs-cred-01-recorder — CRED-01 default credentials refused/,
    );
    assert.deepEqual(result.properties!['failed-evidence'], ['obs-cred-01-recorder']);
  });

  it('is the same from run to run, with fingerprints that are the risk and control ids', async () => {
    const again = assessFile(CAMERA);
    assert.equal(JSON.stringify(await sarifOf(camera)), JSON.stringify(await sarifOf(again)));
    const results = (await sarifOf(camera)).runs[0]!.results!;
    const keys = results.map((r) => Object.entries(r.partialFingerprints!)[0]!.join('='));
    assert.equal(new Set(keys).size, results.length, 'every result has its own fingerprint');
    assert.deepEqual(
      results.filter((r) => r.ruleId!.startsWith('gap/')).map((r) => r.partialFingerprints![FINGERPRINTS.gap]),
      camera.assessment.gaps.map((g) => g.control),
    );
  });

  it('renders without a catalog (help text from the assessment alone)', () => {
    const log = renderSarif(camera.assessment);
    // the results are made as they are written: what is validated is the JSON the log stands for
    assert.deepEqual(validate(JSON.parse(JSON.stringify(log))), []);
    const rule = log.runs[0]!.tool.driver.rules!.find((r) => r.id.startsWith('gap/'))!;
    assert.ok(rule.help!.text.length > 0);
  });
});

describe('sarif: helpers', () => {
  it('places the levels of a custom matrix by rank', () => {
    const custom = { riskMatrix: { levels: ['minor', 'notable', 'serious', 'severe', 'extreme'] } } as Assessment;
    assert.deepEqual(severityOf(custom, 'minor'), { level: 'note', securitySeverity: 2 });
    assert.equal(severityOf(custom, 'serious').level, 'warning');
    assert.deepEqual(severityOf(custom, 'extreme'), { level: 'error', securitySeverity: 9.5 });
    assert.deepEqual(severityOf(custom, 'none'), { level: 'note' });
  });

  it('writes artifact URIs that code scanning resolves from the repository root', () => {
    assert.equal(artifactUri('examples/camera/system.yaml'), 'examples/camera/system.yaml');
    assert.equal(artifactUri('./my models/site #1.yaml'), 'my%20models/site%20%231.yaml');
    assert.equal(artifactUri('models\\plant.yaml'), 'models/plant.yaml');
    assert.equal(artifactUri('/srv/models/plant.yaml'), 'file:///srv/models/plant.yaml');
  });
});
