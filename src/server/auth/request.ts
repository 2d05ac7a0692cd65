/**
 * Who is calling: a session cookie (browsers; state-changing requests must also carry the session's CSRF token in
 * x-csrf-token) or an API token in `Authorization: Bearer` (scripts and CI; no cookie, so no CSRF).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../api/route.js';
import type { ServerContext } from '../context.js';
import { ApiError, forbidden, notFound, unauthorized } from '../errors.js';
import { findSession, findToken } from '../storage/accounts.js';
import { now } from '../storage/database.js';
import { systemAccess } from '../storage/systems.js';
import {
  type Decision,
  decideGlobal,
  decideSystem,
  type GlobalAction,
  isRole,
  type SystemAction,
} from './authorize.js';

export const SESSION_COOKIE = 'iotassure_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function identify(request: FastifyRequest, ctx: ServerContext): Promise<Caller | undefined> {
  const db = ctx.store.db;
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized('the Authorization header must be "Bearer <token>"');
    const token = await findToken(db, match[1]!);
    if (!token) throw unauthorized('this API token is unknown or revoked');
    // "Last used" to the minute: a write (and, on SQLite, a disk sync) per read request would cost more than the read.
    const t = now();
    if (!token.last_used_at || Date.parse(t) - Date.parse(token.last_used_at) > 60_000) {
      await db.updateTable('api_tokens').set({ last_used_at: t }).where('id', '=', token.id).execute();
    }
    return {
      userId: token.user_id,
      isAdmin: token.is_admin === 1,
      tokenSystems: token.systems,
      actor: `token:${token.id}`,
      email: token.email,
      name: token.name,
      organisationId: token.organisation_id,
      // Tokens are made by people who already chose their password.
      mustChangePassword: false,
      via: 'token',
    };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return undefined;
  const session = await findSession(db, cookie);
  if (!session) return undefined;
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !sameSecret(sent, session.csrf_token)) {
      throw new ApiError(403, 'csrf', 'missing or wrong x-csrf-token header (it is returned by POST /api/session)');
    }
  }
  return {
    userId: session.user_id,
    isAdmin: session.is_admin === 1,
    actor: `user:${session.user_id}`,
    email: session.email,
    name: session.name,
    organisationId: session.organisation_id,
    mustChangePassword: session.must_change_password === 1,
    via: 'session',
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function enforce(decision: Decision): void {
  if (!decision.allow) throw forbidden(decision.reason);
}

export function requireGlobal(caller: Caller, action: GlobalAction): void {
  enforce(decideGlobal(caller, action));
}

/**
 * Decides a system action for the caller; a system that does not exist is a 404. For contributors,
 * `controlStakeholders` are the stakeholders that owe the control the action is on.
 */
export async function requireSystem(
  ctx: ServerContext,
  caller: Caller,
  systemId: string,
  action: SystemAction,
  controlStakeholders?: readonly string[],
): Promise<{ name: string; role?: string; stakeholders: string[] }> {
  const m = await systemAccess(ctx.store.db, systemId, caller.userId, caller.organisationId);
  if (!m) throw notFound(`system ${systemId}`);
  const role = m.role !== undefined && isRole(m.role) ? m.role : undefined;
  enforce(decideSystem(caller, action, { systemId, role, stakeholders: m.stakeholders, controlStakeholders }));
  return m;
}
