/**
 * `iotassure init --controls MODEL` on the bundled examples: the entries it writes, pasted under
 * `assessment.controls:`, give a model that validates; none repeats an entry the model has; a control the model's
 * facts establish wherever it applies is not listed, and one they establish on some subjects is scoped to the rest.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { load } from 'js-yaml';
import type { Assessment } from '../src/assess/assessment.js';
import { assess } from '../src/assess/pipeline.js';
import { loadWorkspace } from '../src/cli/workspace.js';
import { cli } from './support/cli.js';

const EXAMPLES = ['monitoring-camera', 'smart-home', 'industrial-sensors'];
const tmp = () => mkdtempSync(join(tmpdir(), 'iotassure-init-controls-'));

/** The ids of the entries `init --controls` wrote (a text of comments only lists none). */
const idsOf = (text: string): string[] =>
  /^\s*[^#\s]/m.test(text) ? Object.keys(load(text) as Record<string, unknown>) : [];

/** The example copied to a fresh folder with `entries` pasted under `assessment.controls:`. */
function pasted(name: string, entries: string): string {
  const source = `examples/${name}/system.yaml`;
  const dir = tmp();
  if (existsSync(join(dirname(source), 'rules.yaml')))
    copyFileSync(join(dirname(source), 'rules.yaml'), join(dir, 'rules.yaml'));
  const text = readFileSync(source, 'utf8');
  assert.match(text, /^ {2}controls:\n/m, 'the example has a controls block to paste under');
  const file = join(dir, 'system.yaml');
  writeFileSync(file, text.replace(/^ {2}controls:\n/m, `  controls:\n${entries}`));
  return file;
}

for (const name of EXAMPLES) {
  describe(`init --controls on the ${name} example`, async () => {
    const model = `examples/${name}/system.yaml`;
    const result = await cli('init', '--controls', model, '--date', '2026-11-27');
    const workspace = loadWorkspace(model);
    const before: Assessment = assess(workspace.model, workspace.catalog, workspace.rules, { date: '2026-11-27' });
    const listed = idsOf(result.stdout);

    it('lists controls to fill in, none the model already has', () => {
      assert.equal(result.code, 0, result.stderr);
      assert.ok(listed.length > 0, 'some control is still to be filled in');
      const existing = listed.filter((id) => workspace.model.assessment.controls.has(id));
      assert.deepEqual(existing, [], 'no entry repeats one of the model');
      const has = before.controls.filter((c) => c.applies === true && workspace.model.assessment.controls.has(c.id));
      assert.match(result.stdout, new RegExp(`\\(${has.length} already are;`));
    });

    it('lists only controls that apply, and none that the facts establish wherever it applies', () => {
      const byId = new Map(before.controls.map((c) => [c.id, c]));
      for (const id of listed) assert.equal(byId.get(id)?.applies, true, `${id} applies`);
      const established = before.controls.filter(
        (c) =>
          c.applies === true &&
          !workspace.model.assessment.controls.has(c.id) &&
          c.subjects.length > 0 &&
          c.subjects.every((s) => s.basis === 'model' || s.status === 'not-applicable'),
      );
      for (const c of established) assert.ok(!listed.includes(c.id), `${c.id} is established by the model's facts`);
    });

    it('pasted under assessment.controls, gives a model that validates with every entry not started', async () => {
      const file = pasted(name, result.stdout);
      const validated = await cli('validate', file, '--date', '2026-11-27');
      assert.equal(validated.code, 0, validated.stderr);
      const after = loadWorkspace(file);
      for (const id of listed) {
        assert.ok(after.model.assessment.controls.has(id), `${id} is in the pasted model`);
        assert.ok(
          after.model.assessment.controls.get(id)!.every((e) => e.status === 'not-started'),
          `${id} is not started`,
        );
      }
      const again = await cli('init', '--controls', file, '--date', '2026-11-27');
      assert.deepEqual(idsOf(again.stdout), [], 'nothing is left to list');
      assert.match(again.stdout, /# 0 controls apply/);
    });
  });
}

describe('init --controls: scoping and writing', () => {
  it('scopes an entry to the elements the facts leave open, so it overrides no fact', async () => {
    const result = await cli('init', '--controls', 'examples/smart-home/system.yaml');
    const entries = load(result.stdout) as Record<string, { elements?: string[]; owner: string; evidence: string[] }>;
    // The hub and the lock disable their debug ports; the model says nothing of the door and motion sensors'.
    assert.deepEqual(entries['debug-interface-protection']?.elements, ['door-sensors', 'motion-sensors']);
    assert.equal(entries['debug-interface-protection']?.owner, 'Nestling Home Ltd');
    assert.deepEqual(entries['debug-interface-protection']?.evidence, []);
    assert.match(result.stdout, /^ {4}# owed by the developer and provider$/m);
    // Every device states how it keeps its secrets: the facts establish the control everywhere it applies.
    assert.ok(!('secure-parameter-storage' in entries), 'a control the facts establish is not listed');
    assert.match(result.stdout, /the facts establish [1-9]\d*\)/);
  });

  it('writes --out safely, and refuses to overwrite without --force', async () => {
    const out = join(tmp(), 'controls.yaml');
    const first = await cli('init', '--controls', 'examples/monitoring-camera/system.yaml', '--out', out);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Wrote .*controls\.yaml: \d+ control entries to fill in \(\d+ the model already has/);
    assert.ok(idsOf(readFileSync(out, 'utf8')).length > 0);
    const second = await cli('init', '--controls', 'examples/monitoring-camera/system.yaml', '--out', out);
    assert.equal(second.code, 2);
    assert.match(second.stderr, /exists; use --force/);
  });
});
