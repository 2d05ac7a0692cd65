/**
 * Risk rules users write in YAML: they raise risks marked as theirs, ask where the model leaves a fact open, can be
 * suppressed like built-in rules, are tested by `iotassure rules test` with the built-in rules' tester, and every
 * kind of mistake in a rules file is a diagnostic with file, line and column (exit 2), never a stack trace.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assess } from '../src/assess/pipeline.js';
import { loadCatalog } from '../src/catalog/load.js';
import { loadWorkspace } from '../src/cli/workspace.js';
import { RULES } from '../src/rules/index.js';
import { ruleChecks } from '../src/rules/tester.js';
import { loadUserRules } from '../src/rules/user-rules.js';
import { checkModel } from '../src/server/jobs/assess-task.js';
import { InputError } from '../src/util/diagnostics.js';
import { cli } from './support/cli.js';

const EXAMPLE = 'examples/industrial-sensors';
const tmp = () => mkdtempSync(join(tmpdir(), 'iotassure-rules-'));
const catalog = loadCatalog();

/** A rules file with one rule; `rule` overrides or adds fields (as YAML lines of the rule's mapping). */
function rulesFile(rule: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    id: 'acme-exposed-without-secure-boot',
    title: 'Exposed device without secure boot',
    description: 'A device others can reach boots whatever firmware is written to it.',
    subject: 'element',
    when: '{ all: [physically-exposed-devices, { not: secure-boot }] }',
    riskSource: 'scd-physical-access',
    stride: '[tampering]',
    likelihood: '2',
    impact: '4',
    mitigations: '{ primary: [secure-boot-and-tamper-response], supporting: [physical-hardening] }',
    message: "'{name} boots unverified software where others can reach it.'",
    ...rule,
  };
  const lines = Object.entries(fields).map(([key, value]) => `    ${key}: ${value}`);
  return `format: iotassure-rules
formatVersion: '1.0'
rules:
  - ${lines.join('\n').trimStart()}
    tests:
      raises:
        - name: a street sensor without secure boot
          model: |
            elements:
              - { id: s, kind: sensor, physicalExposure: public-space, secureBoot: false }
          risks: [s]
      passes:
        - name: secure boot, or a locked site
          model: |
            elements:
              - { id: a, kind: sensor, physicalExposure: public-space, secureBoot: true }
              - { id: b, kind: sensor, physicalExposure: secured-site, secureBoot: false }
        - name: nothing stated asks
          model: |
            elements:
              - { id: c, kind: sensor }
          asks: { c: [physicalExposure, secureBoot] }
`;
}

function write(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The diagnostics loading `files` gives (it must fail). */
function problems(...files: string[]) {
  try {
    loadUserRules(
      files.map((path) => ({ path, named: path })),
      catalog,
      RULES,
    );
  } catch (error) {
    if (error instanceof InputError) return error.diagnostics;
    throw error;
  }
  assert.fail('the rules file was accepted');
}

describe('user rules: in an assessment', () => {
  const { model, catalog: withModel, rules } = loadWorkspace(`${EXAMPLE}/system.yaml`);
  const a = assess(model, withModel, rules, { date: '2026-11-27' });

  it('raise risks marked as the user’s, with the file they come from', () => {
    const summary = a.rules.find((r) => r.id === 'northfield-personal-data-in-cleartext');
    assert.equal(summary?.origin, 'user');
    assert.equal(summary?.file, 'rules.yaml');
    assert.deepEqual(
      a.risks.filter((r) => r.rule === summary.id).map((r) => r.subject.id),
      ['broker-to-historian', 'north-to-broker'],
    );
    assert.ok(a.rules.filter((r) => r.id !== summary.id).every((r) => r.origin === 'built-in' && !r.file));
  });

  it('ask, naming the fact, where the model leaves a fact of the condition open', () => {
    const question = a.questions.find((q) => q.rules.includes('northfield-personal-data-in-cleartext'));
    assert.deepEqual(question && { key: question.key, subject: question.subjects[0]!.id }, {
      key: 'dataAssets[].personalData',
      subject: 'operators-use-hmi',
    });
    assert.ok(!a.risks.some((r) => r.id === 'northfield-personal-data-in-cleartext:operators-use-hmi'));
  });

  it('are suppressed for given subjects with a justification, like built-in rules', () => {
    const suppressions = [
      {
        rule: 'northfield-personal-data-in-cleartext',
        subjects: ['broker-to-historian'],
        justification: 'the historian link is a patch cable inside one locked cabinet',
        source: model.locate([]),
      },
    ];
    const b = assess({ ...model, assessment: { ...model.assessment, suppressions } }, withModel, rules, {
      date: '2026-11-27',
    });
    assert.deepEqual(
      b.risks.filter((r) => r.rule === 'northfield-personal-data-in-cleartext').map((r) => r.subject.id),
      ['north-to-broker'],
    );
    assert.deepEqual(
      b.provenance.exclusions.suppressions.find((s) => s.rule === 'northfield-personal-data-in-cleartext')?.subjects,
      ['broker-to-historian'],
    );
  });

  it('a suppression naming a rule that does not exist gets a "did you mean"', async () => {
    const dir = tmp();
    copyFileSync(`${EXAMPLE}/rules.yaml`, join(dir, 'rules.yaml'));
    const text = readFileSync(`${EXAMPLE}/system.yaml`, 'utf8').replace(
      /^assessment:\n/m,
      'assessment:\n  suppressions:\n    - { rule: northfield-personal-data-in-cleartex, justification: test }\n',
    );
    const result = await cli('validate', write(dir, 'system.yaml', text));
    assert.equal(result.code, 2, result.stdout);
    assert.match(
      result.stderr,
      /system\.yaml:\d+:\d+: error: .*unknown risk rule "northfield-personal-data-in-cleartex"\n {2}did you mean "northfield-personal-data-in-cleartext"\?/,
    );
  });
});

describe('user rules: the rule tester', () => {
  it('`rules test` runs the example’s tables and passes', async () => {
    const result = await cli('rules', 'test', `${EXAMPLE}/rules.yaml`);
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /ok {3}raises: personal data over plain MQTT inside one zone/);
    assert.match(result.stdout, /5 passed, 0 failed/);
  });

  it('fails a case whose expectation the rule does not meet, and exits 1', async () => {
    const dir = tmp();
    const wrong = rulesFile()
      .replace('risks: [s]', 'risks: [elsewhere]')
      .replace('[physicalExposure, secureBoot]', '[secureBoot]');
    const result = await cli('rules', 'test', write(dir, 'rules.yaml', wrong));
    assert.equal(result.code, 1, result.stdout);
    assert.match(
      result.stdout,
      /FAIL raises: a street sensor without secure boot\n\s+risks: expected elsewhere, found s/,
    );
    assert.match(
      result.stdout,
      /FAIL passes: nothing stated asks\n\s+questions: expected c → secureBoot, found c → physicalExposure, secureBoot/,
    );
    assert.match(result.stdout, /no case asks for physicalExposure/);
    assert.match(result.stdout, /1 passed, 3 failed/);
  });

  it('reports a case model that does not load as a failed case, not a crash', () => {
    const dir = tmp();
    const [rule] = loadUserRules(
      [
        {
          path: write(
            dir,
            'r.yaml',
            rulesFile().replace('kind: sensor, physicalExposure: public-space, secureBoot: false', 'kind: sensr'),
          ),
          named: 'r.yaml',
        },
      ],
      catalog,
      RULES,
    );
    const raises = ruleChecks(rule!, rule!.tests).find((c) => c.kind === 'raises')!;
    assert.match(raises.run().join('\n'), /the case's model does not load: .*found "sensr", expected one of/);
  });
});

describe('user rules: on the workspace server', () => {
  it('a model there may not name rules files (they would be files on the server)', () => {
    const result = checkModel(
      'system.yaml',
      'system: { name: T }\nelements:\n  - { id: s, kind: sensor }\nrules: [/etc/x.yaml]\n',
    );
    assert.equal(result.ok, false);
    const [d] = result.ok ? [] : result.diagnostics;
    assert.equal(d?.position?.line, 4);
    assert.match(d?.message ?? '', /rules files are not read by the workspace server/);
  });
});

describe('user rules: ratings adjusted per subject', () => {
  const adjust =
    '[{ when: safety-relevant, impact: 5, because: the device is safety-relevant }, ' +
    '{ when: { not: secure-boot }, likelihood: 3, because: secure boot is stated absent }]';

  /** The risks the rule raises on a model of two exposed sensors, one safety-relevant. */
  function risksOf(rule: Record<string, string>) {
    const dir = tmp();
    write(dir, 'rules.yaml', rulesFile(rule));
    const model = write(
      dir,
      'system.yaml',
      `iotassure: 1
system: { name: Street sensors, region: EU }
elements:
  - { id: safe, kind: sensor, physicalExposure: public-space, secureBoot: false, safetyRelevant: true }
  - { id: plain, kind: sensor, physicalExposure: public-space, secureBoot: false, safetyRelevant: false }
  - { id: open, kind: sensor, physicalExposure: public-space, secureBoot: false }
rules: [rules.yaml]
`,
    );
    const { model: loaded, catalog: withModel, rules } = loadWorkspace(model);
    const a = assess(loaded, withModel, rules, { date: '2026-11-27' });
    return new Map(
      a.risks
        .filter((r) => r.rule === 'acme-exposed-without-secure-boot')
        .map((r) => [r.subject.id, { inherent: r.inherent, adjustments: r.explanation.adjustments }]),
    );
  }

  it('take the highest rating of the adjustments that hold, and say why', () => {
    const risks = risksOf({ adjust });
    assert.deepEqual(risks.get('safe')?.adjustments, [
      'likelihood 3 instead of 2, impact 5 instead of 4: the device is safety-relevant; secure boot is stated absent',
    ]);
    assert.equal(risks.get('safe')?.inherent.impact, 5);
    assert.deepEqual(risks.get('plain')?.adjustments, ['likelihood 3 instead of 2: secure boot is stated absent']);
    assert.equal(risks.get('plain')?.inherent.impact, 4);
  });

  it('leave the rule’s rating where the model leaves an adjustment’s condition open', () => {
    const risks = risksOf({ adjust: '[{ when: safety-relevant, impact: 5, because: the device is safety-relevant }]' });
    assert.ok(risks.has('open'), 'the rule still raises the risk');
    assert.deepEqual(risks.get('open')?.adjustments, []);
    assert.equal(risks.get('open')?.inherent.impact, 4);
    assert.equal(risks.get('safe')?.inherent.impact, 5);
  });
});

describe('user rules: bad input', () => {
  const dir = tmp();
  const at = (file: string, line: number) => new RegExp(`^${file.replace(/[.]/g, '\\.')}:${line}:\\d+$`);
  const where = (d: { position?: { file: string; line: number; column: number } }) =>
    d.position ? `${d.position.file}:${d.position.line}:${d.position.column}` : '';

  it('an unknown fact, with a "did you mean"', () => {
    const file = write(
      dir,
      'fact.yaml',
      rulesFile({ when: '{ all: [physicaly-exposed-devices, { not: secure-boot }] }' }),
    );
    const [d] = problems(file);
    assert.match(where(d!), at(file, 8));
    assert.equal(d!.message, 'unknown fact "physicaly-exposed-devices"');
    assert.equal(d!.hint, 'did you mean "physically-exposed-devices"?');
  });

  it('an adjustment with an unknown fact, and one that sets no rating', () => {
    const fact = write(
      dir,
      'adjust-fact.yaml',
      rulesFile({ adjust: '[{ when: safety-relevent, impact: 5, because: x }]' }),
    );
    const [d] = problems(fact);
    assert.match(where(d!), at(fact, 15));
    assert.equal(d!.path, 'rules[0].adjust.0.when');
    assert.equal(d!.message, 'unknown fact "safety-relevent"');
    assert.equal(d!.hint, 'did you mean "safety-relevant"?');
    const rating = write(dir, 'adjust-rating.yaml', rulesFile({ adjust: '[{ when: secure-boot, because: x }]' }));
    assert.match(problems(rating)[0]!.message, /an adjustment sets `likelihood`, `impact` or both/);
  });

  it('a property about another kind of subject', () => {
    const file = write(dir, 'property.yaml', rulesFile({ when: 'encrypted-in-transit' }));
    assert.match(
      problems(file)[0]!.message,
      /property "encrypted-in-transit" is about a flow, but the rule judges an element/,
    );
  });

  it('an unknown control and an unknown risk source, with suggestions', () => {
    const file = write(
      dir,
      'control.yaml',
      rulesFile({ riskSource: 'scd-physical-acess', mitigations: '{ primary: [secure-boot-and-tamper-respons] }' }),
    );
    const [source, control] = problems(file);
    assert.match(where(source!), at(file, 9));
    assert.equal(source!.hint, 'did you mean "scd-physical-access"?');
    assert.match(where(control!), at(file, 13));
    assert.equal(control!.message, 'unknown control "secure-boot-and-tamper-respons"');
    assert.equal(control!.path, 'rules[0].mitigations.primary.0');
  });

  it('a threat category outside STRIDE, and none at all', () => {
    const bad = problems(write(dir, 'stride.yaml', rulesFile({ stride: '[tampring]' })))[0]!;
    assert.match(bad.message, /found "tampring", expected one of: spoofing, tampering/);
    assert.equal(bad.hint, 'did you mean "tampering"?');
    const none = problems(write(dir, 'none.yaml', rulesFile({ stride: '[]' })))[0]!;
    assert.equal(none.message, 'no threat category');
  });

  it('a rule id taken by a built-in rule or by another user rule', () => {
    const builtIn = write(dir, 'builtin.yaml', rulesFile({ id: 'no-secure-boot' }));
    const [clash] = problems(builtIn);
    assert.equal(clash!.message, '"no-secure-boot" is the id of a built-in rule');
    assert.match(clash!.hint!, /acme-no-secure-boot/);
    const first = write(dir, 'first.yaml', rulesFile());
    const second = write(dir, 'second.yaml', rulesFile());
    const [duplicate] = problems(first, second);
    assert.match(where(duplicate!), at(second, 4));
    assert.equal(duplicate!.message, 'duplicate rule id "acme-exposed-without-secure-boot"');
    assert.equal(duplicate!.hint, `already defined at ${first}:4`);
  });

  it('an unknown message placeholder, and a message that is not a sentence', () => {
    const [placeholder] = problems(write(dir, 'ph.yaml', rulesFile({ message: "'{nmae} is exposed.'" })));
    assert.equal(placeholder!.message, 'unknown placeholder {nmae}');
    assert.equal(placeholder!.hint, 'did you mean "name"?');
    const [sentence] = problems(write(dir, 'sentence.yaml', rulesFile({ message: "'{name} is exposed'" })));
    assert.equal(sentence!.message, 'the message is not a sentence');
  });

  it('malformed YAML, with the line', () => {
    const file = write(dir, 'broken.yaml', rulesFile().replace('subject: element', 'subject: [element'));
    const [d] = problems(file);
    assert.equal(d!.file, file);
    assert.ok((d!.position?.line ?? 0) >= 7, `position ${where(d!)}`);
  });

  it('a rules file outside the model’s folder, and a broken one, exit 2 without a stack trace', async () => {
    const project = tmp();
    mkdirSync(join(project, 'model'));
    write(project, 'outside.yaml', rulesFile());
    const model = write(
      join(project, 'model'),
      'system.yaml',
      'system: { name: T }\nelements:\n  - { id: s, kind: sensor }\nrules: [../outside.yaml]\n',
    );
    const outside = await cli('validate', model);
    assert.equal(outside.code, 2);
    assert.match(
      outside.stderr,
      /system\.yaml:4:\d+: error: rules\[0\]: "\.\.\/outside\.yaml" is outside the project folder/,
    );
    assert.match(outside.stderr, /--allow-path/);
    assert.equal((await cli('validate', model, '--allow-path', project)).code, 0);

    const broken = write(project, 'cli-broken.yaml', rulesFile({ when: 'no-such-fact' }));
    const result = await cli('assess', model, '--allow-path', project, '--rules', broken);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /cli-broken\.yaml:8:\d+: error: rules\[0\]\.when: unknown fact "no-such-fact"/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
});
