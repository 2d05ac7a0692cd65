/**
 * The real server processes (`iotassure serve` from the build): two instances on one PostgreSQL database stay
 * consistent, and kill -9 during uploads and edits loses nothing that was acknowledged, on both databases.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Fixture, freePort, start } from '../fixtures/system.js';
import { bin } from '../support/cli.js';
import { ADMIN, DATABASES, type DatabaseKindName, example, freshStore } from '../support/server.js';

const BIN = fileURLToPath(new URL('../../bin/iotassure.js', import.meta.url));
const camera = example('monitoring-camera');

interface Server {
  url: string;
  fixture: Fixture;
}

async function serve(storeArgs: string[]): Promise<Server> {
  const port = await freePort();
  const fixture = start(undefined, process.execPath, [BIN, 'serve', '--port', String(port), ...storeArgs], {
    env: {
      IOTASSURE_ADMIN_EMAIL: ADMIN.email,
      IOTASSURE_ADMIN_PASSWORD: ADMIN.password,
      IOTASSURE_PASSWORD_COST: '14',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, fixture };
    } catch {}
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${fixture.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function token(url: string): Promise<string> {
  const session = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  assert.equal(session.status, 200);
  const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const res = await fetch(`${url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'test' }),
  });
  return ((await res.json()) as { token: string }).token;
}

function api(url: string, bearer: string) {
  return async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined && { 'content-type': type }) },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: the test reads whatever JSON the API returns
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, json, text };
  };
}

function storeArgs(options: { data?: string; database?: string }): string[] {
  return options.database ? ['--database', options.database] : ['--data', options.data!];
}

async function waitAssessed(call: ReturnType<typeof api>, revision: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await call('GET', `/api/systems/camera/revisions/${revision}`);
    if (res.json?.assessmentState === 'done') return;
    if (Date.now() > deadline) throw new Error(`revision ${revision} not assessed: ${res.text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('server processes', () => {
  test('two instances on one PostgreSQL database stay consistent', async (t) => {
    const store = await freshStore(t, 'postgres');
    if (!store) return;
    const [a, b] = await Promise.all([serve(storeArgs(store)), serve(storeArgs(store))]);
    t.after(() => Promise.all([a.fixture.stop(), b.fixture.stop()]));
    const created = [a, b].filter((s) => s.fixture.output().includes('Created the administrator')).length;
    assert.equal(created, 1, 'the first administrator is created once');
    const secret = await token(a.url);
    const onA = api(a.url, secret);
    const onB = api(b.url, secret);
    assert.equal(
      (await onB('POST', '/api/systems/camera/revisions', { yaml: camera })).status,
      201,
      'token made on A works on B',
    );
    await waitAssessed(onA, 1);
    const fromA = await onA('GET', '/api/systems/camera/assessment');
    const fromB = await onB('GET', '/api/systems/camera/assessment');
    assert.equal(fromA.text, fromB.text);
    const edits = await Promise.all([
      onA('PUT', '/api/systems/camera/controls/secure-communication', { base: 1, status: 'implemented' }),
      onB('PUT', '/api/systems/camera/controls/secure-communication', { base: 1, status: 'verified' }),
    ]);
    assert.deepEqual(edits.map((e) => e.status).sort(), [200, 409]);
    const pushes = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? onA : onB)('POST', '/api/systems/camera/revisions', { yaml: camera }),
      ),
    );
    assert.deepEqual(
      pushes.map((p) => p.status),
      [201, 201, 201, 201, 201, 201],
    );
    assert.deepEqual(
      pushes.map((p) => p.json.revision).sort((x, y) => x - y),
      [3, 4, 5, 6, 7, 8],
    );
    await waitAssessed(onA, 8);
    const verify = bin(['audit', 'verify', '--database', store.database!]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /audit log intact/);
  });

  for (const kind of DATABASES) {
    test(`kill -9 during uploads and edits loses nothing acknowledged (${kind})`, async (t) => {
      const store = await freshStore(t, kind as DatabaseKindName);
      if (!store) return;
      const first = await serve(storeArgs(store));
      t.after(() => first.fixture.stop());
      const secret = await token(first.url);
      const call = api(first.url, secret);
      assert.equal((await call('POST', '/api/systems/camera/revisions', { yaml: camera })).status, 201);
      const acknowledged: { revision?: number; file?: string; sha256?: string }[] = [];
      let stop = false;
      const worker = async (i: number) => {
        for (let n = 0; !stop; n++) {
          const res =
            i % 2 === 0
              ? await call('POST', '/api/systems/camera/revisions', { yaml: `${camera}\n# push ${i}-${n}\n` }).catch(
                  () => undefined,
                )
              : await call(
                  'POST',
                  `/api/systems/camera/controls/secure-communication/evidence?base=${(await call('GET', '/api/systems/camera').catch(() => undefined))?.json?.head?.number ?? 1}&title=run%20${i}-${n}&filename=f.txt`,
                  Buffer.from(`file ${i}-${n} ${'x'.repeat(100_000)}`),
                  'application/octet-stream',
                ).catch(() => undefined);
          if (res === undefined) return;
          if (res.status === 201)
            acknowledged.push({ revision: res.json.revision, file: res.json.file, sha256: res.json.sha256 });
        }
      };
      const running = [0, 1, 2, 3].map(worker);
      const deadline = Date.now() + 60_000;
      while (acknowledged.length < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      process.kill(first.fixture.pid, 'SIGKILL');
      stop = true;
      await Promise.all(running);
      assert.ok(acknowledged.length >= 8, `acknowledged before the kill: ${acknowledged.length}`);

      const second = await serve(storeArgs(store));
      t.after(() => second.fixture.stop());
      const again = api(second.url, secret);
      for (const ack of acknowledged) {
        const revision = await again('GET', `/api/systems/camera/revisions/${ack.revision}`);
        assert.equal(revision.status, 200, `revision ${ack.revision} survived`);
        assert.equal(revision.json.sha256, ack.sha256);
        if (ack.file) assert.equal((await again('GET', `/api/systems/camera/files/${ack.file}`)).status, 200);
      }
      // Assessments queued before the kill are finished by the new process once their lease ends or at once if
      // they never started.
      const head = (await again('GET', '/api/systems/camera')).json.head.number;
      assert.ok(head >= Math.max(...acknowledged.map((a) => a.revision!)));
      await second.fixture.stop();
      const verify = bin(['audit', 'verify', ...storeArgs(store)]);
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    });
  }
});
