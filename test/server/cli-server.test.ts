/** The command line meets the server: push (summary, link, --fail-on), pull, audit verify, backup and restore. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { tempDir } from '../fixtures/system.js';
import { bin } from '../support/cli.js';
import { serve, token } from '../support/server-process.js';

const BIN = new URL('../../bin/iotassure.js', import.meta.url).pathname;
const CAMERA = new URL('../../examples/monitoring-camera/system.yaml', import.meta.url).pathname;

function run(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('push, pull, audit verify, backup and restore against a running workspace', async (t) => {
  const data = tempDir('iotassure-cli-server-');
  const server = await serve(['--data', data]);
  t.after(() => server.fixture.stop());
  const env = { IOTASSURE_TOKEN: await token(server.url) };

  // The camera example has a critical risk open (the recorder's shared password), so no gate passes it: push ungated.
  const pushed = run(['push', CAMERA, '--server', server.url], env);
  assert.equal(pushed.code, 0, pushed.stderr);
  assert.match(pushed.stdout, /Vistacam shop monitoring — ISO\/IEC 27400 assessment/);
  assert.match(pushed.stdout, new RegExp(`Created vistacam-shop: revision 1\\n${server.url}/systems/vistacam-shop`));
  const gated = run(['push', CAMERA, '--server', server.url, '--fail-on', 'high'], env);
  assert.equal(gated.code, 1, 'a high risk is open');
  assert.match(gated.stdout, /Updated vistacam-shop: revision 2/);

  const out = join(data, 'pulled.yaml');
  const pulled = run(['pull', 'vistacam-shop', '--server', server.url, '--out', out], env);
  assert.equal(pulled.code, 0, pulled.stderr);
  assert.equal(readFileSync(out, 'utf8'), readFileSync(CAMERA, 'utf8'));

  const bad = join(data, 'bad.yaml');
  writeFileSync(bad, 'system:\n  name: x\nelements:\n  - id: a\n    kind: bogus\n');
  const refused = run(['push', bad, '--server', server.url, '--system', 'bad'], env);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /bad\.yaml:5:11: error: elements\[0\]\.kind/);
  const noToken = run(['push', CAMERA, '--server', server.url], { IOTASSURE_TOKEN: '' });
  assert.equal(noToken.code, 2);
  assert.match(noToken.stderr, /set IOTASSURE_TOKEN/);
  const wrongToken = run(['pull', 'vistacam-shop', '--server', server.url], { IOTASSURE_TOKEN: 'iat_nope' });
  assert.equal(wrongToken.code, 2);
  assert.match(wrongToken.stderr, /does not accept IOTASSURE_TOKEN/);
  const unreachable = run(['pull', 'x', '--server', 'http://127.0.0.1:9'], env);
  assert.equal(unreachable.code, 2);
  assert.match(unreachable.stderr, /cannot reach http:\/\/127\.0\.0\.1:9/);

  const backup = join(data, 'backup.sqlite');
  const backedUp = bin(['backup', '--data', data, '--out', backup]);
  assert.equal(backedUp.code, 0, backedUp.stderr);
  assert.match(backedUp.stdout, /chain intact/);
  await server.fixture.stop();

  const verified = bin(['audit', 'verify', '--data', data]);
  assert.equal(verified.code, 0, verified.stdout);
  // Tamper with the live store: verify names the entry; restoring the backup brings the intact log back.
  const db = new SqliteDatabase(join(data, 'iotassure.sqlite'));
  db.prepare("update audit_log set actor = 'user:someone-else' where seq = 3").run();
  db.close();
  const broken = bin(['audit', 'verify', '--data', data]);
  assert.equal(broken.code, 1);
  assert.match(broken.stdout, /audit log BROKEN at entry 3: its content does not match its hash/);
  assert.equal(bin(['backup', '--restore', backup, '--data', data]).code, 2, 'refuses to replace without --force');
  const restored = bin(['backup', '--restore', backup, '--data', data, '--force']);
  assert.equal(restored.code, 0, restored.stderr);
  assert.equal(bin(['audit', 'verify', '--data', data]).code, 0);
  const missing = bin(['audit', 'verify', '--data', join(data, 'nowhere')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no workspace database/);
});

test('serve --examples loads every bundled example, an example with a rules file without it', async (t) => {
  const data = tempDir('iotassure-examples-');
  const server = await serve(['--data', data, '--examples']);
  t.after(() => server.fixture.stop());
  const env = { IOTASSURE_TOKEN: await token(server.url) };
  for (const id of ['monitoring-camera', 'smart-home', 'industrial-sensors']) {
    const out = join(data, `${id}.yaml`);
    const pulled = run(['pull', id, '--server', server.url, '--out', out], env);
    assert.equal(pulled.code, 0, `${id}: ${pulled.stderr}\n${server.fixture.output()}`);
    const original = readFileSync(new URL(`../../examples/${id}/system.yaml`, import.meta.url), 'utf8');
    if (id === 'industrial-sensors') {
      // the workspace reads no files: the rules file is left out in the text, its comment kept
      assert.equal(readFileSync(out, 'utf8'), original.replace('rules: [rules.yaml]', 'rules: []'));
      assert.match(
        server.fixture.output(),
        /Loaded the example industrial-sensors \(without its rules files \(rules\.yaml\)\)/,
      );
    } else assert.equal(readFileSync(out, 'utf8'), original);
  }
});
