/**
 * Routes are data: method, path, zod schemas for what they take and give, who may call them, and a handler. The
 * same definitions validate requests (a clear 400 naming each bad field), register the routes with Fastify and
 * produce the OpenAPI document, so the document cannot drift from the code.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../auth/authorize.js';
import type { ServerContext } from '../context.js';
import { badRequest } from '../errors.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Caller extends Principal {
  /** "user:<id>" or "token:<id>", for the audit log */
  actor: string;
  email: string;
  name: string;
  organisationId: string | null;
  mustChangePassword: boolean;
  via: 'session' | 'token';
}

export interface HandlerInput<P, Q, B> {
  request: FastifyRequest;
  reply: FastifyReply;
  params: P;
  query: Q;
  body: B;
  caller: Caller;
  ctx: ServerContext;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  /** Fastify syntax: /api/systems/:id */
  url: string;
  summary: string;
  tag: string;
  /** public routes need no caller; `anyPassword` routes stay open to a user who must change their password */
  access: 'public' | 'user' | 'anyPassword';
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** the body is raw bytes (evidence uploads), limited to this many bytes */
  rawBody?: { contentType: string; limit: number };
  /** what a successful call returns, for the OpenAPI document */
  response?: z.ZodType;
  /** a non-JSON success response */
  produces?: string;
  /** the response carries an ETag, and the handler answers NOT_MODIFIED when If-None-Match names it */
  conditional?: boolean;
  status?: number;
  handler(input: HandlerInput<P, Q, B>): Promise<unknown>;
}

/** What a `conditional` handler returns when the client already has the body (a 304 without one). */
export const NOT_MODIFIED = Symbol('not modified');

/** Keeps P, Q and B inferred from the schemas while collecting routes of different shapes in one list. */
export function route<P = undefined, Q = undefined, B = undefined>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** Parses one part of a request, or throws a 400 listing every problem with its field. */
export function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, part: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => ({
    field: [part, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  throw badRequest(`invalid ${part}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, { problems });
}

// OpenAPI ----------------------------------------------------------------------------------------------------------

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export function openApiDocument(routes: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters = [...objectParameters(r.params, 'path'), ...objectParameters(r.query, 'query')];
    const ok = String(r.status ?? 200);
    const responses: Record<string, unknown> = {
      [ok]: {
        description: 'success',
        ...(r.produces
          ? { content: { [r.produces]: { schema: { type: 'string' } } } }
          : r.response
            ? { content: { 'application/json': { schema: jsonSchema(r.response, 'output') } } }
            : {}),
      },
      '400': errorResponse('invalid request: the message and details name each bad field'),
    };
    if (r.conditional) responses['304'] = { description: 'unchanged: If-None-Match names the current ETag' };
    if (r.access !== 'public') {
      responses['401'] = errorResponse('not signed in and no valid API token');
      responses['403'] = errorResponse('signed in, but this role may not do this');
    }
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      ...(parameters.length > 0 && { parameters }),
      ...(r.body && {
        requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } },
      }),
      ...(r.rawBody && {
        requestBody: {
          required: true,
          content: { [r.rawBody.contentType]: { schema: { type: 'string', format: 'binary' } } },
        },
      }),
      ...(r.access === 'public' ? { security: [] } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'iotassure workspace API',
      version,
      description:
        'The API of `iotassure serve`. Sign in with POST /api/session (a session cookie; send the returned csrfToken ' +
        'in an x-csrf-token header with every request that changes state), or send an API token as ' +
        '`Authorization: Bearer <token>`.',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'iotassure_session' },
        token: { type: 'http', scheme: 'bearer' },
      },
      schemas: { Error: jsonSchema(ErrorBody, 'output') },
    },
    security: [{ session: [] }, { token: [] }],
    paths,
  };
}

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

function objectParameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}
