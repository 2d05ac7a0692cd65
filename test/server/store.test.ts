/**
 * The store below the routes: the PostgreSQL store prepares the routes' queries once per connection (named
 * statements) instead of having every query parsed and planned again, texts without parameters (the migrations'
 * DDL) stay unnamed; an assessment saved again for the same revision (a job taken over) replaces the first.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { createUser } from '../../src/server/storage/accounts.js';
import { openStore } from '../../src/server/storage/database.js';
import { addRevision, getSystem, revisionAssessment, saveAssessment } from '../../src/server/storage/systems.js';
import { DATABASES, freshStore } from '../support/server.js';

it('names the queries with parameters, so PostgreSQL prepares each once per connection', async (t) => {
  const options = await freshStore(t, 'postgres');
  if (!options) return;
  const store = await openStore(options);
  try {
    // Queries run one after the other take the pool's one idle connection, so they all see its statements.
    for (let i = 0; i < 3; i++) assert.equal(await getSystem(store.db, `s${i}`), undefined);
    const { rows } = await sql<{ name: string; statement: string }>`
      select name, statement from pg_prepared_statements where name like ${'iotassure_%'}`.execute(store.db);
    const systemLookups = rows.filter((r) => /from "systems"/.test(r.statement));
    assert.equal(systemLookups.length, 1, `one prepared statement for the three lookups: ${JSON.stringify(rows)}`);
    assert.ok(
      rows.every((r) => !/^\s*(create|alter|drop)\b/i.test(r.statement)),
      'the migrations ran unnamed',
    );
  } finally {
    await store.close();
  }
});

it('runs a prepared text unnamed once a schema change made its plan stale (another process migrated)', async (t) => {
  const options = await freshStore(t, 'postgres');
  if (!options) return;
  const store = await openStore(options);
  try {
    assert.equal(await getSystem(store.db, 's'), undefined);
    await sql`alter table systems add column added_by_a_newer_server text`.execute(store.db);
    assert.equal(await getSystem(store.db, 's'), undefined);
  } finally {
    await store.close();
  }
});

for (const kind of DATABASES) {
  it(`an assessment saved again for a revision replaces the first (${kind})`, async (t) => {
    const options = await freshStore(t, kind);
    if (!options) return;
    const store = await openStore(options);
    try {
      const user = await createUser(store, { email: 'u@example.org', password: 'a long test password' }, 'test');
      const { number } = await addRevision(store, {
        systemId: 's',
        name: 'S',
        yaml: 'system: { name: S }\n',
        actor: `user:${user.id}`,
        creator: user.id,
      });
      await saveAssessment(store.db, 's', number, { json: '{"first":1}', digest: {} });
      await saveAssessment(store.db, 's', number, { json: '{"second":2}', digest: {} });
      assert.deepEqual(await revisionAssessment(store.db, 's', number), { number, assessment_json: '{"second":2}' });
    } finally {
      await store.close();
    }
  });
}
