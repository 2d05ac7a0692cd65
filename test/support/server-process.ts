/** The built `iotassure serve` as a real process, and a small fetch client for it (token or session). */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { type Fixture, freePort, start } from '../fixtures/system.js';
import { ADMIN } from './server.js';

const BIN = fileURLToPath(new URL('../../bin/iotassure.js', import.meta.url));

export interface Server {
  url: string;
  fixture: Fixture;
}

export async function serve(storeArgs: string[]): Promise<Server> {
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

export async function token(url: string): Promise<string> {
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

export function api(url: string, bearer: string) {
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

/** A client signed in with a password (session cookie and CSRF token), for what API tokens may not do. */
export async function sessionApi(url: string, email = ADMIN.email, password = ADMIN.password) {
  const session = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(session.status, 200);
  const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
  };
}
