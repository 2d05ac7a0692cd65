/**
 * What a command loads: each command's module is imported only when it runs, so the everyday commands do not pay for
 * the network checks, the workspace server or report formats they do not write. Checked on the built executable by
 * recording every module it resolves (a module hook), not by timing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

const dir = mkdtempSync(join(tmpdir(), 'iotassure-startup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const hooks = join(dir, 'hooks.mjs');
writeFileSync(
  hooks,
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.IOTASSURE_LOADED, result.url + '\\n');
  return result;
}
`,
);
const register = join(dir, 'register.mjs');
writeFileSync(
  register,
  `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
);

/**
 * The packages (node_modules) and iotassure folders the built CLI loads for `argv`. The CLI runs from its bundle
 * (dist/bundle/, scripts/bundle-cli.mjs), whose files name each module they hold in a comment line (`// dist/model/…`,
 * `// node_modules/zod/…`), as esbuild writes them; packages left out of the bundle are loaded from node_modules.
 */
function loaded(...argv: string[]): Set<string> {
  const log = join(dir, `${argv.join('-').replace(/\W+/g, '_')}.log`);
  const result = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(register).href, new URL('../bin/iotassure.js', import.meta.url).pathname, ...argv],
    { encoding: 'utf8', env: { ...process.env, IOTASSURE_LOADED: log } },
  );
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  const urls = readFileSync(log, 'utf8').split('\n');
  assert.ok(
    urls.some((url) => url.endsWith('/dist/bundle/main.js')),
    'the executable runs the bundle',
  );
  const modules = urls.flatMap((url) =>
    url.includes('/dist/bundle/')
      ? [...readFileSync(new URL(url), 'utf8').matchAll(/^\/\/ ((?:dist|node_modules)\/\S+)$/gm)].map((m) => m[1]!)
      : [url],
  );
  const names = new Set<string>();
  for (const module of modules) {
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
});
