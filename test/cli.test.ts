import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { load } from 'js-yaml';
import type { Assessment, ConformanceStatement } from '../src/assess/assessment.js';
import { matchWord } from '../src/cli/command.js';
import { modelHeader } from '../src/cli/commands/init.js';
import { decodeAssessment } from '../src/report/assessment-json.js';
import { bin, cli } from './support/cli.js';

const CAMERA = 'examples/monitoring-camera/system.yaml';
const CAMERA_REV2 = 'test/data/monitoring-camera-rev2.yaml';
const tmp = () => mkdtempSync(join(tmpdir(), 'iotassure-cli-'));

describe('cli: basics', () => {
  it('prints help and the version', async () => {
    const help = await cli('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Commands:[\s\S]*assess[\s\S]*Exit codes/);
    assert.match((await cli('assess', '--help')).stdout, /--fail-on LEVEL[\s\S]*Examples:/);
    assert.match((await cli('--version')).stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('suggests the nearest command and option and exits 2', async () => {
    const command = await cli('asess', CAMERA);
    assert.equal(command.code, 2);
    assert.match(command.stderr, /unknown command "asess"; did you mean "assess"\?/);
    const option = await cli('assess', CAMERA, '--fromat', 'json');
    assert.equal(option.code, 2);
    assert.match(option.stderr, /unknown option --fromat; did you mean --format\?/);
    assert.match((await cli('assess', CAMERA, '--stakeholder', 'users')).stderr, /did you mean user\?/);
  });

  it('the executable runs and returns the documented exit codes', () => {
    assert.equal(bin(['validate', CAMERA]).code, 0);
    assert.equal(bin(['assess', CAMERA, '--fail-on', 'high', '--quiet']).code, 1);
    assert.equal(bin(['nonsense']).code, 2);
  });
});

describe('cli: validate', () => {
  it('accepts the examples', async () => {
    const result = await cli('validate', CAMERA);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /valid — 11 elements \(13 instances\), 15 flows/);
  });

  it('rejects a broken model with file:line, a suggestion and exit 2 — never a stack trace', () => {
    const dir = tmp();
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      'system: { name: Broken }\nelements:\n  - { id: cam, kind: camra }\nflows:\n  - { id: f, from: cam, to: cloud, protocol: https }\n',
    );
    const result = bin(['validate', file]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /broken\.yaml:3:\d+: error: elements\[0\]\.kind: found "camra"[\s\S]*did you mean "camera"\?/,
    );
    assert.doesNotMatch(result.stderr, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
    assert.match(result.stderr, /1 error/);
  });

  it('checks control ids and risk ids against the catalog and the rules', async () => {
    const dir = tmp();
    const file = join(dir, 'model.yaml');
    writeFileSync(
      file,
      'system: { name: S }\nelements: [{ id: cam, kind: camera }]\nassessment:\n  controls:\n    unique-device-passwordz: { status: planned }\n  risks:\n    shared-default-pasword:cam: { treatment: accept }\n',
    );
    const result = await cli('validate', file);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown control "unique-device-passwordz"/);
    assert.match(
      result.stderr,
      /unknown risk rule "shared-default-pasword"[\s\S]*did you mean "shared-default-password"\?/,
    );
  });
});

describe('cli: assess', () => {
  it('writes JSON that traces every risk, control, gap and EN 303 645 provision to its sources', async () => {
    const result = await cli('assess', CAMERA, '--format', 'json', '--date', '2026-11-27');
    assert.equal(result.code, 0, result.stderr);
    // Format 3 leaves out what repeats; a reader decodes it (test/assessment-json.test.ts checks the decoding).
    const a = decodeAssessment(JSON.parse(result.stdout)) as Assessment;
    assert.equal(a.format, 'iotassure-assessment');
    assert.equal(a.formatVersion, '3.0');
    assert.match(a.provenance.modelSha256, /^[0-9a-f]{64}$/);
    assert.match(a.provenance.catalog.sha256, /^[0-9a-f]{64}$/);
    assert.ok(a.risks.length > 0);
    for (const risk of a.risks) {
      assert.match(risk.id, /^[a-z0-9-]+:[A-Za-z0-9._:-]+$/);
      assert.equal(risk.subject.source.file, CAMERA);
      assert.ok(risk.subject.source.line > 0);
      assert.match(risk.riskSource.clause, /^6\.2\.[234]/);
      assert.ok(risk.mitigations.length > 0);
      assert.ok(risk.requirements.length > 0, `${risk.id} maps to external requirements`);
    }
    const scoped = a.controls.find((c) => c.id === 'password-credential-quality')!;
    assert.equal(scoped.applies, true);
    assert.deepEqual(
      scoped.stakeholders.map((s) => [s.role, s.organisations]),
      [
        ['developer', ['vistacam']],
        ['provider', ['vistacam']],
      ],
    );
    assert.ok(scoped.stages.length > 0);
    assert.ok(a.gaps.length > 0 && a.gaps.every((g) => g.requirements.length > 0));
    const en = a.conformance.find((c) => c.framework === 'etsi-en-303-645')!;
    assert.equal(en.provisions.length, 78);
    assert.deepEqual(
      en.products.map((p) => p.product),
      ['c2-camera', 'recorder-nvr', 'vistacam-app'],
    );
    assert.equal(en.products.find((p) => p.product === 'vistacam-app')!.scope.applies, false, 'an app is no device');
    const p131 = en.provisions.find((p) => p.id === '5.3-13')!;
    assert.equal(p131.support, 'yes', 'the support period is published and verified');
    const p1 = en.provisions.find((p) => p.id === '5.1-2A')!;
    assert.equal(p1.status, 'recommended');
  });

  it('writes every format to --out and prints a summary', async () => {
    const out = tmp();
    const result = await cli('assess', CAMERA, '--format', 'all', '--out', out, '--date', '2026-11-27');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Risks: \d+[\s\S]*Top gaps:[\s\S]*Framework progress \(3 products\):/);
    assert.ok(existsSync(join(out, 'assessment.json')));
    assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /^# Vistacam shop monitoring/);
    assert.equal(
      readFileSync(join(out, 'report.xlsx')).subarray(0, 2).toString('latin1'),
      'PK',
      'the workbook is a zip',
    );
    // beside the JSON, OSCAL takes the digest the JSON writer recorded; alone, it makes it: the same document
    const alone = tmp();
    assert.equal((await cli('assess', CAMERA, '--format', 'oscal', '--out', alone, '--date', '2026-11-27')).code, 0);
    const results = 'oscal-assessment-results.json';
    assert.equal(readFileSync(join(out, results), 'utf8'), readFileSync(join(alone, results), 'utf8'));
  });

  it('refuses to print a binary format to the terminal', async () => {
    const result = await cli('assess', CAMERA, '--format', 'xlsx');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--format xlsx writes a binary file; give --out DIR/);
    assert.equal(result.stdout, '');
  });

  it('--fail-on exits 1 only when an open risk reaches the level', async () => {
    assert.equal((await cli('assess', CAMERA_REV2, '--fail-on', 'high', '--quiet')).code, 1);
    assert.equal((await cli('assess', CAMERA_REV2, '--fail-on', 'critical', '--quiet')).code, 0);
    assert.equal(
      (await cli('assess', CAMERA, '--fail-on', 'critical', '--quiet')).code,
      1,
      "the recorder's shared default password is critical: the C2's controls do not lower it",
    );
    const bad = await cli('assess', CAMERA, '--fail-on', 'severe');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--fail-on must be a risk level: low, medium, high, critical/);
  });

  it('--stakeholder narrows controls and gaps to what that stakeholder owes', async () => {
    const a = JSON.parse(
      (await cli('assess', CAMERA, '--format', 'json', '--stakeholder', 'user')).stdout,
    ) as Assessment;
    assert.ok(a.controls.length > 0);
    assert.ok(a.controls.every((c) => c.stakeholders.some((s) => s.role === 'user')));
    assert.ok(a.gaps.every((g) => g.stakeholders.some((s) => s.role === 'user')));
  });
});

describe('cli: init, schema, catalog, map, coverage', () => {
  it('init writes a starter model that validates, and the examples', async () => {
    const dir = tmp();
    const starter = join(dir, 'system.yaml');
    assert.equal((await cli('init', '--out', starter)).code, 0);
    assert.equal((await cli('validate', starter)).code, 0);
    assert.equal((await cli('init', '--out', starter)).code, 2, 'refuses to overwrite');
    const camera = join(dir, 'camera.yaml');
    assert.equal((await cli('init', '--example', 'camera', '--out', camera)).code, 0);
    assert.equal(readFileSync(camera, 'utf8'), modelHeader('camera.yaml') + readFileSync(CAMERA, 'utf8'));
    assert.equal((await cli('validate', camera)).code, 0);
  });

  it('init points the model at its documentation and at a schema file editors complete keys from', async () => {
    const dir = tmp();
    const file = join(dir, 'models', 'plant.yaml');
    const result = await cli('init', '--out', file);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Wrote .*plant\.yaml \(\d+ lines\) and .*models\/iotassure\.schema\.json/);
    const text = readFileSync(file, 'utf8');
    const [modeline, ...comments] = text.split('\n').filter((l) => l.startsWith('#'));
    assert.equal(modeline, '# yaml-language-server: $schema=./iotassure.schema.json');
    assert.match(comments.join('\n'), /`iotassure docs model`[\s\S]*iotassure validate plant\.yaml/);
    assert.doesNotMatch(text, /docs\/model\.md/, 'no path that exists only in the checkout');
    const schema = JSON.parse(readFileSync(join(dir, 'models', 'iotassure.schema.json'), 'utf8'));
    assert.deepEqual(schema, JSON.parse((await cli('schema')).stdout));
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(schema);
    assert.equal(validate(load(text)), true, 'the schema accepts the model it was written with');
    const folder = await cli('init', '--out', dir);
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /is a folder; name the file, e\.g\. --out .*system\.yaml/);
  });

  it('schema prints a JSON Schema that accepts the example models', async () => {
    const schema = JSON.parse((await cli('schema')).stdout);
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const model = load(readFileSync(CAMERA, 'utf8'));
    assert.equal(validate(model), true, JSON.stringify(validate.errors?.slice(0, 3)));
    assert.equal(validate({ system: { name: 'x' }, elements: [{ id: 'a', kind: 'camra' }] }), false);
  });

  it('docs prints every shipped reference page, offline', async () => {
    const list = await cli('docs');
    assert.equal(list.code, 0);
    const topics = [...list.stdout.matchAll(/^ {2}(\S+) {2,}/gm)].map((m) => m[1]!);
    const pages = readdirSync('docs').filter((f) => f.endsWith('.md'));
    assert.deepEqual(
      topics.filter((t) => t !== 'catalog').sort(),
      pages.map((f) => f.replace(/\.md$/, '')).sort(),
      'every docs/*.md page is a topic',
    );
    for (const topic of topics) {
      const page = await cli('docs', topic);
      assert.equal(page.code, 0, page.stderr);
      const file = topic === 'catalog' ? 'docs/catalog/README.md' : `docs/${topic}.md`;
      assert.equal(page.stdout, readFileSync(file, 'utf8'), topic);
    }
    assert.equal((await cli('docs', 'Model')).stdout, readFileSync('docs/model.md', 'utf8'));
    const typo = await cli('docs', 'modle');
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /no topic "modle"; did you mean "model"\?/);
  });

  it('catalog list, show and search', async () => {
    const list = await cli('catalog', 'list', '--stakeholder', 'user', '--json');
    const controls = JSON.parse(list.stdout) as { stakeholders: string[] }[];
    assert.ok(controls.length >= 20 && controls.every((c) => c.stakeholders.includes('user')));
    assert.match(
      (await cli('catalog', 'show', 'etsi-en-303-645:5.3-13')).stdout,
      /covered by:\n {2}defined-support-period/,
    );
    assert.match((await cli('catalog', 'search', 'debug')).stdout, /debug-interface-protection/);
    assert.equal((await cli('catalog', 'show', 'no-such-thing')).code, 2);
  });

  it('a search that finds nothing says so and succeeds', async () => {
    const text = await cli('catalog', 'search', 'demand response');
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^no matches for "demand response"; try fewer or shorter words/);
    const json = await cli('catalog', 'search', 'demand response', '--json');
    assert.deepEqual([json.code, JSON.parse(json.stdout)], [0, []]);
    const filtered = await cli('catalog', 'list', '--family', '7.2.3', '--framework', 'nist-ir-8259b');
    assert.deepEqual([filtered.code, filtered.stdout], [0, 'no matches\n']);
  });

  it('map answers both directions', async () => {
    const req = await cli('map', 'uk-psti:1', '--json');
    const covering = JSON.parse(req.stdout) as { controls: { id: string }[] };
    assert.ok(covering.controls.some((c) => c.id === 'password-credential-quality'));
    const control = await cli('map', 'password-credential-quality');
    assert.match(control.stdout, /etsi-en-303-645:5\.1-1/);
    assert.match(control.stdout, /iso-iec-27400:7\.1\.2\.7/);
    const typo = await cli('map', 'etsi-en-303-645:5.1-9');
    assert.equal(typo.code, 2);
  });

  it('coverage reports the model and the catalog view', async () => {
    const model = await cli('coverage', 'etsi-en-303-645', 'uk-psti', '--model', CAMERA, '--json');
    const coverage = JSON.parse(model.stdout) as ConformanceStatement[];
    assert.deepEqual(
      coverage.map((c) => c.framework),
      ['etsi-en-303-645', 'uk-psti'],
    );
    assert.equal(coverage[1]!.summary.supported, 2, 'the recorder does not meet PSTI 1');
    assert.equal(coverage[1]!.products.find((p) => p.product === 'c2-camera')!.summary.supported, 3);
    const one = await cli('coverage', 'uk-psti', '--model', CAMERA, '--product', 'recorder-nvr', '--details');
    assert.match(one.stdout, /UK PSTI — Vistacam NVR-1 recorder: 2 of 3 applicable requirements supported/);
    assert.match(one.stdout, /\n {2}1 +M not supported/);
    const text = await cli('coverage', '--model', CAMERA);
    assert.match(text.stdout, /ETSI EN 303 645 V3\.1\.3: \d+ of \d+ applicable requirements supported/);
    assert.match((await cli('coverage', 'eu-cra')).stdout, /eu-cra: 22 of 22 requirements covered/);
  });

  it('coverage of the catalog does not count a complementary control as covering a requirement', async () => {
    const file = join(tmp(), 'policy.yaml');
    writeFileSync(
      file,
      [
        'framework: { id: acme-policy, title: ACME IoT policy, version: "2026", publisher: ACME, licence: internal, confidence: high, provenance: { source: ACME intranet }, addressees: [manufacturer] }',
        'requirements:',
        '  - { id: P1, title: Cameras ship with unique passwords, status: mandatory }',
        '  - { id: P2, title: The support period is published, status: mandatory }',
        'mappings:',
        '  - { control: user-change-default-credentials, target: acme-policy:P1, relationship: complementary }',
        '  - { control: defined-support-period, target: acme-policy:P2, relationship: equal }',
      ].join('\n'),
    );
    const { stdout } = await cli('coverage', 'acme-policy', '--catalog', file);
    assert.match(
      stdout,
      /acme-policy: 1 of 2 requirements covered by controls, 0 uncovered on purpose, 1 not covered: P1/,
    );
  });
});

describe('cli: option values', () => {
  it('ignore case where that names one value', async () => {
    assert.equal((await cli('assess', CAMERA_REV2, '--fail-on', 'High', '--quiet')).code, 1);
    assert.equal((await cli('assess', CAMERA_REV2, '--fail-on', 'CRITICAL', '--quiet')).code, 0);
    const json = await cli('assess', CAMERA, '--format', 'JSON', '--stakeholder', 'User');
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual((JSON.parse(json.stdout) as Assessment).filters.stakeholder, 'user');
    const all = await cli('assess', CAMERA, '--format', 'ALL', '--out', tmp());
    assert.equal(all.code, 0, all.stderr);
    const users = JSON.parse((await cli('catalog', 'list', '--stakeholder', 'USER', '--json')).stdout);
    assert.deepEqual(users, JSON.parse((await cli('catalog', 'list', '--stakeholder', 'user', '--json')).stdout));
    const en = await cli('catalog', 'list', '--framework', 'ETSI-EN-303-645', '--family', '7.1.2');
    assert.match(en.stdout, /password-credential-quality/);
    assert.equal((await cli('init', '--example', 'Camera', '--out', join(tmp(), 'c.yaml'))).code, 0);
    const diff = await cli('diff', CAMERA, CAMERA, '--format', 'MD', '--fail-on-new', 'High');
    assert.equal(diff.code, 0, diff.stderr);
    const plan = await cli(
      'verify',
      'examples/monitoring-camera/targets.yaml',
      ...['--model', CAMERA, '--dry-run', '--fail-on', 'inconclusive'],
    );
    assert.equal(plan.code, 0, plan.stderr);
  });

  it('reject what names no value, or two, with the choices and a suggestion', async () => {
    const unknown = await cli('catalog', 'list', '--stakeholder', 'users');
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /--stakeholder must be one of developer, provider, user; got "users" \(did you mean user\?\)/,
    );
    const family = await cli('catalog', 'list', '--family', '7.1');
    assert.equal(family.code, 2);
    assert.match(family.stderr, /--family must be one of 7\.1\.2, 7\.1\.3, 7\.2\.2, 7\.2\.3/);
    const format = await cli('assess', CAMERA, '--format', 'jsno');
    assert.match(format.stderr, /unknown format "jsno"; did you mean json\? formats: /);
    assert.equal(matchWord('Low', ['low', 'LOW']), undefined, 'two values that differ only in case stay apart');
    assert.equal(matchWord('LOW', ['low', 'LOW']), 'LOW');
    assert.equal(matchWord('Medium', ['low', 'medium']), 'medium');
  });

  it('help and the CLI reference say "(repeatable)" once', async () => {
    const help = (await cli('assess', '--help')).stdout;
    assert.match(help, /--evidence FILE\s+results of `iotassure verify` to use as evidence \(repeatable\)\n/);
    assert.match(help, /--catalog PATH\s+add a catalog file or folder of your own \(repeatable\)\n/);
  });
});

describe('cli: progress and own catalogs', () => {
  it('reports progress on a terminal, on standard error only', async () => {
    let stderr = '';
    let stdout = '';
    const { main } = await import('../src/cli/main.js');
    const code = await main(['assess', CAMERA, '--format', 'md', '--out', tmp()], {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      tty: true,
    });
    assert.equal(code, 0);
    assert.match(stderr, /loaded .*11 elements, 15 flows; \d+ controls \(\d+\.\d s\)\n {2}assessed: \d+ risks/);
    assert.match(stderr, /wrote md/);
    assert.doesNotMatch(stdout, /loaded /);
    assert.doesNotMatch((await cli('assess', CAMERA)).stderr, /loaded /, 'silent when not a terminal');
  });

  it('uses a catalog file the model names, validated like the built-in one', async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'policy.yaml'),
      [
        'framework: { id: acme-policy, title: ACME IoT policy, version: "2026", publisher: ACME, licence: internal, confidence: high, provenance: { source: ACME intranet } }',
        'requirements:',
        '  - { id: P1, title: Cameras never ship with shared passwords, status: mandatory }',
        'mappings:',
        '  - { control: password-credential-quality, target: acme-policy:P1, relationship: equal }',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'model.yaml'),
      'catalogs: [policy.yaml]\nsystem: { name: S }\nelements: [{ id: cam, kind: camera, authentication: { passwords: shared-default } }]\nassessment:\n  controls:\n    password-credential-quality: { status: implemented }\n',
    );
    const a = JSON.parse((await cli('assess', join(dir, 'model.yaml'), '--format', 'json')).stdout) as Assessment;
    const policy = a.conformance.find((c) => c.framework === 'acme-policy')!;
    assert.deepEqual([policy.summary.applicable, policy.summary.supported], [1, 0], 'the facts refute the claim');
    assert.ok(a.findings.some((f) => f.kind === 'contradiction' && f.control === 'password-credential-quality'));
    writeFileSync(join(dir, 'policy.yaml'), 'framework: { id: acme-policy }\n');
    const broken = await cli('validate', join(dir, 'model.yaml'));
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /policy\.yaml:1:\d+: error: framework: "title" is required but missing/);
  });
});
