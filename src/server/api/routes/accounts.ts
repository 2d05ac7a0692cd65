/** Health, signing in and out, the caller's account, API tokens, and (for administrators) users and organisations. */
import { z } from 'zod';
import { dummyHash, generatePassword, passwordProblem, verifyPassword } from '../../auth/password.js';
import { requireGlobal, SESSION_COOKIE } from '../../auth/request.js';
import { ApiError, badRequest, conflict, notFound, unauthorized } from '../../errors.js';
import {
  clearLoginFailures,
  createSession,
  createToken,
  createUser,
  deleteSession,
  findSession,
  findUserByEmail,
  getUser,
  listTokens,
  lockedUntil,
  recordLoginFailure,
  revokeToken,
  SESSION_DAYS,
  setPassword,
} from '../../storage/accounts.js';
import { appendAudit } from '../../storage/audit.js';
import { isUniqueViolation, now } from '../../storage/database.js';
import { SYSTEM_ID } from '../../storage/systems.js';
import { route } from '../route.js';

// Local names such as admin@localhost are valid addresses for a workspace on one machine.
const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'an email address such as name@example.org');
const Password = z.string().min(1).max(1024);
const SystemIds = z.array(z.string().regex(SYSTEM_ID)).max(1000);
const Me = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  organisation: z.string().nullable(),
  mustChangePassword: z.boolean(),
});

export const accountRoutes = [
  route({
    method: 'GET',
    url: '/api/health',
    summary: 'Whether the server and its database answer, which database it uses, and its version',
    tag: 'workspace',
    access: 'public',
    response: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']), version: z.string() }),
    async handler({ ctx }) {
      await ctx.store.db.selectFrom('users').select('id').limit(1).execute();
      return { status: 'ok', database: ctx.store.kind, version: ctx.version };
    },
  }),
  route({
    method: 'POST',
    url: '/api/session',
    summary: 'Sign in: sets the session cookie and returns the CSRF token for state-changing requests',
    tag: 'accounts',
    access: 'public',
    body: z.object({ email: Email, password: Password }),
    response: z.object({ csrfToken: z.string(), expiresAt: z.string(), user: Me }),
    async handler({ body, request, reply, ctx }) {
      const keys = [`email:${body.email}`, `ip:${request.ip}`];
      const locked = await lockedUntil(ctx.store.db, keys);
      if (locked) {
        reply.header('retry-after', Math.ceil((Date.parse(locked) - Date.now()) / 1000));
        throw new ApiError(429, 'throttled', `too many failed sign-ins; try again after ${locked}`);
      }
      const user = await findUserByEmail(ctx.store.db, body.email);
      const ok = await verifyPassword(body.password, user?.password_hash ?? (await dummyHash()));
      if (!user || !ok || user.disabled) {
        await recordLoginFailure(ctx.store, keys, { email: body.email, ip: request.ip });
        throw unauthorized('wrong email or password');
      }
      await clearLoginFailures(ctx.store.db, keys);
      const session = await createSession(ctx.store, user.id);
      reply.setCookie(SESSION_COOKIE, session.cookie, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        maxAge: SESSION_DAYS * 86_400,
      });
      return { csrfToken: session.csrfToken, expiresAt: session.expiresAt, user: me(user) };
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/session',
    summary: 'Sign out',
    tag: 'accounts',
    access: 'anyPassword',
    status: 204,
    async handler({ request, reply, caller, ctx }) {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await deleteSession(ctx.store, cookie, caller.userId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return undefined;
    },
  }),
  route({
    method: 'GET',
    url: '/api/me',
    summary: 'The signed-in user, and a fresh view of the session (its CSRF token)',
    tag: 'accounts',
    access: 'anyPassword',
    response: z.object({ user: Me, csrfToken: z.string().optional() }),
    async handler({ caller, request, ctx }) {
      const user = (await getUser(ctx.store.db, caller.userId))!;
      const cookie = request.cookies[SESSION_COOKIE];
      const session = cookie && caller.via === 'session' ? await findSession(ctx.store.db, cookie) : undefined;
      return { user: me(user), csrfToken: session?.csrf_token };
    },
  }),
  route({
    method: 'POST',
    url: '/api/me/password',
    summary: 'Change your password (needed after a one-time or reset password); ends your other sessions',
    tag: 'accounts',
    access: 'anyPassword',
    body: z.object({ current: Password, new: Password }),
    status: 204,
    async handler({ body, caller, ctx }) {
      const user = (await getUser(ctx.store.db, caller.userId))!;
      if (!(await verifyPassword(body.current, user.password_hash))) throw badRequest('the current password is wrong');
      const problem = passwordProblem(body.new);
      if (problem) throw badRequest(problem);
      if (body.new === body.current) throw badRequest('the new password must differ from the current one');
      await setPassword(ctx.store, caller.userId, body.new, false, caller.actor);
      return undefined;
    },
  }),
  route({
    method: 'POST',
    url: '/api/tokens',
    summary: 'Create an API token (returned once; only its hash is kept), optionally limited to some systems',
    tag: 'accounts',
    access: 'user',
    body: z.object({ name: z.string().trim().min(1).max(100), systems: SystemIds.optional() }),
    response: z.object({ id: z.string(), token: z.string() }),
    status: 201,
    async handler({ body, caller, ctx }) {
      if (caller.via === 'token') throw badRequest('sign in with a password to create API tokens');
      return createToken(ctx.store, caller.userId, body.name, body.systems ?? null);
    },
  }),
  route({
    method: 'GET',
    url: '/api/tokens',
    summary: 'Your API tokens (never the tokens themselves)',
    tag: 'accounts',
    access: 'user',
    async handler({ caller, ctx }) {
      return { tokens: await listTokens(ctx.store.db, caller.userId) };
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/tokens/:id',
    summary: 'Revoke an API token',
    tag: 'accounts',
    access: 'user',
    params: z.object({ id: z.string().uuid() }),
    status: 204,
    async handler({ params, caller, ctx }) {
      if (!(await revokeToken(ctx.store, params.id, caller.userId, caller.isAdmin))) throw notFound('token');
      return undefined;
    },
  }),
  route({
    method: 'GET',
    url: '/api/users',
    summary: 'All users (administrators)',
    tag: 'administration',
    access: 'user',
    async handler({ caller, ctx }) {
      requireGlobal(caller, 'users.manage');
      const users = await ctx.store.db.selectFrom('users').selectAll().orderBy('email').execute();
      return { users: users.map(me) };
    },
  }),
  route({
    method: 'POST',
    url: '/api/users',
    summary: 'Create a user (administrators); without a password, a one-time password is returned once',
    tag: 'administration',
    access: 'user',
    body: z.object({
      email: Email,
      name: z.string().trim().max(200).optional(),
      password: Password.optional(),
      isAdmin: z.boolean().optional(),
      organisation: z.string().max(100).nullable().optional(),
    }),
    status: 201,
    async handler({ body, caller, ctx }) {
      requireGlobal(caller, 'users.manage');
      if (body.password !== undefined) {
        const problem = passwordProblem(body.password);
        if (problem) throw badRequest(problem);
      }
      if (body.organisation) {
        const org = await ctx.store.db
          .selectFrom('organisations')
          .select('id')
          .where('id', '=', body.organisation)
          .executeTakeFirst();
        if (!org) throw badRequest(`unknown organisation ${body.organisation}`);
      }
      const oneTime = body.password === undefined ? generatePassword() : undefined;
      const user = await createUser(
        ctx.store,
        {
          email: body.email,
          name: body.name,
          password: body.password ?? oneTime!,
          isAdmin: body.isAdmin,
          mustChangePassword: oneTime !== undefined,
          organisationId: body.organisation ?? null,
        },
        caller.actor,
      );
      return { user: me(user), oneTimePassword: oneTime };
    },
  }),
  route({
    method: 'POST',
    url: '/api/users/:id/password-reset',
    summary: 'Reset a user’s password (administrators): returns a one-time password and ends their sessions',
    tag: 'administration',
    access: 'user',
    params: z.object({ id: z.string().uuid() }),
    response: z.object({ oneTimePassword: z.string() }),
    async handler({ params, caller, ctx }) {
      requireGlobal(caller, 'users.manage');
      if (!(await getUser(ctx.store.db, params.id))) throw notFound('user');
      const password = generatePassword();
      await setPassword(ctx.store, params.id, password, true, caller.actor);
      return { oneTimePassword: password };
    },
  }),
  route({
    method: 'GET',
    url: '/api/organisations',
    summary: 'Organisations users belong to',
    tag: 'administration',
    access: 'user',
    async handler({ ctx }) {
      return { organisations: await ctx.store.db.selectFrom('organisations').select(['id', 'name']).execute() };
    },
  }),
  route({
    method: 'POST',
    url: '/api/organisations',
    summary: 'Create an organisation (administrators)',
    tag: 'administration',
    access: 'user',
    body: z.object({ id: z.string().regex(SYSTEM_ID), name: z.string().trim().min(1).max(200) }),
    status: 201,
    async handler({ body, caller, ctx }) {
      requireGlobal(caller, 'users.manage');
      try {
        await ctx.store.db.transaction().execute(async (trx) => {
          await trx.insertInto('organisations').values({ id: body.id, name: body.name, created_at: now() }).execute();
          await appendAudit(trx, ctx.store.kind, {
            actor: caller.actor,
            action: 'organisation.create',
            target: `organisation:${body.id}`,
            details: { name: body.name },
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(`organisation ${body.id} already exists`);
        throw error;
      }
      return { id: body.id, name: body.name };
    },
  }),
];

function me(user: {
  id: string;
  email: string;
  name: string;
  is_admin: number;
  organisation_id: string | null;
  must_change_password: number;
}) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.is_admin === 1,
    organisation: user.organisation_id,
    mustChangePassword: user.must_change_password === 1,
  };
}
