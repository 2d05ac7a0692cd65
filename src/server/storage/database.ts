/**
 * Opening the store: SQLite (embedded, one file in the data folder) or PostgreSQL (for teams and several server
 * processes). Everything above this file speaks Kysely and does not know which one it has.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  type Kysely as KyselyType,
  PostgresDialect,
  type PostgresPool,
  type PostgresPoolClient,
  SqliteDialect,
  type SqliteDialectConfig,
  sql,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import { inputError } from '../../util/diagnostics.js';
import { migrateToLatest } from './migrations.js';
import type { Database, DatabaseKind } from './schema.js';

export type { DatabaseKind };

export type Db = KyselyType<Database> | Transaction<Database>;

export interface StoreOptions {
  /** a folder for the embedded SQLite database (and its backups) */
  data?: string;
  /** a postgres:// URL; when given, `data` is not used */
  database?: string;
  /** a SQLite file other than the data folder's (to check a backup) */
  sqliteFile?: string;
}

export interface Store {
  kind: DatabaseKind;
  db: Kysely<Database>;
  /** where it lives, for messages: the SQLite file or the PostgreSQL URL without its password */
  location: string;
  close(): Promise<void>;
}

export const SQLITE_FILE = 'iotassure.sqlite';

/** The per-user data folder: $XDG_DATA_HOME/iotassure, or the platform's equivalent. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'iotassure');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'iotassure');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'iotassure');
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** Opens (and migrates) the store the options name; `through` stops at an earlier migration (for its tests). */
export async function openStore(options: StoreOptions, through?: string): Promise<Store> {
  const store = options.database
    ? openPostgres(options.database)
    : openSqlite(options.sqliteFile ?? join(options.data ?? defaultDataDir(), SQLITE_FILE));
  try {
    await migrateToLatest(store.db as unknown as Kysely<unknown>, store.kind, through);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** better-sqlite3's native module is built by its install script; an install with --ignore-scripts has none. */
function openSqliteFile(file: string): SqliteDatabase.Database {
  try {
    return new SqliteDatabase(file);
  } catch (error) {
    if (!/Could not locate the bindings file|better_sqlite3\.node/.test(String(error))) throw error;
    throw inputError(file, "the embedded SQLite store needs better-sqlite3's compiled module, which is not installed", {
      hint:
        'its install script was skipped (--ignore-scripts?): run `npm rebuild better-sqlite3` where iotassure is ' +
        'installed (`npm rebuild --global better-sqlite3` for a global install; it needs a C++ compiler, make and ' +
        'Python), or use --database postgres://…',
    });
  }
}

function openSqlite(file: string): Store {
  mkdirSync(dirname(file), { recursive: true });
  const database = openSqliteFile(file);
  // WAL lets readers go on during a write; FULL makes every acknowledged commit survive a crash of the machine,
  // not only of the process. The busy timeout covers `backup` and `audit verify` running beside the server.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: preparedOnce(database) }) });
  return { kind: 'sqlite', db, location: file, close: () => db.destroy() };
}

/** How many prepared statements the SQLite store keeps: the queries the routes make, with room to spare. */
const STATEMENTS_KEPT = 500;

/**
 * Kysely prepares every query anew, and preparing costs about as much as running the small queries a request makes.
 * The same SQL texts come back on every request, so their statements are kept (least recently used dropped). Safe
 * to share: Kysely runs one query at a time on SQLite's single connection.
 */
function preparedOnce(database: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const kept = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = kept.get(text);
      if (statement) kept.delete(text);
      else statement = database.prepare(text);
      kept.set(text, statement);
      if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
      return statement;
    },
  };
}

function openPostgres(url: string): Store {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('--database must be a postgres:// URL');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparedStatements(pool) }) });
  return { kind: 'postgres', db, location: redactUrl(url), close: () => db.destroy() };
}

/** How many query texts the PostgreSQL store prepares by name: the routes' queries, with room to spare. */
const NAMED_STATEMENTS = 500;

/**
 * Parsing and planning is most of what PostgreSQL spends on the small queries a request makes, and Kysely sends every
 * query unnamed, so it is parsed and planned anew. The same texts come back on every request: each of the first
 * NAMED_STATEMENTS texts with parameters gets a name, and node-postgres prepares a named text once per connection.
 * Texts beyond them (lists of varying length) stay unnamed, so a backend keeps a bounded number of statements; so
 * do texts without parameters (the migrations' DDL, which runs once).
 */
function preparedStatements(pool: pg.Pool): PostgresPool {
  // null: a text that is no longer named (its prepared plan went stale)
  const names = new Map<string, string | null>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < NAMED_STATEMENTS) {
      name = `iotassure_${names.size}`;
      names.set(text, name);
    }
    return name ?? undefined;
  };
  return {
    async connect() {
      const client = await pool.connect();
      const query = async (text: string, values: readonly unknown[]) => {
        const name = values.length > 0 ? nameOf(text) : undefined;
        try {
          return await client.query({ name, text, values: [...values] });
        } catch (error) {
          if (name === undefined || !isStalePlan(error)) throw error;
          // Another server process migrated a table this text reads (`select *` got a column): run it unnamed from
          // now on. Inside a transaction the retry fails as the transaction already has.
          names.set(text, null);
          return client.query({ text, values: [...values] });
        }
      };
      return {
        // Only the text overload: the dialect is given no cursor class, so Kysely never passes a cursor.
        query: query as unknown as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
    end: () => pool.end(),
  };
}

/** PostgreSQL refuses to run a prepared statement whose result columns a schema change altered. */
const isStalePlan = (error: unknown): boolean =>
  (error as { code?: string }).code === '0A000' && /cached plan must not change result type/.test(String(error));

/** True when a write failed because a unique key already exists (both databases' codes). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Serialises writers of a chain (the audit log) across processes: PostgreSQL holds an advisory lock until the
 * transaction ends; SQLite already runs one write transaction at a time.
 */
export async function lockChain(trx: Transaction<Database>, kind: DatabaseKind, key: number): Promise<void> {
  if (kind === 'postgres') await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
}

export const now = (): string => new Date().toISOString();

/**
 * Serialises writers of one system's revisions across processes on PostgreSQL (the two-key advisory-lock space,
 * apart from the audit log's); SQLite already runs one write transaction at a time.
 */
export async function lockSystem(trx: Transaction<Database>, kind: DatabaseKind, systemId: string): Promise<void> {
  if (kind === 'postgres') await sql`select pg_advisory_xact_lock(1, hashtext(${systemId}))`.execute(trx);
}
