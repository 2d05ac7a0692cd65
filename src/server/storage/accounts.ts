/**
 * Accounts, sessions, login throttling and API tokens. Secrets handed to clients (session cookies, API tokens)
 * are stored only as SHA-256 hashes; passwords as scrypt hashes.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { generatePassword, hashPassword } from '../auth/password.js';
import { conflict } from '../errors.js';
import { appendAudit } from './audit.js';
import { type Db, isUniqueViolation, now, type Store } from './database.js';
import type { UserTable } from './schema.js';

export const SESSION_DAYS = 7;
export const THROTTLE = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 } as const;

export const sha256 = (value: string | Buffer): string => createHash('sha256').update(value).digest('hex');
const secret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

export type User = UserTable;

export interface NewUser {
  email: string;
  name?: string;
  password: string;
  isAdmin?: boolean;
  mustChangePassword?: boolean;
  organisationId?: string | null;
}

export async function createUser(store: Store, user: NewUser, actor: string): Promise<User> {
  const row: User = {
    id: randomUUID(),
    email: user.email.trim().toLowerCase(),
    name: user.name?.trim() || user.email.trim(),
    password_hash: await hashPassword(user.password),
    is_admin: user.isAdmin ? 1 : 0,
    must_change_password: user.mustChangePassword ? 1 : 0,
    organisation_id: user.organisationId ?? null,
    disabled: 0,
    created_at: now(),
  };
  try {
    await store.db.transaction().execute(async (trx) => {
      await trx.insertInto('users').values(row).execute();
      await appendAudit(trx, store.kind, {
        actor,
        action: 'user.create',
        target: `user:${row.id}`,
        details: { email: row.email, admin: user.isAdmin === true, organisation: row.organisation_id },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`a user with email ${row.email} already exists`);
    throw error;
  }
  return row;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export async function getUser(db: Db, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface FirstAdmin {
  email: string;
  /** set when no password was given: printed once, must be changed at first sign-in */
  oneTimePassword?: string;
}

/**
 * Creates the first administrator when there is no user yet, from IOTASSURE_ADMIN_EMAIL and
 * IOTASSURE_ADMIN_PASSWORD, or with a one-time password. Two processes starting together on one database create
 * it once: the loser of the unique-email race gets undefined, so only one prints a password.
 */
export async function ensureFirstAdmin(store: Store, env: NodeJS.ProcessEnv): Promise<FirstAdmin | undefined> {
  const any = await store.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return undefined;
  const email = env.IOTASSURE_ADMIN_EMAIL?.trim() || 'admin@localhost';
  const given = env.IOTASSURE_ADMIN_PASSWORD;
  const password = given || generatePassword();
  try {
    await createUser(
      store,
      { email, name: 'Administrator', password, isAdmin: true, mustChangePassword: !given },
      'system',
    );
  } catch (error) {
    if ((error as { status?: number }).status === 409) return undefined;
    throw error;
  }
  return given ? { email } : { email, oneTimePassword: password };
}

export async function setPassword(
  store: Store,
  userId: string,
  password: string,
  mustChange: boolean,
  actor: string,
): Promise<void> {
  const hash = await hashPassword(password);
  await store.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: mustChange ? 1 : 0 })
      .where('id', '=', userId)
      .execute();
    // A changed password ends every other session of the account.
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await appendAudit(trx, store.kind, {
      actor,
      action: actor === `user:${userId}` ? 'password.change' : 'password.reset',
      target: `user:${userId}`,
    });
  });
}

// Sessions ------------------------------------------------------------------------------------------------------

export interface NewSession {
  cookie: string;
  csrfToken: string;
  expiresAt: string;
}

export async function createSession(store: Store, userId: string): Promise<NewSession> {
  const cookie = secret('');
  const csrfToken = secret('');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000).toISOString();
  await store.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id_hash: sha256(cookie),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: now(),
        expires_at: expiresAt,
      })
      .execute();
    await appendAudit(trx, store.kind, { actor: `user:${userId}`, action: 'session.create', target: `user:${userId}` });
  });
  return { cookie, csrfToken, expiresAt };
}

/** What a request needs of the user behind a session or token, read with it in one query. */
const CALLER_COLUMNS = [
  'users.id as user_id',
  'users.email',
  'users.name',
  'users.is_admin',
  'users.must_change_password',
  'users.organisation_id',
] as const;

export async function findSession(db: Db, cookie: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.csrf_token', 'sessions.expires_at', 'sessions.id_hash', ...CALLER_COLUMNS])
    .where('sessions.id_hash', '=', sha256(cookie))
    .where('sessions.expires_at', '>', now())
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
}

export async function deleteSession(store: Store, cookie: string, userId: string): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('id_hash', '=', sha256(cookie)).execute();
    await appendAudit(trx, store.kind, { actor: `user:${userId}`, action: 'session.delete', target: `user:${userId}` });
  });
}

// Login throttling -------------------------------------------------------------------------------------------------

/** When the keys (an email, a client address) are locked out, the time the lock ends; kept in the database. */
export async function lockedUntil(db: Db, keys: string[]): Promise<string | undefined> {
  const rows = await db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
  const t = now();
  return rows
    .map((r) => r.locked_until)
    .filter((u): u is string => u !== null && u > t)
    .sort()
    .at(-1);
}

export async function recordLoginFailure(store: Store, keys: string[], detail: Record<string, unknown>): Promise<void> {
  const t = new Date();
  const windowStart = new Date(t.getTime() - THROTTLE.windowMinutes * 60_000).toISOString();
  await store.db.transaction().execute(async (trx) => {
    for (const key of keys) {
      const row = await trx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
      const fresh = !row || row.window_start < windowStart;
      const failures = fresh ? 1 : row.failures + 1;
      const locked =
        failures >= THROTTLE.maxFailures ? new Date(t.getTime() + THROTTLE.lockMinutes * 60_000).toISOString() : null;
      const values = {
        failures,
        window_start: fresh ? t.toISOString() : row.window_start,
        locked_until: locked ?? row?.locked_until ?? null,
      };
      if (row) await trx.updateTable('login_throttle').set(values).where('key', '=', key).execute();
      else
        await trx
          .insertInto('login_throttle')
          .values({ key, ...values })
          .execute();
    }
    await appendAudit(trx, store.kind, {
      actor: 'anonymous',
      action: 'session.refused',
      target: keys[0]!,
      details: detail,
    });
  });
}

export async function clearLoginFailures(db: Db, keys: string[]): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', 'in', keys).execute();
}

// API tokens -------------------------------------------------------------------------------------------------------

export interface NewToken {
  id: string;
  token: string;
}

export async function createToken(
  store: Store,
  userId: string,
  name: string,
  systems: string[] | null,
): Promise<NewToken> {
  const token = secret('iat_');
  const id = randomUUID();
  await store.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_tokens')
      .values({
        id,
        user_id: userId,
        name,
        token_hash: sha256(token),
        systems: systems ? JSON.stringify(systems) : null,
        created_at: now(),
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    await appendAudit(trx, store.kind, {
      actor: `user:${userId}`,
      action: 'token.create',
      target: `token:${id}`,
      details: { name, systems },
    });
  });
  return { id, token };
}

export async function findToken(db: Db, token: string) {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.systems', 'api_tokens.last_used_at', ...CALLER_COLUMNS])
    .where('api_tokens.token_hash', '=', sha256(token))
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...row, systems: row.systems ? (JSON.parse(row.systems) as string[]) : null };
}

export async function listTokens(db: Db, userId: string) {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'systems', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    systems: r.systems ? (JSON.parse(r.systems) as string[]) : null,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes one of the user's tokens (or any token, for an administrator); false when there is none to revoke. */
export async function revokeToken(store: Store, id: string, userId: string, isAdmin: boolean): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    let q = trx
      .updateTable('api_tokens')
      .set({ revoked_at: now() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null);
    if (!isAdmin) q = q.where('user_id', '=', userId);
    const result = await q.executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await appendAudit(trx, store.kind, { actor: `user:${userId}`, action: 'token.revoke', target: `token:${id}` });
    return true;
  });
}
