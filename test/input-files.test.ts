/**
 * What iotassure reads: a path a model or targets file names must stay inside the project folders (the file's own
 * folder and any --allow-path), only regular files are read, the size limit holds while reading, and what a file
 * says is never printed beyond the offending token — nor at all for files outside the project, nor for a secret.
 * Each case is one a pull request could put in front of iotassure in CI.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readInput } from '../src/input/read.js';
import { InputError } from '../src/util/diagnostics.js';
import { loadVerification } from '../src/verify/load.js';
import { loadOsvDatabase } from '../src/verify/sbom/osv.js';
import { tempDir } from './fixtures/system.js';
import { cli } from './support/cli.js';

const T = { timeout: 30_000 };
const SECRET = 'LEAK-c2VjcmV0LXZhbHVl';
const MODEL = 'system: { name: Shop }\nelements:\n  - { id: cam, kind: camera }\n';
/** A catalog file that is not valid: its one key is the secret, as a leaked .env or credentials file would be. */
const LEAKY = `${SECRET}: x\n`;
const CATALOG = [
  'framework: { id: own, title: Own policy, version: "1", publisher: Us, licence: internal, confidence: high, provenance: { source: intranet } }',
  'requirements:',
  '  - { id: P1, title: A requirement, status: mandatory }',
  '',
].join('\n');

/** A project folder with a model naming `catalogs`, and a folder beside it that is outside the project. */
function project(catalogs: string[]): { dir: string; outside: string; model: string } {
  const root = tempDir('iotassure-input-');
  const dir = join(root, 'project');
  const outside = join(root, 'outside');
  mkdirSync(dir);
  mkdirSync(outside);
  const model = join(dir, 'system.yaml');
  writeFileSync(model, `catalogs: ${JSON.stringify(catalogs)}\n${MODEL}`);
  return { dir, outside, model };
}

function assertRefused(result: { code: number; stderr: string }, pattern: RegExp): void {
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, new RegExp(SECRET), 'nothing the file holds is printed');
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

describe('input files: paths a model names stay inside the project', () => {
  it('catalogs: [/etc/shadow] is refused at its line, and nothing of the file is printed', async () => {
    const { model } = project(['/etc/shadow']);
    const result = await cli('validate', model);
    assertRefused(result, /system\.yaml:1:\d+: error: catalogs\[0\]: "\/etc\/shadow" is outside the project folder/);
    assert.match(result.stderr, /--allow-path DIR/);
    assert.doesNotMatch(result.stderr, /root:/);
  });

  it('../.. out of the folder, and a link inside the folder that leads out, are refused', async () => {
    const { dir, outside, model } = project(['../outside/leaky.yaml']);
    writeFileSync(join(outside, 'leaky.yaml'), LEAKY);
    assertRefused(
      await cli('validate', model),
      /catalogs\[0\]: ".*outside\/leaky\.yaml" is outside the project folder/,
    );

    symlinkSync(join(outside, 'leaky.yaml'), join(dir, 'inside.yaml'));
    writeFileSync(model, `catalogs: [inside.yaml]\n${MODEL}`);
    assertRefused(
      await cli('validate', model),
      /"[^"]*inside\.yaml" leads to .*outside\/leaky\.yaml, which is outside/,
    );
  });

  it('a path outside the project is refused in the same words whether it exists or not', async () => {
    const { outside, model } = project([]);
    writeFileSync(join(outside, 'present.yaml'), LEAKY);
    for (const named of ['../outside/present.yaml', '../outside/absent.yaml', '../nowhere/deep/absent.yaml']) {
      writeFileSync(model, `catalogs: [${named}]\n${MODEL}`);
      const result = await cli('validate', model);
      assertRefused(result, /catalogs\[0\]: "[^"]*\.yaml" is outside the project folder/);
      assert.doesNotMatch(result.stderr, /not found/, `${named}: whether a file beyond the project exists is not told`);
    }
    // inside the project, a missing file is simply not found
    writeFileSync(model, `catalogs: [absent.yaml]\n${MODEL}`);
    assertRefused(await cli('validate', model), /catalogs\[0\]: "[^"]*project\/absent\.yaml": file not found/);
  });

  it('a catalog folder with a link out of it is refused', async () => {
    const { dir, outside, model } = project(['policies']);
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(outside, 'leaky.yaml'), LEAKY);
    symlinkSync(join(outside, 'leaky.yaml'), join(dir, 'policies', 'a.yaml'));
    assertRefused(await cli('validate', model), /policies\/a\.yaml: error: links to .*leaky\.yaml, outside the folder/);
    // a link to a file elsewhere in the project is fine
    writeFileSync(join(dir, 'policy.yaml'), CATALOG);
    rmSync(join(dir, 'policies', 'a.yaml'));
    symlinkSync(join(dir, 'policy.yaml'), join(dir, 'policies', 'a.yaml'));
    const linked = await cli('validate', model);
    assert.equal(linked.code, 0, linked.stderr);
  });

  it('links that lead back into a catalog folder are walked once, not round and round', T, async () => {
    const { dir, model } = project(['policies']);
    mkdirSync(join(dir, 'policies', 'deeper'), { recursive: true });
    writeFileSync(join(dir, 'policies', 'policy.yaml'), CATALOG);
    // each folder holds two links back up: without a guard, 2^40 paths before the kernel's link limit
    for (const folder of ['policies', 'policies/deeper']) {
      symlinkSync(join(dir, 'policies'), join(dir, folder, 'up-a'));
      symlinkSync(join(dir, 'policies'), join(dir, folder, 'up-b'));
    }
    const result = await cli('validate', model);
    assert.equal(result.code, 0, result.stderr);
    // the same in an OSV database folder
    writeFileSync(
      join(dir, 'policies', 'deeper', 'r.json'),
      JSON.stringify({ id: 'X-1', modified: '2026-01-01T00:00:00Z' }),
    );
    assert.equal(loadOsvDatabase(join(dir, 'policies')).stats.records, 1);
  });

  it('--allow-path DIR lets the model name files in DIR', async () => {
    const { outside, model } = project(['../outside/policy.yaml']);
    writeFileSync(join(outside, 'policy.yaml'), CATALOG);
    assert.equal((await cli('validate', model)).code, 2);
    const allowed = await cli('validate', model, '--allow-path', outside);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal((await cli('assess', model, '--allow-path', outside, '--format', 'json')).code, 0);
    const missing = await cli('validate', model, '--allow-path', join(outside, 'nope'));
    assertRefused(missing, /--allow-path .*nope: folder not found/);
  });

  it('a targets file may name its SBOM, OSV database and PEM files only inside its folder; PEMs are read at load', () => {
    const { dir, outside } = project([]);
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(join(dir, 'ca.pem'), pem);
    writeFileSync(join(outside, 'ca.pem'), pem);
    writeFileSync(join(outside, 'sbom.json'), '{}');
    const targets = (extra: string, tls = 'ca.pem') => {
      const file = join(dir, 'targets.yaml');
      writeFileSync(
        file,
        `targets:\n  - host: 127.0.0.1\n    services: [{ port: 443, protocol: https, tls: { anchor: ${tls} } }]\n${extra}`,
      );
      return file;
    };
    const loaded = loadVerification(targets(''));
    assert.equal(loaded.spec.targets[0]!.services[0]!.tls!.anchor, pem, 'the PEM file is read once, at load');
    const refused = (file: string, pattern: RegExp) =>
      assert.throws(
        () => loadVerification(file),
        (e: unknown) => e instanceof InputError && pattern.test(e.message),
      );
    refused(
      targets('sbom: ../outside/sbom.json\n'),
      /targets\.yaml:4:7: error: sbom: "\.\.\/outside\/sbom\.json" is outside/,
    );
    refused(targets('', '../outside/ca.pem'), /targets\[0\]\.services\[0\]\.tls\.anchor: .* is outside the project/);
    refused(targets('', '/dev/zero'), /tls\.anchor: "\/dev\/zero" is outside the project/);
    assert.doesNotThrow(() => loadVerification(targets('', '../outside/ca.pem'), undefined, [outside]));
  });
});

describe('input files: only regular files, and the size limit holds while reading', () => {
  it('/dev/zero as a catalog or as --evidence is refused at once, not read', T, async () => {
    const { model } = project([]);
    assertRefused(await cli('validate', model, '--catalog', '/dev/zero'), /\/dev\/zero: error: the file is a device/);
    assertRefused(await cli('assess', model, '--evidence', '/dev/zero'), /\/dev\/zero: error: the file is a device/);
  });

  it('a FIFO is refused without waiting for a writer', T, async (t) => {
    const { dir, model } = project(['pipe.yaml']);
    const made = spawnSync('mkfifo', [join(dir, 'pipe.yaml')]);
    if (made.status !== 0) return t.skip('mkfifo is not available');
    assertRefused(await cli('validate', model), /pipe\.yaml: error: the file is a FIFO \(named pipe\)/);
    assertRefused(await cli('assess', model, '--evidence', join(dir, 'pipe.yaml')), /is a FIFO/);
    assertRefused(await cli('diff', join(dir, 'pipe.yaml'), model), /is a FIFO/);
    assertRefused(await cli('verify', join(dir, 'pipe.yaml'), '--dry-run'), /is a FIFO/);
  });

  it('the limit is on the bytes read: a file whose size reads 0 is still cut off', (t) => {
    // files under /proc report a size of 0 and have content: a limit checked against fstat would let them through
    if (!existsSync('/proc/self/status')) return t.skip('no /proc here');
    assert.throws(
      () => readInput('/proc/self/status', 16),
      (e: unknown) => e instanceof InputError && /is more than 16 bytes; the limit is 16 bytes/.test(e.message),
    );
    assert.ok(readInput('/proc/self/status', 1 << 20).length > 16);
  });
});

describe('input files: what a file says is printed only as far as the offending token', () => {
  it('a file outside the project folder named on the command line: where, never what', async () => {
    const { dir, outside, model } = project([]);
    writeFileSync(join(outside, 'leaky.yaml'), LEAKY);
    const result = await cli('validate', model, '--catalog', join(outside, 'leaky.yaml'));
    assertRefused(result, /leaky\.yaml:1:1: error: the file is not valid here; what it says is not shown/);
    // the same file inside the project is the user's own: its diagnostics are shown
    writeFileSync(join(dir, 'own.yaml'), LEAKY);
    const own = await cli('validate', model, '--catalog', join(dir, 'own.yaml'));
    assert.equal(own.code, 2);
    assert.match(own.stderr, new RegExp(`unknown key "${SECRET}"`));
    // a model named with --model is a project file too
    writeFileSync(join(dir, 'broken.yaml'), `${MODEL}${SECRET}: 1\n`);
    assert.match(
      (await cli('coverage', '--model', join(dir, 'broken.yaml'))).stderr,
      new RegExp(`unknown key "${SECRET}"`),
    );
    // and so is one in a folder the user allowed
    const allowed = await cli('validate', model, '--catalog', join(outside, 'leaky.yaml'), '--allow-path', outside);
    assert.match(allowed.stderr, new RegExp(`unknown key "${SECRET}"`));
  });

  it('a YAML syntax error quotes the offending token, not the line; a long key is cut short', async () => {
    const { dir } = project([]);
    const model = join(dir, 'broken.yaml');
    writeFileSync(model, `system: { name: Shop }\nelements:\n  - id: cam\n   kind: camera ${SECRET}\n`);
    const result = await cli('validate', model);
    assertRefused(result, /broken\.yaml:4:\d+: error: YAML syntax error: .*\n {2}at: "/);
    writeFileSync(model, `${MODEL}${'k'.repeat(57)}${SECRET}: 1\n`);
    assertRefused(await cli('validate', model), /unknown key "k{57}\.\.\."/);
  });

  it('a password written as a number, too long, or on a broken line is never printed', async () => {
    const { dir } = project([]);
    const file = join(dir, 'targets.yaml');
    const run = async (password: string) => {
      writeFileSync(
        file,
        `targets:\n  - host: 127.0.0.1\n    services: []\n    credentials: { valid: { username: admin, password: ${password} } }\n`,
      );
      return cli('verify', file, '--dry-run');
    };
    const number = await run('734120995');
    assertRefused(number, /password: found a number \(not shown: it is a secret\), expected a string/);
    assert.doesNotMatch(number.stderr, /734120995/);
    const long = await run(`${SECRET}${'x'.repeat(200)}`);
    assertRefused(long, /password: found a string of 221 characters \(not shown: it is a secret\)/);
    const broken = await run(`"${SECRET}`);
    assertRefused(broken, /targets\.yaml:\d+:\d+: error: YAML syntax error/);
  });

  it('a UTF-8 byte-order mark before YAML is accepted, and positions count from after it', async () => {
    const { dir } = project([]);
    const model = join(dir, 'bom.yaml');
    writeFileSync(model, `\ufeff${MODEL}`);
    const valid = await cli('validate', model);
    assert.equal(valid.code, 0, valid.stderr);
    writeFileSync(model, `\ufeffsystem: { nme: Shop }\nelements:\n  - { id: cam, kind: camera }\n`);
    assert.match((await cli('validate', model)).stderr, /bom\.yaml:1:11: error: system\.nme: unknown key "nme"/);
  });
});
