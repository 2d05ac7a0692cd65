/**
 * The workspace server: a Fastify app with the JSON API under /api and the web application beside it. Each process
 * is stateless apart from its connection pool, its model worker, its job runner and the responses it keeps (each
 * checked against the database on every request), so several may share one PostgreSQL database.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { TOOL_VERSION } from '../util/version.js';
import { ResponseCache } from './api/response-cache.js';
import { type Caller, NOT_MODIFIED, openApiDocument, parsePart, type RouteSpec } from './api/route.js';
import { accountRoutes } from './api/routes/accounts.js';
import { MODEL_LIMIT, systemRoutes } from './api/routes/systems.js';
import { workRoutes } from './api/routes/work.js';
import { identify } from './auth/request.js';
import type { ServerContext } from './context.js';
import { ApiError, forbidden, unauthorized } from './errors.js';
import { ModelWorker } from './jobs/pool.js';
import { JobRunner } from './jobs/runner.js';
import { openStore, type Store, type StoreOptions } from './storage/database.js';

export const ROUTES: readonly RouteSpec[] = [...accountRoutes, ...systemRoutes, ...workRoutes];

/** Where `npm run build` puts the web application. */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface ServerOptions extends StoreOptions {
  /** trust X-Forwarded-* from a reverse proxy (for the client address and https) */
  trustProxy?: boolean;
  /** run queued assessments in this process (default true) */
  jobs?: boolean;
  /** how often the job runner looks for work queued by other processes */
  pollMs?: number;
  logger?: boolean;
}

export interface Workspace {
  app: FastifyInstance;
  ctx: ServerContext;
  close(): Promise<void>;
}

/** Content-Security-Policy for everything we serve: our own scripts and styles only, nothing framed or embedded. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export async function createWorkspace(options: ServerOptions, existing?: Store): Promise<Workspace> {
  const store = existing ?? (await openStore(options));
  const worker = new ModelWorker();
  const runner = new JobRunner(store, worker, options.pollMs);
  const ctx: ServerContext = {
    store,
    worker,
    runner,
    version: TOOL_VERSION,
    systemsList: new ResponseCache(),
    models: new ResponseCache(),
  };
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: MODEL_LIMIT + 1024 * 1024,
    // Never echo request data in 404s for unknown routes; our handler below answers them.
    return503OnClosing: true,
  });
  await app.register(fastifyCookie);
  // Evidence uploads arrive as raw bytes; each route sets its own size limit.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );
  app.addHook('onSend', async (request, reply, payload) => {
    // A route may set a stricter policy (evidence downloads are sandboxed).
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), usb=(), serial=()');
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof ApiError) {
      return reply
        .status(error.status)
        .send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      // Fastify's own refusals: malformed JSON, body too large, wrong content type.
      const { code, message } = error as { code?: string; message: string };
      return reply.status(status).send({ error: { code: code ?? 'bad_request', message } });
    }
    app.log.error(error);
    return reply
      .status(500)
      .send({ error: { code: 'internal', message: 'internal error; the server log has details' } });
  });
  for (const spec of ROUTES) registerRoute(app, ctx, spec);
  app.get('/api/openapi.json', async () => openApiDocument(ROUTES, TOOL_VERSION));
  await registerWeb(app);
  if (options.jobs !== false) runner.start();
  return {
    app,
    ctx,
    async close() {
      await app.close();
      await runner.stop();
      await worker.close();
      if (!existing) await store.close();
    },
  };
}

function registerRoute(app: FastifyInstance, ctx: ServerContext, spec: RouteSpec): void {
  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.rawBody && { bodyLimit: spec.rawBody.limit }),
    handler: async (request, reply) => {
      const caller = await authenticate(request, ctx, spec);
      const params = parsePart(spec.params, request.params, 'path');
      const query = parsePart(spec.query, request.query, 'query');
      const body = spec.rawBody ? request.body : parsePart(spec.body, request.body, 'body');
      const result = await spec.handler({ request, reply, params, query, body, caller: caller!, ctx });
      if (result === NOT_MODIFIED) return reply.status(304).send();
      reply.status(spec.status ?? 200);
      return result === undefined ? reply.send() : result;
    },
  });
}

async function authenticate(request: FastifyRequest, ctx: ServerContext, spec: RouteSpec): Promise<Caller | undefined> {
  if (spec.access === 'public') return undefined;
  const caller = await identify(request, ctx);
  if (!caller) throw unauthorized();
  if (caller.mustChangePassword && spec.access !== 'anyPassword') {
    throw forbidden('change your one-time password first (POST /api/me/password)');
  }
  return caller;
}

/** The built web application, with index.html for every page path so the client-side router can take over. */
async function registerWeb(app: FastifyInstance): Promise<void> {
  const built = existsSync(WEB_ROOT);
  if (built) await app.register(fastifyStatic, { root: WEB_ROOT, index: false, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      return reply
        .status(404)
        .send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
    }
    if (!built) return reply.status(503).type('text/plain').send('the web application is not built; run npm run build');
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });
}
