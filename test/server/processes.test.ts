/**
 * The real server processes (`iotassure serve` from the build): two instances on one PostgreSQL database stay
 * consistent (neither serves a systems list it kept after the other changed it), and kill -9 during uploads and edits loses nothing that was acknowledged, on both databases.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bin } from '../support/cli.js';
import { DATABASES, type DatabaseKindName, example, freshStore } from '../support/server.js';
import { api, serve, token } from '../support/server-process.js';

const camera = example('monitoring-camera');

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

/** The one system's name, head and assessment state in a systems list. */
function systemRow(list: { systems: { name: string; head: number; assessmentState: string }[] }) {
  assert.equal(list.systems.length, 1);
  const [s] = list.systems;
  return [s!.name, s!.head, s!.assessmentState];
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
    // A keeps the list it served; B's push changes it, and A's next answer has it at once.
    const kept = await onA('GET', '/api/systems');
    assert.deepEqual(systemRow(kept.json), ['Vistacam shop monitoring', 8, 'done']);
    const renamed = camera.replace('name: Vistacam shop monitoring', 'name: Renamed on B');
    assert.equal((await onB('POST', '/api/systems/camera/revisions', { yaml: renamed })).status, 201);
    assert.deepEqual(systemRow((await onA('GET', '/api/systems')).json), ['Renamed on B', 9, 'pending']);
    await waitAssessed(onB, 9);
    assert.deepEqual(systemRow((await onA('GET', '/api/systems')).json), ['Renamed on B', 9, 'done']);
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
