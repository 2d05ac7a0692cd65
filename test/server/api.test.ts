/** The workspace API on both databases: accounts, sessions, CSRF, tokens, revisions, assessments, audit, limits. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assess } from '../../src/assess/pipeline.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { loadModelText } from '../../src/model/load.js';
import { assessmentJsonChunks } from '../../src/report/json.js';
import { RULES } from '../../src/rules/index.js';
import { ensureFirstAdmin } from '../../src/server/storage/accounts.js';
import { verifyAuditChain } from '../../src/server/storage/audit.js';
import { anonymous, DATABASES, example, startWorkspace, tokenClient } from '../support/server.js';

const camera = example('monitoring-camera');

for (const kind of DATABASES) {
  describe(`workspace API on ${kind}`, () => {
    test('health, OpenAPI, security headers and 401 without credentials', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      const anon = anonymous(ws);
      const health = await anon.call('GET', '/api/health');
      assert.equal(health.status, 200);
      assert.deepEqual(health.body, { status: 'ok', database: kind, version: ws.ctx.version });
      assert.match(String(health.headers['content-security-policy']), /default-src 'self'.*frame-ancestors 'none'/);
      assert.equal(health.headers['x-content-type-options'], 'nosniff');
      const doc = (await anon.call('GET', '/api/openapi.json')).body;
      for (const path of [
        '/api/health',
        '/api/session',
        '/api/tokens',
        '/api/systems',
        '/api/systems/{id}/assessment',
      ]) {
        assert.ok(doc.paths[path], `OpenAPI documents ${path}`);
      }
      assert.ok(doc.paths['/api/session'].post.requestBody.content['application/json'].schema.properties.email);
      assert.equal((await anon.call('GET', '/api/systems')).status, 401);
      assert.equal((await anon.call('GET', '/api/systems/monitoring-camera/assessment')).status, 401);
      const unknown = await anon.call('GET', '/api/nothing-here');
      assert.equal(unknown.status, 404);
    });

    test('sign-in: wrong password 401, throttled after five failures even with the right one', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      await ws.user('carol@example.org');
      const anon = anonymous(ws);
      for (let i = 0; i < 5; i++) {
        const res = await anon.call('POST', '/api/session', { email: 'carol@example.org', password: 'wrong' });
        assert.equal(res.status, 401);
        assert.equal(res.body.error.message, 'wrong email or password');
      }
      const locked = await anon.call('POST', '/api/session', {
        email: 'carol@example.org',
        password: 'a long test password',
      });
      assert.equal(locked.status, 429);
      assert.ok(Number(locked.headers['retry-after']) > 0);
      const bad = await anon.call('POST', '/api/session', { email: 'not an email', password: '' });
      assert.equal(bad.status, 400);
      assert.deepEqual(
        bad.body.error.details.problems.map((p: { field: string }) => p.field),
        ['body.email', 'body.password'],
      );
    });

    test('session cookie flags; state changes need the CSRF token; sign-out ends the session', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      const res = await ws.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: 'admin@example.org', password: 'admin password 123' },
      });
      const cookie = res.cookies.find((c) => c.name === 'iotassure_session')!;
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      assert.equal(cookie.secure, undefined, 'not Secure over plain http');
      const behindTls = await ws.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: 'admin@example.org', password: 'admin password 123' },
        headers: { 'x-forwarded-proto': 'https' },
      });
      // trustProxy is off by default: a client cannot claim https for itself.
      assert.equal(behindTls.cookies[0]?.secure, undefined);
      const noCsrf = await ws.app.inject({
        method: 'POST',
        url: '/api/tokens',
        payload: { name: 'x' },
        headers: { cookie: `iotassure_session=${cookie.value}` },
      });
      assert.equal(noCsrf.statusCode, 403);
      assert.equal(noCsrf.json().error.code, 'csrf');
      assert.equal((await ws.admin.call('POST', '/api/tokens', { name: 'ci' })).status, 201);
      assert.equal((await ws.admin.call('DELETE', '/api/session')).status, 204);
      assert.equal((await ws.admin.call('GET', '/api/systems')).status, 401);
    });

    test('one-time administrator password must be changed; password change and admin reset', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      // A second store with no user gets a one-time password, printed once.
      const created = await ws.admin.call('POST', '/api/users', { email: 'dave@example.org' });
      assert.equal(created.status, 201);
      const oneTime = created.body.oneTimePassword as string;
      assert.ok(oneTime.length >= 16);
      const dave = await ws.signIn('dave@example.org', oneTime);
      const blocked = await dave.call('GET', '/api/systems');
      assert.equal(blocked.status, 403);
      assert.match(blocked.body.error.message, /change your one-time password/);
      assert.equal(
        (await dave.call('POST', '/api/me/password', { current: oneTime, new: 'short' })).status,
        400,
        'too short',
      );
      assert.equal(
        (await dave.call('POST', '/api/me/password', { current: oneTime, new: 'dave’s own long password' })).status,
        204,
      );
      assert.equal((await dave.call('GET', '/api/systems')).status, 401, 'other sessions end with the change');
      const again = await ws.signIn('dave@example.org', 'dave’s own long password');
      assert.equal((await again.call('GET', '/api/systems')).status, 200);
      const reset = await ws.admin.call('POST', `/api/users/${created.body.user.id}/password-reset`);
      assert.equal(reset.status, 200);
      assert.equal((await again.call('GET', '/api/systems')).status, 401, 'a reset ends their sessions');
      const afterReset = await ws.signIn('dave@example.org', reset.body.oneTimePassword);
      assert.equal((await afterReset.call('GET', '/api/systems')).status, 403, 'must change the reset password');
      assert.equal(await ensureFirstAdmin(ws.ctx.store, {}), undefined, 'no second first administrator');
      const notAdmin = await again.call('POST', '/api/users', { email: 'eve@example.org' });
      assert.equal(notAdmin.status, 401);
    });

    test('push a revision: assessed off the request path, same JSON as the CLI, pull returns the text', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      const pushed = await ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: camera, message: 'first' });
      assert.equal(pushed.status, 201, pushed.text);
      assert.deepEqual(pushed.body, {
        system: 'camera',
        revision: 1,
        sha256: pushed.body.sha256,
        created: true,
        path: '/systems/camera',
      });
      assert.match(pushed.body.sha256, /^[0-9a-f]{64}$/);
      await ws.settle();
      const revision = await ws.admin.call('GET', '/api/systems/camera/revisions/1');
      assert.equal(revision.body.assessmentState, 'done');
      const served = await ws.admin.call('GET', '/api/systems/camera/assessment');
      assert.equal(served.status, 200);
      const expected = assessmentJsonChunks(assess(loadModelText('camera.yaml', camera), loadCatalog(), RULES));
      assert.equal(served.text, [...expected].join(''), 'the same JSON as `assess --format json`');
      const pulled = await ws.admin.call('GET', '/api/systems/camera/model');
      assert.equal(pulled.text, camera);
      assert.equal(pulled.headers['x-iotassure-revision'], '1');
      const list = await ws.admin.call('GET', '/api/systems');
      assert.equal(list.body.systems.length, 1);
      assert.equal(list.body.systems[0].digest.summary.risks.total, JSON.parse(served.text).summary.risks.total);
      const history = await ws.admin.call('GET', '/api/systems/camera/revisions');
      assert.equal(history.headers['content-type'], 'application/json; charset=utf-8');
      assert.deepEqual(history.body.revisions[0].digest, list.body.systems[0].digest);
      assert.deepEqual(
        { ...history.body.revisions[0], digest: undefined },
        { ...revision.body, digest: undefined },
        'each revision as GET /revisions/:number shows it, with its digest',
      );
    });

    test('optimistic concurrency: two changes against one revision, the second gets 409 and loses nothing', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      await ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: camera });
      const a = camera.replace('name: Vistacam shop monitoring', 'name: Vistacam A');
      const b = camera.replace('name: Vistacam shop monitoring', 'name: Vistacam B');
      const [first, second] = await Promise.all([
        ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: a, base: 1 }),
        ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: b, base: 1 }),
      ]);
      const statuses = [first.status, second.status].sort();
      assert.deepEqual(statuses, [201, 409]);
      const refused = first.status === 409 ? first : second;
      assert.match(refused.body.error.message, /is at revision 2, and this change was made against revision 1/);
      const head = await ws.admin.call('GET', '/api/systems/camera/model');
      assert.equal(head.headers['x-iotassure-revision'], '2');
      assert.ok(head.text === a || head.text === b);
      // Without a base (a push from CI) the revision goes after whatever is newest.
      assert.equal((await ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: camera })).body.revision, 3);
    });

    test('bad input: model diagnostics with lines, malformed JSON, oversized body, bad ids', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      const invalid = await ws.admin.call('POST', '/api/systems/camera/revisions', {
        yaml: 'system:\n  name: x\nelements:\n  - id: a\n    kind: bogus\n',
      });
      assert.equal(invalid.status, 400);
      assert.equal(invalid.body.error.code, 'invalid_model');
      assert.equal(invalid.body.error.details.diagnostics[0].position.line, 5);
      assert.match(invalid.body.error.details.diagnostics[0].message, /found "bogus"/);
      const serverFiles = await ws.admin.call('POST', '/api/systems/camera/revisions', {
        yaml: `${camera}\ncatalogs: [/etc]\n`,
      });
      assert.equal(serverFiles.status, 400);
      assert.match(serverFiles.text, /extra catalogs are not read by the workspace server/);
      const malformed = await ws.admin.call('POST', '/api/systems/camera/revisions', '{"yaml": ', {
        'content-type': 'application/json',
      });
      assert.equal(malformed.status, 400);
      const huge = await ws.admin.call('POST', '/api/systems/camera/revisions', {
        yaml: 'x'.repeat(34 * 1024 * 1024),
      });
      assert.equal(huge.status, 413);
      const badId = await ws.admin.call('POST', '/api/systems/..%2Fetc/revisions', { yaml: camera });
      assert.equal(badId.status, 400);
      assert.match(badId.body.error.message, /path\.id/);
      assert.equal((await ws.admin.call('GET', '/api/systems')).body.systems.length, 0, 'nothing was stored');
    });

    test('API tokens: returned once, hashed at rest, scoped to systems, revocable', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      await ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: camera });
      await ws.admin.call('POST', '/api/systems/home/revisions', { yaml: example('smart-home') });
      const scoped = await ws.admin.call('POST', '/api/tokens', { name: 'ci', systems: ['camera'] });
      assert.equal(scoped.status, 201);
      const rows = await ws.ctx.store.db.selectFrom('api_tokens').selectAll().execute();
      assert.ok(!JSON.stringify(rows).includes(scoped.body.token), 'only a hash is stored');
      const ci = tokenClient(ws, scoped.body.token);
      assert.deepEqual(
        (await ci.call('GET', '/api/systems')).body.systems.map((s: { id: string }) => s.id),
        ['camera'],
      );
      assert.equal((await ci.call('GET', '/api/systems/camera/model')).status, 200);
      const other = await ci.call('GET', '/api/systems/home/model');
      assert.equal(other.status, 403);
      assert.match(other.body.error.message, /not scoped to system home/);
      assert.equal((await ci.call('POST', '/api/systems/new/revisions', { yaml: camera })).status, 403);
      assert.equal((await ci.call('POST', '/api/systems/camera/revisions', { yaml: camera })).status, 201);
      assert.equal((await ws.admin.call('DELETE', `/api/tokens/${scoped.body.id}`)).status, 204);
      const revoked = await ci.call('GET', '/api/systems');
      assert.equal(revoked.status, 401);
      assert.match(revoked.body.error.message, /unknown or revoked/);
      assert.equal((await tokenClient(ws, 'iat_forged').call('GET', '/api/systems')).status, 401);
    });

    test('the systems list is kept per view but never served stale; ETag and If-None-Match give 304', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      await ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: camera });
      const pending = await ws.admin.call('GET', '/api/systems');
      assert.equal(pending.body.systems[0].assessmentState, 'pending');
      const etag = String(pending.headers.etag);
      assert.match(etag, /^"[\w-]{43}"$/);
      const again = await ws.admin.call('GET', '/api/systems', undefined, { 'if-none-match': etag });
      assert.equal(again.status, 304);
      assert.equal(again.text, '');
      assert.ok(ws.ctx.systemsList.size > 0, 'the list is kept');
      // The job runner's write (the assessment) changes the list: served at once, under another tag.
      await ws.settle();
      const done = await ws.admin.call('GET', '/api/systems', undefined, { 'if-none-match': etag });
      assert.equal(done.status, 200);
      assert.equal(done.body.systems[0].assessmentState, 'done');
      assert.notEqual(done.headers.etag, etag);
      // Each view is kept apart: a user who is not a member sees nothing, then their role once given one.
      const viewer = await ws.user('viewer@example.org');
      assert.deepEqual((await viewer.call('GET', '/api/systems')).body.systems, []);
      await ws.admin.call('PUT', `/api/systems/camera/members/${viewer.id}`, { role: 'viewer' });
      const member = (await viewer.call('GET', '/api/systems')).body.systems;
      assert.deepEqual(
        member.map((s: { id: string; role: string }) => [s.id, s.role]),
        [['camera', 'viewer']],
      );
      // A write that no route made (another process, an operator's SQL) is seen too: the database counts it.
      await ws.ctx.store.db.updateTable('systems').set({ name: 'Renamed by SQL' }).execute();
      assert.equal((await viewer.call('GET', '/api/systems')).body.systems[0].name, 'Renamed by SQL');
      assert.equal((await ws.admin.call('GET', '/api/systems')).body.systems[0].name, 'Renamed by SQL');
      // A database restored under a running server: older data, and a counter that went back. Still a change.
      const counter = await ws.ctx.store.db.selectFrom('change_counters').select('value').executeTakeFirstOrThrow();
      await ws.ctx.store.db.updateTable('systems').set({ name: 'As restored' }).execute();
      await ws.ctx.store.db
        .updateTable('change_counters')
        .set({ value: counter.value - 1 })
        .execute();
      assert.equal((await ws.admin.call('GET', '/api/systems')).body.systems[0].name, 'As restored');
      // The model's tag is its SHA-256: a client holding this text gets a 304 without it.
      const model = await ws.admin.call('GET', '/api/systems/camera/model');
      assert.equal(model.text, camera);
      const unchanged = await ws.admin.call('GET', '/api/systems/camera/model', undefined, {
        'if-none-match': String(model.headers.etag),
      });
      assert.equal(unchanged.status, 304);
      assert.equal(unchanged.text, '');
      assert.equal(unchanged.headers['x-iotassure-revision'], '1');
    });

    test('audit log: every change chained; an edited entry is named by verify', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      await ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: camera });
      await ws.admin.call('POST', '/api/tokens', { name: 'ci' });
      const log = await ws.admin.call('GET', '/api/systems/camera/audit');
      assert.deepEqual(
        log.body.entries.map((e: { action: string }) => e.action),
        ['system.create'],
      );
      const all = (await ws.admin.call('GET', '/api/audit')).body.entries.map((e: { action: string }) => e.action);
      assert.deepEqual(all.slice(0, 3), ['token.create', 'system.create', 'session.create']);
      const intact = await verifyAuditChain(ws.ctx.store.db);
      assert.equal(intact.broken, undefined);
      assert.equal(intact.entries, all.length);
      const target = all.length - 1; // the system.create entry's sequence number
      await ws.ctx.store.db
        .updateTable('audit_log')
        .set({ details: '{"revision":99}' })
        .where('seq', '=', target)
        .execute();
      const broken = await verifyAuditChain(ws.ctx.store.db);
      assert.deepEqual(broken.broken, {
        seq: target,
        reason: 'its content does not match its hash (edited after writing)',
      });
    });
  });
}
