/**
 * One set of migrations for both databases. Column types are the common subset (text, integer) except binary
 * content, which SQLite calls blob and PostgreSQL bytea. Migrations are append-only: a released one is never edited.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { DatabaseKind } from './schema.js';

function migrations(kind: DatabaseKind): Record<string, Migration> {
  const binary = kind === 'postgres' ? sql`bytea` : sql`blob`;
  return {
    '0001-foundation': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('organisations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
          .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sessions')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('login_throttle')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('failures', 'integer', (c) => c.notNull())
          .addColumn('window_start', 'text', (c) => c.notNull())
          .addColumn('locked_until', 'text')
          .execute();
        await db.schema
          .createTable('api_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('systems', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_used_at', 'text')
          .addColumn('revoked_at', 'text')
          .execute();
        await db.schema
          .createTable('systems')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('system_members')
          .addColumn('system_id', 'text', (c) => c.notNull().references('systems.id'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('role', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('system_members_pk', ['system_id', 'user_id'])
          .execute();
        await db.schema
          .createTable('system_organisations')
          .addColumn('system_id', 'text', (c) => c.notNull().references('systems.id'))
          .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('stakeholder', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('system_organisations_pk', ['system_id', 'organisation_id', 'stakeholder'])
          .execute();
        await db.schema
          .createTable('revisions')
          .addColumn('system_id', 'text', (c) => c.notNull().references('systems.id'))
          .addColumn('number', 'integer', (c) => c.notNull())
          .addColumn('yaml', 'text', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('message', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('assessment_state', 'text', (c) => c.notNull())
          .addColumn('assessment_json', 'text')
          .addColumn('digest_json', 'text')
          .addColumn('assessment_error', 'text')
          .addColumn('assessed_at', 'text')
          .addPrimaryKeyConstraint('revisions_pk', ['system_id', 'number'])
          .execute();
        await db.schema
          .createTable('jobs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('system_id', 'text', (c) => c.notNull())
          .addColumn('revision', 'integer', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('locked_by', 'text')
          .addColumn('locked_until', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('finished_at', 'text')
          .addColumn('error', 'text')
          .execute();
        await db.schema.createIndex('jobs_state').on('jobs').columns(['state', 'created_at']).execute();
        await db.schema
          .createTable('audit_log')
          .addColumn('seq', 'integer', (c) => c.primaryKey())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('details', 'text', (c) => c.notNull())
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('evidence_files')
          .addColumn('sha256', 'text', (c) => c.primaryKey())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('content', binary, (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0002-work': {
      async up(db: Kysely<unknown>) {
        // Which uploaded files a system may serve: files are shared by content, access is per system.
        await db.schema
          .createTable('evidence_links')
          .addColumn('system_id', 'text', (c) => c.notNull().references('systems.id'))
          .addColumn('sha256', 'text', (c) => c.notNull().references('evidence_files.sha256'))
          .addColumn('filename', 'text', (c) => c.notNull())
          .addColumn('media_type', 'text', (c) => c.notNull())
          .addColumn('uploaded_by', 'text', (c) => c.notNull())
          .addColumn('uploaded_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('evidence_links_pk', ['system_id', 'sha256'])
          .execute();
        await db.schema
          .createTable('comments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('system_id', 'text', (c) => c.notNull().references('systems.id'))
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('revision', 'integer', (c) => c.notNull())
          .addColumn('author', 'text', (c) => c.notNull())
          .addColumn('author_name', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('comments_target').on('comments').columns(['system_id', 'target']).execute();
        await db.schema
          .createTable('signoffs')
          .addColumn('system_id', 'text', (c) => c.notNull().references('systems.id'))
          .addColumn('revision', 'integer', (c) => c.notNull())
          .addColumn('step', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('user_name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('note', 'text')
          .addColumn('at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('signoffs_pk', ['system_id', 'revision', 'step'])
          .execute();
        // Who approved a risk acceptance, beside the model (until the model records approvers itself).
        await db.schema
          .createTable('risk_approvals')
          .addColumn('system_id', 'text', (c) => c.notNull().references('systems.id'))
          .addColumn('revision', 'integer', (c) => c.notNull())
          .addColumn('risk', 'text', (c) => c.notNull())
          .addColumn('approver', 'text', (c) => c.notNull())
          .addColumn('approver_name', 'text', (c) => c.notNull())
          .addColumn('approved_on', 'text', (c) => c.notNull())
          .addColumn('review_by', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('risk_approvals_pk', ['system_id', 'revision', 'risk'])
          .execute();
      },
    },
    '0003-assessments-apart': {
      // An assessment (megabytes of JSON) in the revisions row made every read of a later column walk it: SQLite
      // stores a row's columns in order, so listing the systems read every assessment. It gets a table of its own.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('assessments')
          .addColumn('system_id', 'text', (c) => c.notNull())
          .addColumn('number', 'integer', (c) => c.notNull())
          .addColumn('json', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('assessments_pk', ['system_id', 'number'])
          .execute();
        await sql`insert into assessments (system_id, number, json)
          select system_id, number, assessment_json from revisions where assessment_json is not null`.execute(db);
        await db.schema.alterTable('revisions').dropColumn('assessment_json').execute();
      },
    },
    '0004-models-apart': {
      // The same for the model text (400 KB for 1 000 elements): it stood before the revision's state and digest,
      // so listing 200 systems walked every head's text (10 ms of the server per request on SQLite).
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('models')
          .addColumn('system_id', 'text', (c) => c.notNull())
          .addColumn('number', 'integer', (c) => c.notNull())
          .addColumn('yaml', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('models_pk', ['system_id', 'number'])
          .execute();
        await sql`insert into models (system_id, number, yaml) select system_id, number, yaml from revisions`.execute(
          db,
        );
        await db.schema.alterTable('revisions').dropColumn('yaml').execute();
      },
    },
    '0005-change-counters': {
      // Each server process keeps the systems list it last served and checks this counter before serving it again.
      // The database bumps it on every write to the tables the list is made of, in the writer's transaction: no
      // code path can forget it, and every process on one PostgreSQL reads the same counter.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('change_counters')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('value', 'integer', (c) => c.notNull())
          .execute();
        await sql`insert into change_counters (name, value) values ('systems', 0)`.execute(db);
        const bump = sql`update change_counters set value = value + 1 where name = 'systems'`;
        if (kind === 'postgres') {
          await sql`create function count_systems_change() returns trigger language plpgsql as $$
            begin ${bump}; return null; end $$`.execute(db);
        }
        for (const table of SYSTEMS_LIST_TABLES) {
          if (kind === 'postgres') {
            await sql`create trigger ${sql.id(`${table}_counted`)} after insert or update or delete on ${sql.table(table)}
              for each statement execute function count_systems_change()`.execute(db);
            continue;
          }
          // SQLite triggers are per row and per event.
          for (const event of ['insert', 'update', 'delete']) {
            await sql`create trigger ${sql.id(`${table}_${event}_counted`)} after ${sql.raw(event)} on ${sql.table(table)}
              begin ${bump}; end`.execute(db);
          }
        }
      },
    },
  };
}

/** What the systems list is made of: each system's name, the caller's role in it, its newest revision and digest. */
const SYSTEMS_LIST_TABLES = ['systems', 'system_members', 'revisions'] as const;

/**
 * Brings the database to the newest schema (or to migration `through`); safe to call from several processes at once
 * on PostgreSQL.
 */
export async function migrateToLatest(db: Kysely<unknown>, kind: DatabaseKind, through?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(kind) };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await (through === undefined ? migrator.migrateToLatest() : migrator.migrateTo(through));
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}
