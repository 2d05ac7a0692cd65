/** Systems and their revisions: push a model, read its assessment, pull its YAML; members; the audit log. */
import { z } from 'zod';
import { modelJsonSchema } from '../../../model/schema.js';
import { STAKEHOLDERS } from '../../../model/vocabulary.js';
import { diffAssessments } from '../../../report/diff.js';
import { diffInputOf } from '../../../report/diff-input.js';
import { decideSystem, isRole, ROLES, SYSTEM_ACTIONS } from '../../auth/authorize.js';
import { requireGlobal, requireSystem } from '../../auth/request.js';
import type { ServerContext } from '../../context.js';
import { ApiError, badRequest, notFound } from '../../errors.js';
import { listAudit } from '../../storage/audit.js';
import {
  addRevision,
  getModel,
  getRevision,
  getSystem,
  latestAssessed,
  listMembers,
  listRevisions,
  listSystems,
  type NewRevision,
  revisionAssessment,
  revisionView,
  SYSTEM_ID,
  type SystemSummary,
  setMember,
  setOrganisationRole,
  systemsListVersion,
} from '../../storage/systems.js';
import { unchanged } from '../response-cache.js';
import { type Caller, NOT_MODIFIED, route } from '../route.js';

/** The largest model text the API takes (a 50 000-element model written with templates is about 15 MiB). */
export const MODEL_LIMIT = 32 * 1024 * 1024;

const SystemId = z.string().regex(SYSTEM_ID, 'lower-case letters, digits, ".", "_" and "-", at most 64');
const SystemParams = z.object({ id: SystemId });
const RevisionQuery = z.object({ revision: z.coerce.number().int().min(1).optional() });

/** Generated from the zod schema once per process: it only changes with the code. */
let modelSchema: Record<string, unknown> | undefined;

const Diagnostic = z.object({
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  path: z.string().optional(),
  hint: z.string().optional(),
  position: z.object({ line: z.number(), column: z.number() }).optional(),
});

export const systemRoutes = [
  route({
    method: 'GET',
    url: '/api/systems',
    summary: 'The systems you may read, each with its newest revision and a digest of its assessment',
    tag: 'systems',
    access: 'user',
    produces: 'application/json',
    conditional: true,
    async handler({ caller, ctx, request, reply }) {
      // The counter first: the list made (or kept) for it is at least as new as the database when the request came.
      const version = await systemsListVersion(ctx.store.db);
      const view = JSON.stringify([caller.userId, caller.isAdmin, caller.tokenSystems ?? null]);
      const list = await ctx.systemsList.get(view, version, async () =>
        systemsJson(await listSystems(ctx.store.db, caller.userId, caller.isAdmin, caller.tokenSystems)),
      );
      reply.header('etag', list.etag);
      if (unchanged(request.headers['if-none-match'], list.etag)) return NOT_MODIFIED;
      reply.header('content-type', 'application/json; charset=utf-8');
      return list.body;
    },
  }),
  route({
    method: 'POST',
    url: '/api/validate',
    summary: 'Check a model text as `iotassure validate` does, without storing it (the editor’s diagnostics)',
    tag: 'systems',
    access: 'user',
    body: z.object({ yaml: z.string().max(MODEL_LIMIT), file: z.string().max(200).optional() }),
    response: z.object({ ok: z.boolean(), diagnostics: z.array(Diagnostic) }),
    async handler({ body, ctx }) {
      const result = await ctx.worker.check(body.file ?? 'system.yaml', body.yaml);
      return { ok: result.ok, diagnostics: result.ok ? [] : result.diagnostics };
    },
  }),
  route({
    method: 'GET',
    url: '/api/schema/model',
    summary:
      'The JSON Schema of the model file, as `iotassure schema` writes it (the editor’s validation and completion ' +
      'while typing)',
    tag: 'systems',
    access: 'user',
    response: z.record(z.string(), z.unknown()),
    async handler() {
      modelSchema ??= modelJsonSchema();
      return modelSchema;
    },
  }),
  route({
    method: 'POST',
    url: '/api/systems/:id/revisions',
    summary:
      'Store a new revision of a system’s model (creating the system on its first revision); it is assessed in ' +
      'the background. With `base`, refused with 409 unless `base` is still the newest revision.',
    tag: 'systems',
    access: 'user',
    params: SystemParams,
    body: z.object({
      yaml: z.string().min(1).max(MODEL_LIMIT),
      base: z.number().int().min(0).optional(),
      message: z.string().max(2000).optional(),
    }),
    status: 201,
    response: z.object({
      system: z.string(),
      revision: z.number(),
      sha256: z.string(),
      created: z.boolean(),
      path: z.string(),
    }),
    async handler({ params, body, caller, ctx, reply }) {
      if (await getSystem(ctx.store.db, params.id)) await requireSystem(ctx, caller, params.id, 'revision.create');
      else requireGlobal(caller, 'system.create');
      const stored = await storeRevision(ctx, caller, {
        systemId: params.id,
        yaml: body.yaml,
        base: body.base,
        message: body.message,
      });
      reply.header('location', `/api/systems/${params.id}/revisions/${stored.number}`);
      return {
        system: params.id,
        revision: stored.number,
        sha256: stored.sha256,
        created: stored.created,
        path: `/systems/${params.id}`,
      };
    },
  }),
  route({
    method: 'GET',
    url: '/api/systems/:id',
    summary: 'A system: its name, your role, its newest revision and its assessment state',
    tag: 'systems',
    access: 'user',
    params: SystemParams,
    async handler({ params, caller, ctx }) {
      const m = await requireSystem(ctx, caller, params.id, 'system.read');
      const head = await getRevision(ctx.store.db, params.id);
      // For contributors, control actions are listed when they owe some controls (their own stakeholder roles).
      const role = m.role !== undefined && isRole(m.role) ? m.role : undefined;
      const context = { systemId: params.id, role, stakeholders: m.stakeholders, controlStakeholders: m.stakeholders };
      const allowed = SYSTEM_ACTIONS.filter((action) => decideSystem(caller, action, context).allow);
      return {
        id: params.id,
        name: m.name,
        role: m.role ?? null,
        stakeholders: m.stakeholders,
        allowed,
        head: head ? revisionView(head) : null,
      };
    },
  }),
  route({
    method: 'GET',
    url: '/api/systems/:id/revisions',
    summary: 'Every revision of a system, newest first, with its assessment digest (for history and trends)',
    tag: 'systems',
    access: 'user',
    params: SystemParams,
    produces: 'application/json',
    async handler({ params, caller, ctx, reply }) {
      await requireSystem(ctx, caller, params.id, 'system.read');
      const revisions = await listRevisions(ctx.store.db, params.id);
      reply.header('content-type', 'application/json; charset=utf-8');
      return `{"revisions":[${revisions.map((r) => withDigest(r.view, r.digestJson)).join(',')}]}`;
    },
  }),
  route({
    method: 'GET',
    url: '/api/systems/:id/revisions/:number',
    summary: 'One revision: its SHA-256, author and assessment state (pending, done or failed with why)',
    tag: 'systems',
    access: 'user',
    params: z.object({ id: SystemId, number: z.coerce.number().int().min(1) }),
    async handler({ params, caller, ctx }) {
      await requireSystem(ctx, caller, params.id, 'system.read');
      const revision = await getRevision(ctx.store.db, params.id, params.number);
      if (!revision) throw notFound(`revision ${params.number} of ${params.id}`);
      return revisionView(revision);
    },
  }),
  route({
    method: 'GET',
    url: '/api/systems/:id/model',
    summary: 'The model YAML of the newest (or the given) revision, exactly as stored',
    tag: 'systems',
    access: 'user',
    params: SystemParams,
    query: RevisionQuery,
    produces: 'application/yaml',
    conditional: true,
    async handler({ params, query, caller, ctx, request, reply }) {
      await requireSystem(ctx, caller, params.id, 'system.read');
      const revision = await getRevision(ctx.store.db, params.id, query.revision);
      if (!revision) throw notFound(`revision ${query.revision ?? ''} of ${params.id}`.replace('  ', ' '));
      reply.header('x-iotassure-revision', String(revision.number));
      reply.header('etag', `"${revision.sha256}"`);
      if (unchanged(request.headers['if-none-match'], `"${revision.sha256}"`)) return NOT_MODIFIED;
      reply.header('content-type', 'application/yaml; charset=utf-8');
      // Kept by its SHA-256, which names the text: nothing to check against the database but the revision's hash.
      const kept = await ctx.models.get(revision.sha256, 0, async () => {
        const yaml = await getModel(ctx.store.db, params.id, revision.number);
        if (yaml === undefined) throw notFound(`the text of revision ${revision.number} of ${params.id}`);
        return yaml;
      });
      return kept.body;
    },
  }),
  route({
    method: 'GET',
    url: '/api/systems/:id/diff',
    summary:
      'What changed between the assessments of two revisions (the same JSON as `iotassure diff --format json`): ' +
      'risks added, closed or changed level, controls whose status changed (per product), gaps, framework progress',
    tag: 'systems',
    access: 'user',
    params: SystemParams,
    query: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
    async handler({ params, query, caller, ctx }) {
      await requireSystem(ctx, caller, params.id, 'system.read');
      const side = async (number: number) => {
        const row = await revisionAssessment(ctx.store.db, params.id, number);
        if (!row) throw notFound(`revision ${number}`);
        if (!row.assessment_json) {
          throw new ApiError(409, 'not_assessed', `revision ${number} is not assessed (yet)`, { revision: number });
        }
        return diffInputOf(JSON.parse(row.assessment_json));
      };
      return { from: query.from, to: query.to, diff: diffAssessments(await side(query.from), await side(query.to)) };
    },
  }),
  route({
    method: 'GET',
    url: '/api/systems/:id/assessment',
    summary:
      'The assessment of the newest assessed (or the given) revision: the same JSON as `iotassure assess --format json`',
    tag: 'systems',
    access: 'user',
    params: SystemParams,
    query: RevisionQuery,
    produces: 'application/json',
    async handler({ params, query, caller, ctx, reply }) {
      await requireSystem(ctx, caller, params.id, 'system.read');
      const row =
        query.revision === undefined
          ? await latestAssessed(ctx.store.db, params.id)
          : await revisionAssessment(ctx.store.db, params.id, query.revision);
      if (!row) throw notFound(query.revision ? `revision ${query.revision}` : `an assessment of ${params.id}`);
      if (!row.assessment_json) {
        throw new ApiError(409, 'not_assessed', `revision ${row.number} is not assessed (yet)`, {
          revision: row.number,
        });
      }
      reply.header('content-type', 'application/json; charset=utf-8');
      reply.header('x-iotassure-revision', String(row.number));
      return row.assessment_json;
    },
  }),
  route({
    method: 'GET',
    url: '/api/systems/:id/members',
    summary: 'Who has which role in a system',
    tag: 'members',
    access: 'user',
    params: SystemParams,
    async handler({ params, caller, ctx }) {
      await requireSystem(ctx, caller, params.id, 'system.read');
      const organisations = await ctx.store.db
        .selectFrom('system_organisations')
        .select(['organisation_id as organisation', 'stakeholder'])
        .where('system_id', '=', params.id)
        .execute();
      return { members: await listMembers(ctx.store.db, params.id), organisations };
    },
  }),
  route({
    method: 'PUT',
    url: '/api/systems/:id/members/:user',
    summary: 'Give a user a role in a system, or remove them (role null)',
    tag: 'members',
    access: 'user',
    params: z.object({ id: SystemId, user: z.string().uuid() }),
    body: z.object({ role: z.enum(ROLES).nullable() }),
    status: 204,
    async handler({ params, body, caller, ctx }) {
      await requireSystem(ctx, caller, params.id, 'members.manage');
      const user = await ctx.store.db.selectFrom('users').select('id').where('id', '=', params.user).executeTakeFirst();
      if (!user) throw badRequest(`unknown user ${params.user}`);
      await setMember(ctx.store, params.id, params.user, body.role, caller.actor);
      return undefined;
    },
  }),
  route({
    method: 'PUT',
    url: '/api/systems/:id/organisations/:organisation',
    summary: 'Set the ISO/IEC 27400 stakeholder roles an organisation plays in a system',
    tag: 'members',
    access: 'user',
    params: z.object({ id: SystemId, organisation: z.string().regex(SYSTEM_ID) }),
    body: z.object({
      stakeholders: z.array(z.enum(Object.keys(STAKEHOLDERS) as [string, ...string[]])).max(3),
    }),
    status: 204,
    async handler({ params, body, caller, ctx }) {
      await requireSystem(ctx, caller, params.id, 'members.manage');
      const org = await ctx.store.db
        .selectFrom('organisations')
        .select('id')
        .where('id', '=', params.organisation)
        .executeTakeFirst();
      if (!org) throw badRequest(`unknown organisation ${params.organisation}`);
      await setOrganisationRole(
        ctx.store,
        params.id,
        params.organisation,
        [...new Set(body.stakeholders)],
        caller.actor,
      );
      return undefined;
    },
  }),
  route({
    method: 'GET',
    url: '/api/systems/:id/audit',
    summary: 'The audit log entries about a system, newest first',
    tag: 'audit',
    access: 'user',
    params: SystemParams,
    query: z.object({
      before: z.coerce.number().int().min(1).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    async handler({ params, query, caller, ctx }) {
      await requireSystem(ctx, caller, params.id, 'audit.read');
      return { entries: await listAudit(ctx.store.db, { ...query, target: `system:${params.id}` }) };
    },
  }),
  route({
    method: 'GET',
    url: '/api/audit',
    summary: 'The whole audit log, newest first (administrators)',
    tag: 'audit',
    access: 'user',
    query: z.object({
      before: z.coerce.number().int().min(1).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    async handler({ query, caller, ctx }) {
      requireGlobal(caller, 'audit.read.all');
      return { entries: await listAudit(ctx.store.db, query) };
    },
  }),
];

/** The systems list as JSON text. */
function systemsJson(systems: SystemSummary[]): string {
  return `{"systems":[${systems.map(({ digestJson, ...system }) => withDigest(system, digestJson)).join(',')}]}`;
}

/**
 * An object (with at least one field) as JSON with its digest added: a digest is stored as JSON text and goes out as
 * stored, not parsed and serialised again per request.
 */
function withDigest(item: object, digestJson: string | null): string {
  return `${JSON.stringify(item).slice(0, -1)},"digest":${digestJson ?? 'null'}}`;
}

/**
 * Checks a model text in the worker (as `validate` does) and stores it as the next revision. Used by pushes,
 * uploads, the editor and the edits made through the UI; the caller has been authorized for what it does.
 */
export async function storeRevision(
  ctx: ServerContext,
  caller: Caller,
  revision: Omit<NewRevision, 'name' | 'actor' | 'creator'>,
) {
  const { systemId, yaml } = revision;
  const check = await ctx.worker.check(`${systemId}.yaml`, yaml);
  if (!check.ok) {
    const errors = check.diagnostics.filter((d) => d.severity === 'error');
    throw new ApiError(
      400,
      'invalid_model',
      `the model has ${errors.length} error${errors.length === 1 ? '' : 's'}: ${errors[0]?.message ?? ''}`,
      { diagnostics: check.diagnostics },
    );
  }
  const stored = await addRevision(ctx.store, {
    ...revision,
    name: check.name,
    actor: caller.actor,
    creator: caller.userId,
  });
  ctx.runner.poke();
  return stored;
}
