/**
 * The audit log: append-only and hash-chained. Each entry's hash covers the previous entry's hash and its own
 * fields, so editing, deleting or reordering an entry breaks the chain from there on; `iotassure audit verify`
 * recomputes it and names the first broken entry. Entries are written in the transaction of the change they record.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { type DatabaseKind, type Db, lockChain, now } from './database.js';
import type { AuditLogTable, Database } from './schema.js';

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_LOCK = 27400;

export interface AuditEvent {
  /** who: "user:<id>", "token:<id>" or "system" */
  actor: string;
  /** what, as a dotted verb: "revision.create", "session.create", "token.revoke" … */
  action: string;
  /** on what: "system:<id>", "user:<id>" … */
  target: string;
  details?: Record<string, unknown>;
}

export function entryHash(entry: Omit<AuditLogTable, 'hash'>): string {
  const canonical = JSON.stringify([
    entry.seq,
    entry.at,
    entry.actor,
    entry.action,
    entry.target,
    entry.details,
    entry.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export async function appendAudit(trx: Transaction<Database>, kind: DatabaseKind, event: AuditEvent): Promise<void> {
  await lockChain(trx, kind, AUDIT_LOCK);
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const entry = {
    seq: (last?.seq ?? 0) + 1,
    at: now(),
    actor: event.actor,
    action: event.action,
    target: event.target,
    details: JSON.stringify(event.details ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  await trx
    .insertInto('audit_log')
    .values({ ...entry, hash: entryHash(entry) })
    .execute();
}

export interface AuditVerification {
  entries: number;
  /** the first entry whose link or hash does not hold, with why */
  broken?: { seq: number; reason: string };
}

/** Walks the chain in pages, so a long log does not have to fit in memory. */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(1000)
      .execute();
    if (page.length === 0) return { entries: count };
    for (const entry of page) {
      const broken = (reason: string) => ({ entries: count, broken: { seq: entry.seq, reason } });
      if (entry.seq !== expectedSeq) {
        return { entries: count, broken: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing` } };
      }
      if (entry.prev_hash !== prev) return broken('its link to the previous entry does not match');
      const { hash, ...rest } = entry;
      if (entryHash(rest) !== hash) return broken('its content does not match its hash (edited after writing)');
      prev = hash;
      expectedSeq++;
      count++;
    }
  }
}

export interface AuditQuery {
  target?: string;
  /** entries before this sequence number (for paging backwards) */
  before?: number;
  limit: number;
}

export async function listAudit(db: Db, query: AuditQuery): Promise<AuditLogTable[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(query.limit);
  if (query.target) q = q.where('target', '=', query.target);
  if (query.before) q = q.where('seq', '<', query.before);
  return q.execute();
}
