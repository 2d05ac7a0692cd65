/**
 * The workspace server in tests: one per test, on SQLite (a temporary folder) or on PostgreSQL (a database of its
 * own in the throwaway cluster), driven through Fastify's inject (real routing, hooks, cookies; no socket).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { createWorkspace, type Workspace } from '../../src/server/app.js';
import { createUser, ensureFirstAdmin } from '../../src/server/storage/accounts.js';
import type { StoreOptions } from '../../src/server/storage/database.js';
import { postgres } from '../fixtures/postgres.js';
import { tempDir } from '../fixtures/system.js';

// Real scrypt hashing at a lower work factor: the suite creates and signs in many accounts on two shared cores.
process.env.IOTASSURE_PASSWORD_COST ??= '14';

export const DATABASES = ['sqlite', 'postgres'] as const;
export type DatabaseKindName = (typeof DATABASES)[number];

export const ADMIN = { email: 'admin@example.org', password: 'admin password 123' };

export const example = (name: string): string =>
  readFileSync(new URL(`../../examples/${name}/system.yaml`, import.meta.url), 'utf8');

/** Store options for a fresh, empty store of the given kind; undefined when the test was skipped. */
export async function freshStore(t: TestContext, kind: DatabaseKindName): Promise<StoreOptions | undefined> {
  if (kind === 'sqlite') return { data: tempDir('iotassure-store-') };
  const server = await postgres(t);
  return server && { database: await server.createDatabase() };
}

export interface TestWorkspace extends Workspace {
  options: StoreOptions;
  /** signs in and returns a client carrying the session cookie and CSRF token */
  signIn(email: string, password: string): Promise<Client>;
  admin: Client;
  /** creates a user (and signs them in) */
  user(email: string, extra?: { organisation?: string; isAdmin?: boolean }): Promise<Client & { id: string }>;
  /** waits until every queued assessment is done */
  settle(): Promise<void>;
}

export interface Response {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are whatever JSON the API returns; tests read them freely
  body: any;
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface Client {
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  csrf: string;
}

export async function startWorkspace(
  t: TestContext,
  kind: DatabaseKindName,
  options: { pollMs?: number } = {},
): Promise<TestWorkspace | undefined> {
  const store = await freshStore(t, kind);
  if (!store) return undefined;
  const ws = await createWorkspace({ ...store, pollMs: options.pollMs ?? 50 });
  t.after(() => ws.close());
  await ensureFirstAdmin(ws.ctx.store, {
    IOTASSURE_ADMIN_EMAIL: ADMIN.email,
    IOTASSURE_ADMIN_PASSWORD: ADMIN.password,
  });
  const signIn = async (email: string, password: string): Promise<Client> => {
    const res = await ws.app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });
    assert.equal(res.statusCode, 200, `sign-in of ${email}: ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'iotassure_session')!;
    const csrf = (res.json() as { csrfToken: string }).csrfToken;
    return client(ws, { cookie: `iotassure_session=${cookie.value}`, 'x-csrf-token': csrf }, csrf);
  };
  const admin = await signIn(ADMIN.email, ADMIN.password);
  return {
    ...ws,
    options: store,
    signIn,
    admin,
    async user(email, extra = {}) {
      const password = 'a long test password';
      const user = await createUser(
        ws.ctx.store,
        { email, password, isAdmin: extra.isAdmin, organisationId: extra.organisation ?? null },
        'system',
      );
      return { ...(await signIn(email, password)), id: user.id };
    },
    async settle() {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const open = await ws.ctx.store.db
          .selectFrom('jobs')
          .select('id')
          .where('state', 'in', ['queued', 'running'])
          .execute();
        if (open.length === 0) return;
        if (Date.now() > deadline) throw new Error('assessments did not finish within 60 s');
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/** A client with fixed headers (a session's cookie and CSRF token, or an API token). */
export function client(ws: Workspace, headers: Record<string, string>, csrf = ''): Client {
  return {
    csrf,
    async call(method, url, body, extra = {}) {
      const res = await ws.app.inject({
        method: method as 'GET',
        url,
        headers: { ...headers, ...extra },
        ...(body !== undefined &&
          (typeof body === 'string' || Buffer.isBuffer(body) ? { payload: body } : { payload: body as object })),
      });
      let parsed: unknown;
      try {
        parsed = res.json();
      } catch {
        parsed = undefined;
      }
      return { status: res.statusCode, body: parsed, text: res.body, headers: res.headers };
    },
  };
}

/** An unauthenticated client. */
export const anonymous = (ws: Workspace): Client => client(ws, {});

/** A client authenticated by an API token. */
export function tokenClient(ws: Workspace, token: string): Client {
  return client(ws, { authorization: `Bearer ${token}` });
}
