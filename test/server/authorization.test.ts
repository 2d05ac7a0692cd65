/**
 * The whole role × action matrix, through the HTTP API, on both databases. The expected matrix is written out here
 * (not imported from the authorization module), so a change to who may do what must change this table too.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Client, DATABASES, example, startWorkspace, type TestWorkspace } from '../support/server.js';

const camera = example('monitoring-camera');
const USER_CONTROL = 'user-change-default-credentials'; // owed by the IoT user only
const DEVELOPER_CONTROL = 'no-hardcoded-secrets'; // owed by the developer; one system-wide entry in the example
const RISK = 'cleartext-across-boundary:recorder-to-cloud';

type Cell = 'allow' | 'deny';
const ROLES = ['owner', 'editor', 'contributor', 'auditor', 'viewer', 'outsider'] as const;
type Role = (typeof ROLES)[number];

//                        owner    editor   contrib  auditor  viewer   outsider
const MATRIX: Record<string, Cell[]> = {
  'read assessment': ['allow', 'allow', 'allow', 'allow', 'allow', 'deny'],
  'push a revision': ['allow', 'allow', 'deny', 'deny', 'deny', 'deny'],
  'edit a user control': ['allow', 'allow', 'allow', 'deny', 'deny', 'deny'],
  'edit a dev control': ['allow', 'allow', 'deny', 'deny', 'deny', 'deny'],
  'upload evidence': ['allow', 'allow', 'allow', 'deny', 'deny', 'deny'],
  'comment on a control': ['allow', 'allow', 'allow', 'allow', 'deny', 'deny'],
  'comment on a risk': ['allow', 'allow', 'deny', 'allow', 'deny', 'deny'],
  'treat a risk': ['allow', 'allow', 'deny', 'deny', 'deny', 'deny'],
  'accept a risk': ['allow', 'deny', 'deny', 'deny', 'deny', 'deny'],
  'prepare sign-off': ['allow', 'allow', 'deny', 'deny', 'deny', 'deny'],
  'review sign-off': ['deny', 'deny', 'deny', 'allow', 'deny', 'deny'],
  'approve sign-off': ['allow', 'deny', 'deny', 'deny', 'deny', 'deny'],
  'manage members': ['allow', 'deny', 'deny', 'deny', 'deny', 'deny'],
  'read the audit log': ['allow', 'deny', 'deny', 'allow', 'deny', 'deny'],
};

async function head(ws: TestWorkspace): Promise<number> {
  const res = await ws.admin.call('GET', '/api/systems/camera');
  return res.body.head.number;
}

/** One request per action; sign-off steps are tried on a fresh revision each, so only the role decides. */
const ACTIONS: Record<string, (c: Client, ws: TestWorkspace, outsiderId: string) => Promise<number>> = {
  'read assessment': async (c) => (await c.call('GET', '/api/systems/camera/model')).status,
  'push a revision': async (c) => (await c.call('POST', '/api/systems/camera/revisions', { yaml: camera })).status,
  'edit a user control': async (c, ws) =>
    (await c.call('PUT', `/api/systems/camera/controls/${USER_CONTROL}`, { base: await head(ws), notes: 'checked' }))
      .status,
  'edit a dev control': async (c, ws) =>
    (await c.call('PUT', `/api/systems/camera/controls/${DEVELOPER_CONTROL}`, { base: await head(ws), owner: 'x' }))
      .status,
  'upload evidence': async (c, ws) =>
    (
      await c.call(
        'POST',
        `/api/systems/camera/controls/${USER_CONTROL}/evidence?base=${await head(ws)}&title=Photo&filename=p.txt`,
        Buffer.from(`evidence ${Math.random()}`),
        { 'content-type': 'application/octet-stream' },
      )
    ).status,
  'comment on a control': async (c) =>
    (await c.call('POST', '/api/systems/camera/comments', { target: `control:${USER_CONTROL}`, body: 'hi' })).status,
  'comment on a risk': async (c) =>
    (await c.call('POST', '/api/systems/camera/comments', { target: `risk:${RISK}`, body: 'hi' })).status,
  'treat a risk': async (c, ws) =>
    (await c.call('PUT', `/api/systems/camera/risks/${RISK}`, { base: await head(ws), treatment: 'mitigate' })).status,
  'accept a risk': async (c, ws) =>
    (
      await c.call('PUT', `/api/systems/camera/risks/${RISK}`, {
        base: await head(ws),
        treatment: 'accept',
        justification: 'until the vendor fix',
        reviewBy: '2027-06-30',
      })
    ).status,
  'prepare sign-off': (c, ws) => signoffStep(c, ws, []),
  'review sign-off': (c, ws) => signoffStep(c, ws, ['prepared']),
  'approve sign-off': (c, ws) => signoffStep(c, ws, ['prepared', 'reviewed']),
  'manage members': async (c, _ws, outsiderId) =>
    (await c.call('PUT', `/api/systems/camera/members/${outsiderId}`, { role: null })).status,
  'read the audit log': async (c) => (await c.call('GET', '/api/systems/camera/audit')).status,
};

let preparers: { prepared: Client; reviewed: Client } | undefined;

/** A fresh revision with the earlier steps done by others, then the step under test by `c`. */
async function signoffStep(c: Client, ws: TestWorkspace, before: ('prepared' | 'reviewed')[]): Promise<number> {
  const pushed = await ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: camera });
  const n = pushed.body.revision;
  await ws.settle();
  for (const step of before) {
    const res = await preparers![step].call('POST', `/api/systems/camera/revisions/${n}/signoff`, { step });
    assert.equal(res.status, 201, `${step}: ${res.text}`);
  }
  const step = before.length === 0 ? 'prepared' : before.length === 1 ? 'reviewed' : 'approved';
  return (await c.call('POST', `/api/systems/camera/revisions/${n}/signoff`, { step })).status;
}

for (const kind of DATABASES) {
  describe(`authorization on ${kind}`, () => {
    test('every role × action through the API', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      assert.equal(
        (await ws.admin.call('POST', '/api/organisations', { id: 'bakery', name: 'Harbour Bakery' })).status,
        201,
      );
      assert.equal((await ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: camera })).status, 201);
      const clients = {} as Record<Role, Client & { id: string }>;
      for (const role of ROLES) {
        clients[role] = await ws.user(`${role}@example.org`, role === 'contributor' ? { organisation: 'bakery' } : {});
        if (role !== 'outsider') {
          const res = await ws.admin.call('PUT', `/api/systems/camera/members/${clients[role].id}`, { role });
          assert.equal(res.status, 204, res.text);
        }
      }
      const orgs = await ws.admin.call('PUT', '/api/systems/camera/organisations/bakery', { stakeholders: ['user'] });
      assert.equal(orgs.status, 204);
      // Sign-off steps before the one under test are taken by people other than every tested role.
      const secondOwner = await ws.user('owner2@example.org');
      const secondAuditor = await ws.user('auditor2@example.org');
      await ws.admin.call('PUT', `/api/systems/camera/members/${secondOwner.id}`, { role: 'editor' });
      await ws.admin.call('PUT', `/api/systems/camera/members/${secondAuditor.id}`, { role: 'auditor' });
      preparers = { prepared: secondOwner, reviewed: secondAuditor };
      await ws.settle();

      const failures: string[] = [];
      for (const [action, cells] of Object.entries(MATRIX)) {
        for (const [i, role] of ROLES.entries()) {
          const status = await ACTIONS[action]!(clients[role], ws, clients.outsider.id);
          const expected = cells[i];
          const ok = expected === 'allow' ? status >= 200 && status < 300 : status === 403;
          if (!ok) failures.push(`${role} × ${action}: expected ${expected}, got ${status}`);
        }
      }
      assert.deepEqual(failures, []);
      const anon = await ws.app.inject({ method: 'GET', url: '/api/systems/camera/model' });
      assert.equal(anon.statusCode, 401);
    });

    test('refusals say why: contributor on a control their organisation does not owe', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      await ws.admin.call('POST', '/api/organisations', { id: 'bakery', name: 'Harbour Bakery' });
      await ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: camera });
      const contributor = await ws.user('c@example.org', { organisation: 'bakery' });
      await ws.admin.call('PUT', `/api/systems/camera/members/${contributor.id}`, { role: 'contributor' });
      await ws.admin.call('PUT', '/api/systems/camera/organisations/bakery', { stakeholders: ['user'] });
      const res = await contributor.call('PUT', `/api/systems/camera/controls/${DEVELOPER_CONTROL}`, {
        base: 1,
        status: 'verified',
      });
      assert.equal(res.status, 403);
      assert.match(
        res.body.error.message,
        /owed by their organisation's stakeholder role \(user\).*owed by developer\b/,
      );
      const unknown = await contributor.call('PUT', '/api/systems/camera/controls/secure-boot-and-tamper-respons', {
        base: 1,
        status: 'verified',
      });
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.error.message, /did you mean/);
    });
  });
}
