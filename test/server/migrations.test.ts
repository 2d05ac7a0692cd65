/**
 * Migrations carry what a store already holds: a store written before assessments got their own table (0003) keeps
 * every assessment, one written before the model texts got theirs (0004) every text, readable as before, on SQLite
 * and on PostgreSQL; and the systems list's change counter (0005) counts every write to what the list is made of.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../../src/server/storage/database.js';
import {
  getModel,
  getRevision,
  latestAssessed,
  listSystems,
  revisionAssessment,
  systemsListVersion,
} from '../../src/server/storage/systems.js';
import { DATABASES, freshStore } from '../support/server.js';

describe('migrations', () => {
  for (const kind of DATABASES) {
    it(`0003 moves each assessment out of its revision's row and keeps it (${kind})`, async (t) => {
      const options = await freshStore(t, kind);
      if (!options) return;
      const old = await openStore(options, '0002-work');
      // Written as the 0002 schema had it: the assessment inside the revision's row.
      const db = old.db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
      await db.insertInto('users').values(USER).execute();
      await db.insertInto('systems').values(SYSTEM).execute();
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

    it(`0004 moves each model text out of its revision's row and keeps it (${kind})`, async (t) => {
      const options = await freshStore(t, kind);
      if (!options) return;
      const old = await openStore(options, '0003-assessments-apart');
      const db = old.db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
      await db.insertInto('users').values(USER).execute();
      await db.insertInto('systems').values(SYSTEM).execute();
      for (const number of [1, 2]) {
        await db
          .insertInto('revisions')
          .values({ ...revisionRow(number), yaml: `system: { name: S${number} }\n` })
          .execute();
      }
      await old.close();
      const store = await openStore(options);
      try {
        assert.equal(await getModel(store.db, 's', 1), 'system: { name: S1 }\n');
        assert.equal(await getModel(store.db, 's', 2), 'system: { name: S2 }\n');
        const head = await getRevision(store.db, 's');
        assert.equal(head?.number, 2);
        assert.equal('yaml' in head!, false, 'the text has left the revision row');
      } finally {
        await store.close();
      }
    });

    it(`0005 counts every write to what the systems list is made of, and no other (${kind})`, async (t) => {
      const options = await freshStore(t, kind);
      if (!options) return;
      const store = await openStore(options);
      const db = store.db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
      try {
        let last = await systemsListVersion(store.db);
        const counted = async (what: string, write: () => Promise<unknown>, expected = true) => {
          await write();
          const now = await systemsListVersion(store.db);
          assert.equal(now > last, expected, `${what} ${expected ? 'is' : 'is not'} counted`);
          last = now;
        };
        await counted('a user', () => db.insertInto('users').values(USER).execute(), false);
        await counted('a new system', () => db.insertInto('systems').values(SYSTEM).execute());
        await counted('a member', () =>
          db.insertInto('system_members').values({ system_id: 's', user_id: 'u', role: 'owner' }).execute(),
        );
        await counted('a revision', () => db.insertInto('revisions').values(revisionRow(1)).execute());
        await counted('an assessment done', () =>
          db.updateTable('revisions').set({ assessment_state: 'done', digest_json: '{}' }).execute(),
        );
        await counted('a renamed system', () => db.updateTable('systems').set({ name: 'T' }).execute());
        await counted('a changed role', () => db.updateTable('system_members').set({ role: 'viewer' }).execute());
        await counted('a member removed', () => db.deleteFrom('system_members').execute());
        await counted(
          'a comment',
          () =>
            db
              .insertInto('comments')
              .values({
                id: 'c',
                system_id: 's',
                target: 'system',
                revision: 1,
                author: 'u',
                author_name: 'U',
                body: 'hi',
                created_at: '2026-12-03T00:00:00Z',
              })
              .execute(),
          false,
        );
      } finally {
        await store.close();
      }
    });
  }
});

const USER = {
  id: 'u',
  email: 'u@example.org',
  name: 'U',
  password_hash: 'x',
  is_admin: 1,
  must_change_password: 0,
  created_at: '2026-12-03T00:00:00Z',
};

const SYSTEM = { id: 's', name: 'S', created_at: '2026-12-03T00:00:00Z', created_by: 'u' };

const revisionRow = (number: number) => ({
  system_id: 's',
  number,
  sha256: 'x',
  message: null,
  created_at: '2026-12-03T00:00:00Z',
  created_by: 'u',
  assessment_state: 'pending',
  digest_json: null,
  assessment_error: null,
  assessed_at: null,
});
