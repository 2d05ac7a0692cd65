/**
 * What a command loads: each command's module is imported only when it runs, so the everyday commands do not pay for
 * the network checks, the workspace server or report formats they do not write. Checked on the built executable by
 * V8's coverage of the run (which functions were called), not by timing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cycloneDx } from './support/sbom-samples.js';

const dir = mkdtempSync(join(tmpdir(), 'iotassure-startup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const BUNDLE = new URL('../dist/bundle/cli.cjs', import.meta.url);

interface ScriptCoverage {
  url: string;
  functions: { functionName: string; ranges: { count: number }[] }[];
}

/**
 * The modules of the bundle (dist/bundle/cli.cjs, scripts/bundle-cli.mjs) whose code runs whenever it loads: esbuild
 * heads each module's code with a comment naming it (`// dist/model/…`, `// node_modules/zod/…`) and wraps the code of
 * each module that runs only once imported in a function of that name (`"dist/model/load.js"() {…}`).
 */
function eagerModules(): string[] {
  const text = readFileSync(BUNDLE, 'utf8');
  const wrapped = new Set([...text.matchAll(/^ {2}"((?:dist|node_modules)\/[^"]+)"\(/gm)].map((m) => m[1]!));
  return [...text.matchAll(/^\/\/ ((?:dist|node_modules)\/\S+)$/gm)].map((m) => m[1]!).filter((m) => !wrapped.has(m));
}

/**
 * The modules whose code the built CLI runs for `argv`: the bundle's modules that ran (their function was called, or
 * they run on load), and every other script the process loaded (the packages left out of the bundle, required from
 * node_modules, and the CycloneDX validator generated at build time), by URL.
 */
function loadedModules(argv: string[], cwd?: string): string[] {
  const coverage = mkdtempSync(join(dir, 'coverage-'));
  const result = spawnSync(process.execPath, [new URL('../bin/iotassure.js', import.meta.url).pathname, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, NODE_V8_COVERAGE: coverage },
    ...(cwd && { cwd }),
  });
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  const scripts = readdirSync(coverage).flatMap(
    (file) => (JSON.parse(readFileSync(join(coverage, file), 'utf8')) as { result: ScriptCoverage[] }).result,
  );
  const bundle = scripts.find((script) => script.url === BUNDLE.href);
  assert.ok(bundle, 'the executable runs the bundle');
  return [
    ...eagerModules(),
    ...bundle.functions
      .filter((f) => /^(dist|node_modules)\//.test(f.functionName) && f.ranges[0]!.count > 0)
      .map((f) => f.functionName),
    ...scripts.filter((script) => script !== bundle && script.url.startsWith('file:')).map((script) => script.url),
  ];
}

/** The packages (node_modules) and iotassure folders whose code the built CLI runs for `argv` (`loadedModules`). */
function loaded(...argv: string[]): Set<string> {
  const names = new Set<string>();
  for (const module of loadedModules(argv)) {
    const pkg = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(module)?.[1];
    const own = /(?:^|\/)dist\/([^/]+)\//.exec(module)?.[1];
    if (pkg) names.add(pkg);
    else if (own) names.add(`dist/${own}`);
  }
  return names;
}

const VERIFY_AND_SERVER = [
  'ssh2',
  '@peculiar/x509',
  'ajv',
  'fastify',
  'kysely',
  'better-sqlite3',
  'pg',
  'dist/verify',
  'dist/server',
];

describe('start-up loads only what the command uses', () => {
  it('--version loads no package and neither the assessment nor the reports', () => {
    const names = loaded('--version');
    assert.deepEqual(
      [...names].filter((n) => !n.startsWith('dist/') || ['dist/assess', 'dist/report', 'dist/model'].includes(n)),
      [],
    );
  });

  it('validate loads the assessment and the packages of the model, and no report, writer, verify or server', () => {
    const names = loaded('validate', 'examples/monitoring-camera/system.yaml');
    assert.ok(names.has('dist/assess'), 'the assessment was loaded (its findings are reported)');
    assert.deepEqual([...names].filter((n) => !n.startsWith('dist/')).sort(), ['js-yaml', 'zod']);
    assert.deepEqual(
      ['dist/report', 'dist/output', 'dist/verify', 'dist/server'].filter((n) => names.has(n)),
      [],
    );
  });

  it('assess writing JSON loads neither verify nor the server nor other report formats', () => {
    const names = loaded(
      'assess',
      'examples/monitoring-camera/system.yaml',
      '--format',
      'json',
      '--out',
      join(dir, 'out'),
    );
    assert.ok(names.has('dist/assess'), 'the assessment was loaded (the hook sees modules)');
    assert.deepEqual(
      VERIFY_AND_SERVER.filter((n) => names.has(n)),
      [],
    );
    assert.ok(!names.has('elkjs'), 'the diagram layout is loaded only for HTML and PDF');
  });

  it('verify of a CycloneDX 1.6 SBOM loads the validator generated at build time, not ajv to compile it', () => {
    const project = mkdtempSync(join(dir, 'sbom-'));
    writeFileSync(join(project, 'bom.json'), JSON.stringify(cycloneDx('1.6')));
    writeFileSync(join(project, 'osv.json'), '[]');
    writeFileSync(
      join(project, 'targets.yaml'),
      'targets:\n  - host: 127.0.0.1\n    services: []\nsbom: bom.json\nosv: osv.json\n',
    );
    const modules = loadedModules(['verify', 'targets.yaml', '--only', 'SBOM-01', '-q'], project);
    const generated = new URL('../dist/verify/sbom/cdx16-validator.standalone.cjs', import.meta.url).href;
    assert.ok(modules.includes(generated), 'the generated validator was loaded');
    assert.deepEqual(
      modules.filter((m) => /node_modules\/ajv\/dist\/(ajv|core|compile\/index)\.js$/.test(m)),
      [],
      "ajv's compiler is not loaded",
    );
    assert.deepEqual(
      loadedModules(['--version']).filter((m) => m.includes('cdx16-validator')),
      [],
      '--version loads no SBOM validator',
    );
  });
});
