/**
 * Systems, their members and their revisions. A revision is the full model text with its SHA-256; its number is
 * the optimistic-concurrency token: a change made against revision n is stored as n + 1, and if someone else
 * stored n + 1 first the primary key refuses it and the caller gets a 409.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { conflict, notFound } from '../errors.js';
import { sha256 } from './accounts.js';
import { appendAudit } from './audit.js';
import { type Db, isUniqueViolation, lockSystem, now, type Store } from './database.js';
import type { Database, RevisionTable } from './schema.js';

export const SYSTEM_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export interface SystemSummary {
  id: string;
  name: string;
  role: string | null;
  head: number | null;
  assessmentState: string | null;
  /** the digest of its newest revision's assessment, as stored (JSON text) */
  digestJson: string | null;
  updatedAt: string | null;
}

/** The systems a user may see (all of them for an administrator), each with its newest revision's digest. */
export async function listSystems(db: Db, userId: string, isAdmin: boolean, only?: readonly string[] | null) {
  let q = db
    .selectFrom('systems')
    .leftJoin('system_members as m', (j) => j.onRef('m.system_id', '=', 'systems.id').on('m.user_id', '=', userId))
    .select(['systems.id', 'systems.name', 'm.role']);
  if (!isAdmin) q = q.where('m.role', 'is not', null);
  if (only) q = q.where('systems.id', 'in', only.length > 0 ? [...only] : ['']);
  const systems = await q.orderBy('systems.name').execute();
  if (systems.length === 0) return [];
  const heads = await latestRevisions(
    db,
    systems.map((s) => s.id),
  );
  return systems.map((s): SystemSummary => {
    const head = heads.get(s.id);
    return {
      id: s.id,
      name: s.name,
      role: s.role,
      head: head?.number ?? null,
      assessmentState: head?.assessment_state ?? null,
      digestJson: head?.digest_json ?? null,
      updatedAt: head?.created_at ?? null,
    };
  });
}

/**
 * The counter the database bumps on every write to what `listSystems` reads (migration 0005). Read it before the
 * list: a list read after it is at least as new as the counter says.
 */
export async function systemsListVersion(db: Db): Promise<number> {
  const row = await db
    .selectFrom('change_counters')
    .select('value')
    .where('name', '=', 'systems')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

async function latestRevisions(db: Db, ids: string[]) {
  const rows = await db
    .selectFrom('revisions as r')
    .select(['r.system_id', 'r.number', 'r.assessment_state', 'r.digest_json', 'r.created_at'])
    .where('r.system_id', 'in', ids)
    .where(({ eb, selectFrom }) =>
      eb(
        'r.number',
        '=',
        selectFrom('revisions as r2')
          .select(({ fn }) => fn.max('r2.number').as('n'))
          .whereRef('r2.system_id', '=', 'r.system_id'),
      ),
    )
    .execute();
  return new Map(rows.map((r) => [r.system_id, r]));
}

export async function getSystem(db: Db, id: string) {
  return db.selectFrom('systems').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A system's name with a user's role in it and the stakeholder roles their organisation plays there, in one query
 * (it is asked on every request about a system); undefined when there is no such system.
 */
export async function systemAccess(db: Db, systemId: string, userId: string, organisationId: string | null) {
  const rows = await db
    .selectFrom('systems as s')
    .leftJoin('system_members as m', (j) => j.onRef('m.system_id', '=', 's.id').on('m.user_id', '=', userId))
    .leftJoin('system_organisations as o', (j) =>
      // No organisation matches the empty id: a user without one plays no stakeholder role.
      j.onRef('o.system_id', '=', 's.id').on('o.organisation_id', '=', organisationId ?? ''),
    )
    .select(['s.name', 'm.role', 'o.stakeholder'])
    .where('s.id', '=', systemId)
    .execute();
  if (rows.length === 0) return undefined;
  return {
    name: rows[0]!.name,
    role: rows[0]!.role ?? undefined,
    stakeholders: rows.flatMap((r) => (r.stakeholder === null ? [] : [r.stakeholder])),
  };
}

export async function setMember(store: Store, systemId: string, userId: string, role: string | null, actor: string) {
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('system_members').where('system_id', '=', systemId).where('user_id', '=', userId).execute();
    if (role) await trx.insertInto('system_members').values({ system_id: systemId, user_id: userId, role }).execute();
    await appendAudit(trx, store.kind, {
      actor,
      action: role ? 'member.set' : 'member.remove',
      target: `system:${systemId}`,
      details: { user: userId, role },
    });
  });
}

export async function listMembers(db: Db, systemId: string) {
  return db
    .selectFrom('system_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'u.organisation_id', 'm.role'])
    .where('m.system_id', '=', systemId)
    .orderBy('u.email')
    .execute();
}

export async function setOrganisationRole(
  store: Store,
  systemId: string,
  organisationId: string,
  stakeholders: string[],
  actor: string,
) {
  await store.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('system_organisations')
      .where('system_id', '=', systemId)
      .where('organisation_id', '=', organisationId)
      .execute();
    for (const stakeholder of stakeholders) {
      await trx
        .insertInto('system_organisations')
        .values({ system_id: systemId, organisation_id: organisationId, stakeholder })
        .execute();
    }
    await appendAudit(trx, store.kind, {
      actor,
      action: 'organisation.roles',
      target: `system:${systemId}`,
      details: { organisation: organisationId, stakeholders },
    });
  });
}

export interface NewRevision {
  systemId: string;
  /** the system's display name, used when the revision creates the system */
  name: string;
  yaml: string;
  message?: string;
  /** the revision the change was made against; undefined appends after whatever is newest (a push from CI) */
  base?: number;
  actor: string;
  /** the user who becomes owner when this revision creates the system */
  creator: string;
  /** what the audit log says the revision was (default: revision.create), and details to add */
  audit?: { action: string; details: Record<string, unknown> };
  /** more writes that must commit with the revision (records kept beside the model) */
  also?: (trx: Transaction<Database>, number: number) => Promise<void>;
}

export interface StoredRevision {
  systemId: string;
  number: number;
  sha256: string;
  created: boolean;
}

/**
 * Stores a revision and queues its assessment in one transaction. With `base`, fails with 409 unless `base` is
 * still the newest revision.
 */
export async function addRevision(store: Store, rev: NewRevision): Promise<StoredRevision> {
  // A push without a base (from CI) that loses a race to another writer simply goes after it.
  for (let attempt = 1; ; attempt++) {
    try {
      return await tryAddRevision(store, rev);
    } catch (error) {
      if (rev.base !== undefined || (error as { status?: number }).status !== 409 || attempt === 3) throw error;
    }
  }
}

async function tryAddRevision(store: Store, rev: NewRevision): Promise<StoredRevision> {
  const hash = sha256(rev.yaml);
  try {
    return await store.db.transaction().execute(async (trx) => {
      await lockSystem(trx, store.kind, rev.systemId);
      let created = false;
      if (!(await getSystem(trx, rev.systemId))) {
        if (rev.base !== undefined && rev.base !== 0) throw notFound(`system ${rev.systemId}`);
        await trx
          .insertInto('systems')
          .values({ id: rev.systemId, name: rev.name, created_at: now(), created_by: rev.creator })
          .execute();
        await trx
          .insertInto('system_members')
          .values({ system_id: rev.systemId, user_id: rev.creator, role: 'owner' })
          .execute();
        created = true;
      }
      const head = await headNumber(trx, rev.systemId);
      if (rev.base !== undefined && rev.base !== head) throw staleBase(rev.systemId, rev.base, head);
      const number = head + 1;
      await trx
        .insertInto('revisions')
        .values({
          system_id: rev.systemId,
          number,
          sha256: hash,
          message: rev.message ?? null,
          created_at: now(),
          created_by: rev.actor,
          assessment_state: 'pending',
          digest_json: null,
          assessment_error: null,
          assessed_at: null,
        })
        .execute();
      await trx.insertInto('models').values({ system_id: rev.systemId, number, yaml: rev.yaml }).execute();
      await trx.updateTable('systems').set({ name: rev.name }).where('id', '=', rev.systemId).execute();
      await enqueueJob(trx, 'assess', rev.systemId, number);
      await rev.also?.(trx, number);
      await appendAudit(trx, store.kind, {
        actor: rev.actor,
        action: created ? 'system.create' : (rev.audit?.action ?? 'revision.create'),
        target: `system:${rev.systemId}`,
        details: { revision: number, sha256: hash, message: rev.message ?? null, ...rev.audit?.details },
      });
      return { systemId: rev.systemId, number, sha256: hash, created };
    });
  } catch (error) {
    // Two writers against the same base: the second insert of (system, n + 1) is the conflict.
    if (isUniqueViolation(error)) {
      const head = await headNumber(store.db, rev.systemId);
      throw staleBase(rev.systemId, rev.base ?? head - 1, head);
    }
    throw error;
  }
}

function staleBase(systemId: string, base: number, head: number) {
  return conflict(
    `system ${systemId} is at revision ${head}, and this change was made against revision ${base}; ` +
      'reload, apply the change again and save',
    { base, head },
  );
}

export async function headNumber(db: Db, systemId: string): Promise<number> {
  const row = await db
    .selectFrom('revisions')
    .select(({ fn }) => fn.max('number').as('n'))
    .where('system_id', '=', systemId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A revision without its model text (the newest when `number` is undefined). */
export async function getRevision(db: Db, systemId: string, number?: number): Promise<RevisionTable | undefined> {
  let q = db.selectFrom('revisions').selectAll().where('system_id', '=', systemId);
  q = number === undefined ? q.orderBy('number', 'desc').limit(1) : q.where('number', '=', number);
  return q.executeTakeFirst();
}

/** A revision's model text, as stored. */
export async function getModel(db: Db, systemId: string, number: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('models')
    .select('yaml')
    .where('system_id', '=', systemId)
    .where('number', '=', number)
    .executeTakeFirst();
  return row?.yaml;
}

/** The newest revision that has an assessment, with its assessment's JSON. */
export async function latestAssessed(db: Db, systemId: string) {
  return db
    .selectFrom('revisions as r')
    .innerJoin('assessments as a', (j) => j.onRef('a.system_id', '=', 'r.system_id').onRef('a.number', '=', 'r.number'))
    .select(['r.number', 'a.json as assessment_json'])
    .where('r.system_id', '=', systemId)
    .where('r.assessment_state', '=', 'done')
    .orderBy('r.number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A revision's number with its assessment's JSON (null until it is assessed), or undefined when there is none. */
export async function revisionAssessment(db: Db, systemId: string, number: number) {
  return db
    .selectFrom('revisions as r')
    .leftJoin('assessments as a', (j) => j.onRef('a.system_id', '=', 'r.system_id').onRef('a.number', '=', 'r.number'))
    .select(['r.number', 'a.json as assessment_json'])
    .where('r.system_id', '=', systemId)
    .where('r.number', '=', number)
    .executeTakeFirst();
}

export async function listRevisions(db: Db, systemId: string) {
  const rows = await db
    .selectFrom('revisions')
    .select([
      'system_id',
      'number',
      'sha256',
      'message',
      'created_at',
      'created_by',
      'assessment_state',
      'assessment_error',
      'assessed_at',
      'digest_json',
    ])
    .where('system_id', '=', systemId)
    .orderBy('number', 'desc')
    .execute();
  return rows.map((r) => ({ view: revisionView(r), digestJson: r.digest_json }));
}

/** A revision as the API shows it (without its text and assessment, which have their own routes). */
export function revisionView(r: Omit<RevisionTable, 'digest_json'>): Record<string, unknown> {
  return {
    system: r.system_id,
    number: r.number,
    sha256: r.sha256,
    message: r.message,
    createdAt: r.created_at,
    createdBy: r.created_by,
    assessmentState: r.assessment_state,
    assessmentError: r.assessment_error,
    assessedAt: r.assessed_at,
  };
}

// Jobs -------------------------------------------------------------------------------------------------------------

const LEASE_MS = 5 * 60_000;

export async function enqueueJob(trx: Transaction<Database>, kind: string, systemId: string, revision: number) {
  await trx
    .insertInto('jobs')
    .values({
      id: randomUUID(),
      kind,
      system_id: systemId,
      revision,
      state: 'queued',
      attempts: 0,
      locked_by: null,
      locked_until: null,
      created_at: now(),
      finished_at: null,
      error: null,
    })
    .execute();
}

/**
 * Takes the oldest queued job (or one whose worker died: its lease ran out). On PostgreSQL, SKIP LOCKED lets
 * several server processes take different jobs at once; SQLite has one writer at a time.
 */
export async function claimJob(store: Store, worker: string) {
  return store.db.transaction().execute(async (trx) => {
    const t = now();
    let q = trx
      .selectFrom('jobs')
      .select(['id', 'kind', 'system_id', 'revision', 'attempts'])
      .where((eb) =>
        eb.or([eb('state', '=', 'queued'), eb.and([eb('state', '=', 'running'), eb('locked_until', '<', t)])]),
      )
      .orderBy('created_at')
      .limit(1);
    if (store.kind === 'postgres') q = q.forUpdate().skipLocked();
    const job = await q.executeTakeFirst();
    if (!job) return undefined;
    await trx
      .updateTable('jobs')
      .set({
        state: 'running',
        attempts: job.attempts + 1,
        locked_by: worker,
        locked_until: new Date(Date.now() + LEASE_MS).toISOString(),
      })
      .where('id', '=', job.id)
      .execute();
    return job;
  });
}

export async function finishJob(db: Db, id: string, error?: string) {
  await db
    .updateTable('jobs')
    .set({ state: error ? 'failed' : 'done', finished_at: now(), error: error ?? null, locked_until: null })
    .where('id', '=', id)
    .execute();
}

export async function saveAssessment(
  db: Db,
  systemId: string,
  number: number,
  result: { json: string; digest: unknown } | { error: string },
) {
  // The assessment first, so that whoever sees the revision "done" finds its assessment.
  if (!('error' in result)) {
    await db
      .insertInto('assessments')
      .values({ system_id: systemId, number, json: result.json })
      .onConflict((c) =>
        // `excluded`: the text is sent once, not a second time for the update (it is megabytes for a large fleet)
        c.columns(['system_id', 'number']).doUpdateSet((eb) => ({ json: eb.ref('excluded.json') })),
      )
      .execute();
  }
  await db
    .updateTable('revisions')
    .set(
      'error' in result
        ? { assessment_state: 'failed', assessment_error: result.error, assessed_at: now() }
        : {
            assessment_state: 'done',
            digest_json: JSON.stringify(result.digest),
            assessment_error: null,
            assessed_at: now(),
          },
    )
    .where('system_id', '=', systemId)
    .where('number', '=', number)
    .execute();
}
