/**
 * The work on a system: control states and evidence, risk treatments and acceptances, comments, history,
 * sign-off and exports. Every change to the model goes through src/server/model-edit.ts and becomes a revision
 * made against the revision the person was looking at (409 if someone else saved first).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Assessment } from '../../../assess/assessment.js';
import { loadCatalog } from '../../../catalog/load.js';
import { Id } from '../../../model/schema.js';
import { CONTROL_STATUSES, EVIDENCE_KINDS, TREATMENTS } from '../../../model/vocabulary.js';
import { decodeAssessment } from '../../../report/assessment-json.js';
import { esc } from '../../../report/html/escape.js';
import { FORMATS, renderer } from '../../../report/index.js';
import { contentText, isBinary } from '../../../report/write.js';
import { didYouMean } from '../../../util/suggest.js';
import { uriComponent } from '../../../util/unicode.js';
import { requireSystem } from '../../auth/request.js';
import type { ServerContext } from '../../context.js';
import { ApiError, badRequest, conflict, notFound } from '../../errors.js';
import {
  addEvidence,
  type ControlScope,
  ModelEditError,
  SCOPE_KEYS,
  setControlState,
  setRiskTreatment,
} from '../../model-edit.js';
import { sha256 } from '../../storage/accounts.js';
import { appendAudit, listAudit } from '../../storage/audit.js';
import { isUniqueViolation, now } from '../../storage/database.js';
import { getModel, getRevision, headNumber, revisionAssessment, SYSTEM_ID } from '../../storage/systems.js';
import { type Caller, route } from '../route.js';
import { storeRevision } from './systems.js';

/** The largest evidence file the API takes. */
export const UPLOAD_LIMIT = 32 * 1024 * 1024;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const Text = z.string().trim().min(1).max(2000);
const Base = z.number().int().min(1);
const SystemId = z.string().regex(SYSTEM_ID);
const ControlParams = z.object({ id: SystemId, control: z.string().max(100) });
const RevisionParams = z.object({ id: SystemId, number: z.coerce.number().int().min(1) });
const enumOf = (record: Record<string, string>) => z.enum(Object.keys(record) as [string, ...string[]]);
/**
 * Which status entry of a control a change is for: the products, elements, flows or data assets named, or the
 * whole system when none are. Whether the scope fits the control (its level, the model's ids) is the model check's
 * to say, with the same message as the command line.
 */
const Scope = z
  .object(Object.fromEntries(SCOPE_KEYS.map((k) => [k, z.array(Id).max(200).optional()])))
  .strict()
  .describe('the subjects the status is for (default: the whole system)') as z.ZodType<ControlScope>;
/** The same scope in a query string: comma-separated ids per key. */
const ScopeQuery = Object.fromEntries(
  SCOPE_KEYS.map((k) => [
    k,
    z
      .string()
      .max(4000)
      .optional()
      .transform((v) => v?.split(',').filter(Boolean))
      .pipe(z.array(Id).optional()),
  ]),
);
const scopeOfQuery = (query: Record<string, unknown>): ControlScope =>
  Object.fromEntries(SCOPE_KEYS.flatMap((k) => (query[k] ? [[k, query[k]]] : [])));

export const SIGNOFF_STEPS = ['prepared', 'reviewed', 'approved'] as const;
const STEP_ACTION = {
  prepared: 'signoff.prepare',
  reviewed: 'signoff.review',
  approved: 'signoff.approve',
} as const;

/** The stakeholders that owe a control (for contributors), or a 400 naming the unknown control. */
function controlStakeholders(control: string): string[] {
  const catalog = loadCatalog();
  const found = catalog.controls.get(control);
  if (!found) {
    throw badRequest(
      `unknown control "${control}"; ${didYouMean(control, [...catalog.controls.keys()]) ?? 'see the catalog'}`,
    );
  }
  return [...found.stakeholders];
}

/** Applies one model edit to revision `base` and stores the result as the next revision. */
async function editModel(
  ctx: ServerContext,
  caller: Caller,
  systemId: string,
  base: number,
  edit: (text: string) => string,
  audit: { action: string; details: Record<string, unknown> },
  also?: Parameters<typeof storeRevision>[2]['also'],
) {
  const head = await headNumber(ctx.store.db, systemId);
  if (base !== head) {
    throw conflict(
      `system ${systemId} is at revision ${head}, and this change was made against revision ${base}; reload, apply the change again and save`,
      { base, head },
    );
  }
  const current = (await getModel(ctx.store.db, systemId, base))!;
  let yaml: string;
  try {
    yaml = edit(current);
  } catch (error) {
    if (error instanceof ModelEditError)
      throw error.kind === 'exists' ? conflict(error.message) : badRequest(error.message);
    throw error;
  }
  const stored = await storeRevision(ctx, caller, { systemId, yaml, base, audit, also, message: audit.action });
  return { revision: stored.number, sha256: stored.sha256 };
}

const Edited = z.object({ revision: z.number(), sha256: z.string() });

export const workRoutes = [
  route({
    method: 'PUT',
    url: '/api/systems/:id/controls/:control',
    summary: 'Set a control’s status, owner, due date, justification or notes (a new revision of the model)',
    tag: 'work',
    access: 'user',
    params: ControlParams,
    body: z.object({
      base: Base,
      status: enumOf(CONTROL_STATUSES).optional(),
      owner: Text.optional(),
      due: IsoDate.optional(),
      justification: Text.optional(),
      notes: Text.optional(),
      scope: Scope.optional(),
    }),
    response: Edited,
    async handler({ params, body, caller, ctx }) {
      await requireSystem(ctx, caller, params.id, 'control.edit', controlStakeholders(params.control));
      const { base, scope, ...update } = body;
      if (Object.keys(update).length === 0)
        throw badRequest('nothing to change: give status, owner, due, justification or notes');
      return editModel(ctx, caller, params.id, base, (text) => setControlState(text, params.control, update, scope), {
        action: 'control.edit',
        details: { control: params.control, ...update, ...(scope && { scope }) },
      });
    },
  }),
  route({
    method: 'POST',
    url: '/api/systems/:id/controls/:control/evidence',
    summary:
      'Upload an evidence file for a control: stored once by its SHA-256, listed in the model with who collected ' +
      'it, when, its expiry and reviewer (a new revision)',
    tag: 'work',
    access: 'user',
    params: ControlParams,
    query: z.object({
      base: z.coerce.number().int().min(1),
      title: Text,
      filename: z.string().trim().min(1).max(200),
      kind: enumOf(EVIDENCE_KINDS).default('document'),
      collected: IsoDate.optional(),
      expires: IsoDate.optional(),
      reviewer: Text.optional(),
      ...ScopeQuery,
    }),
    rawBody: { contentType: 'application/octet-stream', limit: UPLOAD_LIMIT },
    status: 201,
    response: Edited.extend({ evidence: z.string(), file: z.string() }),
    async handler({ params, query, body: raw, caller, ctx, request }) {
      await requireSystem(ctx, caller, params.id, 'evidence.upload', controlStakeholders(params.control));
      const body = raw as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0)
        throw badRequest('send the file as the request body (application/octet-stream)');
      const hash = sha256(body);
      const at = now();
      await ctx.store.db
        .insertInto('evidence_files')
        .values({ sha256: hash, size: body.length, content: body, created_at: at })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      const id = `ev-${hash.slice(0, 12)}`;
      const mediaType = String(request.headers['x-media-type'] ?? 'application/octet-stream').slice(0, 100);
      const scope = scopeOfQuery(query);
      const edited = await editModel(
        ctx,
        caller,
        params.id,
        query.base,
        (text) =>
          addEvidence(
            text,
            {
              id,
              kind: query.kind,
              title: query.title,
              location: `sha256:${hash}`,
              collected: query.collected ?? at.slice(0, 10),
              expires: query.expires,
              by: caller.name,
              reviewer: query.reviewer,
              sha256: hash,
            },
            params.control,
            scope,
          ),
        {
          action: 'evidence.upload',
          details: { control: params.control, evidence: id, sha256: hash, size: body.length, scope },
        },
        async (trx) => {
          await trx
            .insertInto('evidence_links')
            .values({
              system_id: params.id,
              sha256: hash,
              filename: query.filename,
              media_type: mediaType,
              uploaded_by: caller.actor,
              uploaded_at: at,
            })
            .onConflict((oc) => oc.columns(['system_id', 'sha256']).doNothing())
            .execute();
        },
      );
      return { ...edited, evidence: id, file: hash };
    },
  }),
  route({
    method: 'GET',
    url: '/api/systems/:id/files/:sha256',
    summary: 'Download an uploaded evidence file (always as an attachment, never shown inline)',
    tag: 'work',
    access: 'user',
    params: z.object({ id: SystemId, sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    produces: 'application/octet-stream',
    async handler({ params, caller, ctx, reply }) {
      await requireSystem(ctx, caller, params.id, 'system.read');
      const link = await ctx.store.db
        .selectFrom('evidence_links')
        .innerJoin('evidence_files', 'evidence_files.sha256', 'evidence_links.sha256')
        .select(['evidence_links.filename', 'evidence_files.content'])
        .where('evidence_links.system_id', '=', params.id)
        .where('evidence_links.sha256', '=', params.sha256)
        .executeTakeFirst();
      if (!link) throw notFound('evidence file');
      const ascii = link.filename.replace(/[^\w.-]+/g, '_');
      reply.header('content-type', 'application/octet-stream');
      reply.header(
        'content-disposition',
        `attachment; filename="${ascii}"; filename*=UTF-8''${uriComponent(link.filename)}`,
      );
      reply.header('content-security-policy', "sandbox; default-src 'none'");
      return link.content;
    },
  }),
  route({
    method: 'PUT',
    url: '/api/systems/:id/risks/:risk',
    summary:
      'Set a risk’s treatment (by risk id, or rule id for all its risks). Accepting a risk needs the owner role: ' +
      'the caller is recorded as its approver, with the review date.',
    tag: 'work',
    access: 'user',
    params: z.object({ id: SystemId, risk: z.string().max(300) }),
    body: z.object({
      base: Base,
      treatment: enumOf(TREATMENTS),
      owner: Text.optional(),
      justification: Text.optional(),
      ticket: Text.optional(),
      reviewBy: IsoDate.optional(),
      transferredTo: Text.optional(),
    }),
    response: Edited,
    async handler({ params, body, caller, ctx }) {
      const accept = body.treatment === 'accept';
      await requireSystem(ctx, caller, params.id, accept ? 'risk.accept' : 'risk.treat');
      if (accept && (!body.reviewBy || !body.justification)) {
        throw badRequest('accepting a risk needs a justification and a review date (reviewBy)');
      }
      if (body.treatment === 'transfer' && !body.transferredTo)
        throw badRequest('a transfer names to whom (transferredTo)');
      const today = now().slice(0, 10);
      const { base, ...update } = body;
      return editModel(
        ctx,
        caller,
        params.id,
        base,
        (text) =>
          setRiskTreatment(text, params.risk, {
            ...update,
            reviewed: accept ? today : undefined,
            ...(accept && { approver: caller.name, approvedOn: today }),
          }),
        { action: accept ? 'risk.accept' : 'risk.treat', details: { risk: params.risk, ...update } },
        accept
          ? async (trx, number) => {
              await trx
                .insertInto('risk_approvals')
                .values({
                  system_id: params.id,
                  revision: number,
                  risk: params.risk,
                  approver: caller.userId,
                  approver_name: caller.name,
                  approved_on: today,
                  review_by: body.reviewBy!,
                })
                .execute();
            }
          : undefined,
      );
    },
  }),
  route({
    method: 'GET',
    url: '/api/systems/:id/approvals',
    summary: 'Risk acceptances with their approvers and review dates',
    tag: 'work',
    access: 'user',
    params: z.object({ id: SystemId }),
    async handler({ params, caller, ctx }) {
      await requireSystem(ctx, caller, params.id, 'system.read');
      const approvals = await ctx.store.db
        .selectFrom('risk_approvals')
        .selectAll()
        .where('system_id', '=', params.id)
        .orderBy('revision', 'desc')
        .execute();
      return { approvals };
    },
  }),
  route({
    method: 'POST',
    url: '/api/systems/:id/comments',
    summary: 'Comment on a control, a risk or the system',
    tag: 'work',
    access: 'user',
    params: z.object({ id: SystemId }),
    body: z.object({
      target: z.string().regex(/^(system|control:[a-z0-9._-]+|risk:[^\s]+)$/, 'system, control:<id> or risk:<id>'),
      body: z.string().trim().min(1).max(10_000),
    }),
    status: 201,
    async handler({ params, body, caller, ctx }) {
      const control = body.target.startsWith('control:') ? body.target.slice(8) : undefined;
      await requireSystem(ctx, caller, params.id, 'comment.create', control ? controlStakeholders(control) : undefined);
      const comment = {
        id: randomUUID(),
        system_id: params.id,
        target: body.target,
        revision: await headNumber(ctx.store.db, params.id),
        author: caller.actor,
        author_name: caller.name,
        body: body.body,
        created_at: now(),
      };
      await ctx.store.db.transaction().execute(async (trx) => {
        await trx.insertInto('comments').values(comment).execute();
        await appendAudit(trx, ctx.store.kind, {
          actor: caller.actor,
          action: 'comment.create',
          target: `system:${params.id}`,
          details: { subject: body.target, comment: comment.id },
        });
      });
      return comment;
    },
  }),
  route({
    method: 'GET',
    url: '/api/systems/:id/comments',
    summary: 'Comments, oldest first, optionally on one target',
    tag: 'work',
    access: 'user',
    params: z.object({ id: SystemId }),
    query: z.object({ target: z.string().max(300).optional() }),
    async handler({ params, query, caller, ctx }) {
      await requireSystem(ctx, caller, params.id, 'system.read');
      let q = ctx.store.db.selectFrom('comments').selectAll().where('system_id', '=', params.id);
      if (query.target) q = q.where('target', '=', query.target);
      return { comments: await q.orderBy('created_at').limit(1000).execute() };
    },
  }),
  route({
    method: 'GET',
    url: '/api/systems/:id/history',
    summary: 'What happened to a control or risk (or the whole system): the audit entries about it, newest first',
    tag: 'work',
    access: 'user',
    params: z.object({ id: SystemId }),
    query: z.object({ control: z.string().max(100).optional(), risk: z.string().max(300).optional() }),
    async handler({ params, query, caller, ctx }) {
      await requireSystem(ctx, caller, params.id, 'system.read');
      const entries = await listAudit(ctx.store.db, { target: `system:${params.id}`, limit: 1000 });
      const about = (details: Record<string, unknown>) =>
        (!query.control || details.control === query.control || details.subject === `control:${query.control}`) &&
        (!query.risk || details.risk === query.risk || details.subject === `risk:${query.risk}`);
      return {
        entries: entries
          .map((e) => ({ ...e, details: JSON.parse(e.details) as Record<string, unknown> }))
          .filter((e) => about(e.details))
          .map(({ prev_hash: _p, hash: _h, ...e }) => e),
      };
    },
  }),
  route({
    method: 'GET',
    url: '/api/systems/:id/revisions/:number/signoff',
    summary: 'The sign-off of a revision: who prepared, reviewed and approved it, and when',
    tag: 'sign-off',
    access: 'user',
    params: RevisionParams,
    async handler({ params, caller, ctx }) {
      await requireSystem(ctx, caller, params.id, 'system.read');
      return signoffState(ctx, params.id, params.number);
    },
  }),
  route({
    method: 'POST',
    url: '/api/systems/:id/revisions/:number/signoff',
    summary:
      'Sign off a revision, one step at a time: prepared (owner or editor), reviewed (auditor), approved (owner), ' +
      'each by a different person. An approved revision is signed off and immutable.',
    tag: 'sign-off',
    access: 'user',
    params: RevisionParams,
    body: z.object({ step: z.enum(SIGNOFF_STEPS), note: z.string().trim().max(2000).optional() }),
    status: 201,
    async handler({ params, body, caller, ctx }) {
      const m = await requireSystem(ctx, caller, params.id, STEP_ACTION[body.step]);
      const revision = await getRevision(ctx.store.db, params.id, params.number);
      if (!revision) throw notFound(`revision ${params.number}`);
      if (revision.assessment_state !== 'done') throw conflict(`revision ${params.number} is not assessed yet`);
      const state = await signoffState(ctx, params.id, params.number);
      const index = SIGNOFF_STEPS.indexOf(body.step);
      const done = state.steps.map((s) => s.step);
      if (done.includes(body.step)) {
        throw conflict(
          `revision ${params.number} is already ${body.step}${state.signedOff ? ' (it is signed off and immutable)' : ''}`,
        );
      }
      if (index > 0 && !done.includes(SIGNOFF_STEPS[index - 1]!)) {
        throw conflict(`revision ${params.number} must be ${SIGNOFF_STEPS[index - 1]} before it is ${body.step}`);
      }
      if (state.steps.some((s) => s.userId === caller.userId)) {
        throw new ApiError(403, 'forbidden', 'each sign-off step is taken by a different person');
      }
      try {
        await ctx.store.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('signoffs')
            .values({
              system_id: params.id,
              revision: params.number,
              step: body.step,
              user_id: caller.userId,
              user_name: caller.name,
              role: m.role ?? 'administrator',
              note: body.note ?? null,
              at: now(),
            })
            .execute();
          await appendAudit(trx, ctx.store.kind, {
            actor: caller.actor,
            action: `signoff.${body.step}`,
            target: `system:${params.id}`,
            details: { revision: params.number, sha256: revision.sha256, note: body.note ?? null },
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(`revision ${params.number} is already ${body.step}`);
        throw error;
      }
      return signoffState(ctx, params.id, params.number);
    },
  }),
  route({
    method: 'GET',
    url: '/api/systems/:id/revisions/:number/export/:format',
    summary: `A revision’s assessment in a CLI report format (${FORMATS.join(', ')}); signed-off revisions carry the sign-off`,
    tag: 'systems',
    access: 'user',
    params: RevisionParams.extend({ format: z.enum(FORMATS as [string, ...string[]]) }),
    query: z.object({ file: z.string().max(200).optional() }),
    produces: 'application/octet-stream',
    async handler({ params, query, caller, ctx, reply }) {
      await requireSystem(ctx, caller, params.id, 'system.read');
      const revision = await revisionAssessment(ctx.store.db, params.id, params.number);
      if (!revision?.assessment_json) throw notFound(`an assessment of revision ${params.number}`);
      // Written by this server, possibly by an older version: 3.x is decoded, 2.x read as it is.
      const assessment = decodeAssessment(JSON.parse(revision.assessment_json)) as Assessment;
      const files = await (await renderer(params.format))!.render(assessment, { catalog: loadCatalog() });
      const file = query.file ? files.find((f) => f.name === query.file) : files[0];
      if (!file) throw notFound(`file ${query.file} (this format writes ${files.map((f) => f.name).join(', ')})`);
      reply.header('content-type', 'application/octet-stream');
      reply.header('content-disposition', `attachment; filename="${params.id}-r${params.number}-${file.name}"`);
      // PDF and XLSX carry their own provenance; the sign-off block is added to the text formats
      if (isBinary(file.content)) return Buffer.from(file.content);
      let content = contentText(file.content);
      const signoff = await signoffState(ctx, params.id, params.number);
      if (signoff.steps.length > 0) content = withSignoff(params.format, content, signoff);
      return content;
    },
  }),
];

export async function signoffState(ctx: ServerContext, systemId: string, revision: number) {
  const rows = await ctx.store.db
    .selectFrom('signoffs')
    .selectAll()
    .where('system_id', '=', systemId)
    .where('revision', '=', revision)
    .execute();
  const steps = SIGNOFF_STEPS.flatMap((step) => {
    const row = rows.find((r) => r.step === step);
    return row ? [{ step, userId: row.user_id, name: row.user_name, role: row.role, note: row.note, at: row.at }] : [];
  });
  return { revision, steps, signedOff: steps.some((s) => s.step === 'approved') };
}

type SignoffView = Awaited<ReturnType<typeof signoffState>>;

/** The sign-off block in Markdown and HTML reports (other formats are data and stay as the CLI writes them). */
function withSignoff(format: string, content: string, signoff: SignoffView): string {
  const status = signoff.signedOff ? 'signed off' : 'sign-off in progress';
  if (format === 'md') {
    const rows = signoff.steps.map((s) => `| ${s.step} | ${s.name.replace(/\|/g, '\\|')} | ${s.role} | ${s.at} |`);
    return `${content.trimEnd()}\n\n## Sign-off (revision ${signoff.revision}, ${status})\n\n| step | by | role | at |\n|---|---|---|---|\n${rows.join('\n')}\n`;
  }
  if (format === 'html') {
    const rows = signoff.steps
      .map((s) => `<tr><td>${esc(s.step)}</td><td>${esc(s.name)}</td><td>${esc(s.role)}</td><td>${esc(s.at)}</td></tr>`)
      .join('');
    const block = `<section id="signoff"><h2>Sign-off (revision ${signoff.revision}, ${status})</h2><table><thead><tr><th>step</th><th>by</th><th>role</th><th>at</th></tr></thead><tbody>${rows}</tbody></table></section>`;
    return content.includes('</body>') ? content.replace('</body>', `${block}</body>`) : content + block;
  }
  return content;
}
