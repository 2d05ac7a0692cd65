/**
 * Migrations carry what a store already holds: a store written before assessments got their own table (0003) keeps
 * every assessment, readable as before, on SQLite and on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../../src/server/storage/database.js';
import { latestAssessed, listSystems, revisionAssessment } from '../../src/server/storage/systems.js';
import { DATABASES, freshStore } from '../support/server.js';

describe('migrations', () => {
  for (const kind of DATABASES) {
    it(`0003 moves each assessment out of its revision's row and keeps it (${kind})`, async (t) => {
      const options = await freshStore(t, kind);
      if (!options) return;
      const old = await openStore(options, '0002-work');
      // Written as the 0002 schema had it: the assessment inside the revision's row.
      const db = old.db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
      await db
        .insertInto('users')
        .values({
          id: 'u',
          email: 'u@example.org',
          name: 'U',
          password_hash: 'x',
          is_admin: 1,
          must_change_password: 0,
          created_at: '2026-12-02T00:00:00Z',
        })
        .execute();
      await db
        .insertInto('systems')
        .values({ id: 's', name: 'S', created_at: '2026-12-02T00:00:00Z', created_by: 'u' })
        .execute();
      for (const [number, json] of [
        [1, '{"risks":[1]}'],
        [2, null],
      ] as const) {
        await db
          .insertInto('revisions')
          .values({
            system_id: 's',
            number,
            yaml: 'system: { name: S }\n',
            sha256: 'x',
            message: null,
            created_at: '2026-12-02T00:00:00Z',
            created_by: 'u',
            assessment_state: json ? 'done' : 'pending',
            assessment_json: json,
            digest_json: json ? '{"name":"S"}' : null,
            assessment_error: null,
            assessed_at: null,
          })
          .execute();
      }
      await old.close();
      const store = await openStore(options);
      try {
        assert.deepEqual(await latestAssessed(store.db, 's'), { number: 1, assessment_json: '{"risks":[1]}' });
        assert.deepEqual(await revisionAssessment(store.db, 's', 2), { number: 2, assessment_json: null });
        const [system] = await listSystems(store.db, 'u', true);
        assert.equal(system?.head, 2);
      } finally {
        await store.close();
      }
    });
  }
});
