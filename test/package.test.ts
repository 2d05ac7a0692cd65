/**
 * The npm package as a user meets it: `npm pack` on a copy of the project (so prepack's clean build runs without
 * touching this checkout's dist/), `npm install --global` of the tarball into a temporary prefix, and the installed
 * `iotassure` run by name from an empty folder elsewhere — init, validate, assess, verify, docs — and through npx.
 *
 * npm resolves the dependencies from the npm cache `npm ci` filled (--prefer-offline; the registry only for what is
 * missing). It runs with a throwaway cache folder that shares that cache's content store, so what npm writes besides
 * the store (npx's install, logs) stays in the temporary folder.
 */
import assert from 'node:assert/strict';
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, relative, sep } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { requireBinaries, tempDir, which } from './fixtures/system.js';
import { cycloneDx } from './support/sbom-samples.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const VERSION: string = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version;
/** Top-level entries of the checkout that are not the project's sources (build output, installs, reports). */
const NOT_SOURCES = new Set(['.git', 'node_modules', 'dist', 'out', 'coverage', 'scratch']);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface Installed {
  tarball: string;
  /** paths inside the tarball, as `npm pack --json` lists them */
  files: string[];
  /** for npm and npx: no npm_* variables of the npm running the tests, and the throwaway cache */
  npmEnv: NodeJS.ProcessEnv;
  /** a user's shell after the install: npmEnv with the install prefix's bin/ first on the PATH */
  env: NodeJS.ProcessEnv;
  /** an empty folder outside the checkout and the prefix */
  work: string;
}

function run(command: string, args: string[], options: SpawnSyncOptions): Run {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 300_000, ...options });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

const described = (what: string, result: Run) => `${what} exited ${result.code}\n${result.stdout}\n${result.stderr}`;

/** Packs a copy of the project and installs the tarball globally into a temporary prefix, all under `root`. */
function packAndInstall(npm: string, root: string): Installed {
  const copy = join(root, 'project');
  cpSync(REPO, copy, {
    recursive: true,
    filter: (source) => !NOT_SOURCES.has(relative(REPO, source).split(sep)[0]!),
  });
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'), 'dir');
  // npm passes its configuration to scripts as npm_* variables (npm test sets them); none may reach the npm under test.
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const cache = join(root, 'npm-cache');
  mkdirSync(cache);
  const store = join(run(npm, ['config', 'get', 'cache'], { env: base }).stdout.trim(), '_cacache');
  if (existsSync(store)) symlinkSync(store, join(cache, '_cacache'), 'dir');
  const prefix = join(root, 'prefix');
  const npmEnv = {
    ...base,
    PATH: [dirname(process.execPath), base.PATH].join(delimiter),
    npm_config_cache: cache,
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const packed = run(npm, ['pack', '--json', '--pack-destination', root], { cwd: copy, env: npmEnv });
  assert.equal(packed.code, 0, described('npm pack', packed));
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  const tarball = join(root, info!.filename);
  // As the README says: no dependency's install script is needed (ssh2's and cpu-features' only compile speed-ups).
  const install = ['install', '--global', '--ignore-scripts', '--prefix', prefix, tarball];
  const installed = run(npm, install, { cwd: root, env: npmEnv });
  assert.equal(installed.code, 0, described('npm install --global', installed));
  const work = join(root, 'my-system');
  mkdirSync(work);
  const env = { ...npmEnv, PATH: [join(prefix, 'bin'), npmEnv.PATH].join(delimiter) };
  return { tarball, files: info!.files.map((f) => f.path), npmEnv, env, work };
}

const npm = which('npm');
const root = tempDir('iotassure-package-');
let pkg: Installed | undefined;

before(
  () => {
    if (npm) pkg = packAndInstall(npm, root);
  },
  { timeout: 900_000 },
);

// A copy of the project, an install with its dependencies and npx's unpacked copy: ~100 MB, not left behind. The
// symbolic links to node_modules and the npm cache are removed, not followed.
after(() => rmSync(root, { recursive: true, force: true }));

/** The installed package, or a skip (a failure in CI) when npm is not on the PATH. */
function installed(t: TestContext): Installed | undefined {
  return requireBinaries(t, ['npm'], 'npm') ? pkg : undefined;
}

/** `iotassure ...args` by name, as a user types it, in the empty folder. */
const iotassure = (p: Installed, ...args: string[]): Run =>
  run('iotassure', args, { cwd: p.work, env: { ...p.env, IOTASSURE_TEST_SCOPE: 'loopback' } });

describe('the npm package', () => {
  it('holds what the CLI needs at run time, and none of the sources, tests or build tools', (t) => {
    const p = installed(t);
    if (!p) return;
    for (const path of [
      'package.json',
      'README.md',
      'LICENSE',
      'bin/iotassure.js',
      'bin/package.json',
      'dist/bundle/cli.cjs',
      'dist/bundle/code-cache.cjs',
      'dist/bundle/assess-worker.js',
      'dist/verify/sbom/cdx16-validator.standalone.cjs',
      'catalog/controls/security-developer-provider.yaml',
      'catalog/lifecycle.yaml',
      'examples/monitoring-camera/system.yaml',
      'docs/model.md',
      'docs/verification.md',
      'schemas/bom-1.6.schema.json',
      'schemas/README.md',
    ]) {
      assert.ok(p.files.includes(path), `${path} is in the tarball`);
    }
    assert.ok(
      p.files.some((f) => /^dist\/bundle\/[^/]+\.v8cache$/.test(f)),
      "the CLI's code cache is in the tarball (src/cli/code-cache.ts)",
    );
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    for (const [, link] of readme.matchAll(/\]\((docs\/[^)#]+)\)/g)) {
      assert.ok(p.files.includes(link!), `the README's link ${link} resolves in the package`);
    }
    const unwanted = p.files.filter((f) =>
      /^(src|test|bench|scripts|\.ci|node_modules|dist\/docs)\/|\.(ts|map)$|^schemas\/(oscal|sarif|osv)/.test(f),
    );
    assert.deepEqual(unwanted, []);
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    assert.match(manifest.engines.node, /^>=20/);
    assert.equal(manifest.license, 'Apache-2.0');
  });

  it('npm install --global gives a working iotassure on the PATH, from an empty folder', (t) => {
    const p = installed(t);
    if (!p) return;
    const version = iotassure(p, '--version');
    assert.equal(version.stdout, `${VERSION}\n`, described('iotassure --version', version));

    const init = iotassure(p, 'init');
    assert.equal(init.code, 0, described('iotassure init', init));
    const model = readFileSync(join(p.work, 'system.yaml'), 'utf8');
    assert.match(model, /^# yaml-language-server: \$schema=\.\/iotassure\.schema\.json\n/);
    assert.equal(JSON.parse(readFileSync(join(p.work, 'iotassure.schema.json'), 'utf8')).type, 'object');

    const validate = iotassure(p, 'validate', 'system.yaml');
    assert.equal(validate.code, 0, described('iotassure validate', validate));
    assert.match(validate.stdout, /system\.yaml: valid/);

    const assess = iotassure(p, 'assess', 'system.yaml', '--format', 'all', '--out', 'report', '--date', '2026-11-27');
    assert.equal(assess.code, 0, described('iotassure assess', assess));
    assert.match(assess.stdout, /Risks: \d+[\s\S]*Framework progress \(\d+ products?\):/);
    // report.pdf embeds fonts from a dependency found at run time: it must resolve in an installed copy too
    for (const file of ['assessment.json', 'report.html', 'report.md', 'results.sarif', 'report.pdf']) {
      assert.ok(existsSync(join(p.work, 'report', file)), `report/${file} written`);
    }
    // beside other formats the PDF is made on a thread (the bundle's pdf-worker.js): the same document as alone
    const pdf = iotassure(p, 'assess', 'system.yaml', '--format', 'pdf', '--out', 'pdf', '--date', '2026-11-27');
    assert.equal(pdf.code, 0, described('iotassure assess --format pdf', pdf));
    assert.ok(
      readFileSync(join(p.work, 'report', 'report.pdf')).equals(readFileSync(join(p.work, 'pdf', 'report.pdf'))),
    );

    const example = iotassure(p, 'init', '--example', 'camera', '--out', 'camera.yaml');
    assert.equal(example.code, 0, described('iotassure init --example camera', example));
    assert.equal(iotassure(p, 'validate', 'camera.yaml').code, 0);
  });

  it('verify plans from a targets file and checks an SBOM against the shipped CycloneDX schema', (t) => {
    const p = installed(t);
    if (!p) return;
    if (!existsSync(join(p.work, 'system.yaml'))) assert.equal(iotassure(p, 'init').code, 0);
    writeFileSync(join(p.work, 'bom.json'), JSON.stringify(cycloneDx('1.6')));
    writeFileSync(join(p.work, 'osv.json'), '[]');
    writeFileSync(
      join(p.work, 'targets.yaml'),
      [
        'scope: [127.0.0.1/32]',
        'targets:',
        '  - id: sensor',
        '    element: device',
        '    host: 127.0.0.1',
        '    services: [{ port: 8883, protocol: mqtts, authentication: certificate }]',
        'sbom: bom.json',
        'osv: osv.json',
        '',
      ].join('\n'),
    );
    const plan = iotassure(p, 'verify', 'targets.yaml', '--model', 'system.yaml', '--dry-run');
    assert.equal(plan.code, 0, described('iotassure verify --dry-run', plan));
    assert.match(plan.stdout, /sensor/);
    assert.match(plan.stdout, /8883/);

    const sbom = iotassure(p, 'verify', 'targets.yaml', '--model', 'system.yaml', '--only', 'SBOM-01', '--json');
    assert.equal(sbom.code, 0, described('iotassure verify --only SBOM-01', sbom));
    const observations = JSON.parse(sbom.stdout) as { check: string; verdict: string; summary: string }[];
    assert.deepEqual(
      observations.map((o) => o.check),
      ['SBOM-01'],
    );
    assert.doesNotMatch(observations[0]!.summary, /not valid|schema|ENOENT/i, observations[0]!.summary);
    assert.ok(['PASS', 'INCONCLUSIVE'].includes(observations[0]!.verdict), observations[0]!.summary);
  });

  it('iotassure docs prints the shipped reference pages offline', (t) => {
    const p = installed(t);
    if (!p) return;
    const docs = iotassure(p, 'docs', 'model');
    assert.equal(docs.code, 0, described('iotassure docs model', docs));
    assert.equal(docs.stdout, readFileSync(join(REPO, 'docs/model.md'), 'utf8'));
    assert.match(iotassure(p, 'docs').stdout, /The pages are Markdown files in .*prefix.*docs/);
  });

  it('npx runs the tarball without installing it', (t) => {
    const p = installed(t);
    if (!p) return;
    // Without the global install on the PATH, so the iotassure that answers is the one npx unpacked; without install
    // scripts, as the README says (better-sqlite3 would compile SQLite for minutes, for `serve` only).
    const result = run('npx', ['--yes', '--ignore-scripts', `--package=${p.tarball}`, 'iotassure', '--version'], {
      cwd: p.work,
      env: p.npmEnv,
    });
    assert.equal(result.code, 0, described('npx --package=TARBALL iotassure', result));
    assert.equal(result.stdout.trim().split('\n').at(-1), VERSION);
  });
});
