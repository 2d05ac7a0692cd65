import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { verifyAuditChain } from '../../server/storage/audit.js';
import { defaultDataDir, openStore, SQLITE_FILE } from '../../server/storage/database.js';
import { type CommandSpec, flag, string, UsageError } from '../command.js';
import { STORE_OPTIONS, storeOptions } from './store-options.js';

export const backupCommand: CommandSpec = {
  usage: '--out FILE [--data DIR] | --restore FILE [--data DIR] [--force]',
  description:
    'A backup is a consistent copy taken with SQLite’s online backup, safe while `iotassure serve` runs. Restore ' +
    'into a stopped workspace; it checks the copy’s integrity and audit chain first. For PostgreSQL use pg_dump.',
  positionals: [0, 0],
  options: {
    data: STORE_OPTIONS.data,
    out: { type: 'string', short: 'o', value: 'FILE', description: 'write the backup to this file' },
    restore: { type: 'string', value: 'FILE', description: 'restore this backup into the data folder' },
    force: { type: 'boolean', description: 'with --restore: replace an existing store' },
  },
  examples: [
    {
      command: 'iotassure backup --data /var/lib/iotassure --out iotassure-$(date +%F).sqlite',
      description: 'nightly',
    },
    {
      command: 'iotassure backup --restore iotassure-2026-12-01.sqlite --data /var/lib/iotassure --force',
      description: 'restore (with the server stopped)',
    },
  ],
  async run(args, io) {
    const dir = storeOptions(args).data ?? defaultDataDir();
    const file = join(dir, SQLITE_FILE);
    const out = string(args, 'out');
    const restore = string(args, 'restore');
    if ((out === undefined) === (restore === undefined))
      throw new UsageError('give either --out FILE or --restore FILE');
    if (out !== undefined) {
      if (!existsSync(file)) throw new UsageError(`no workspace database at ${file}; check --data`);
      if (existsSync(out)) throw new UsageError(`${out} exists; choose a new file name`);
      const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
      try {
        await db.backup(out);
      } finally {
        db.close();
      }
      const entries = await checkCopy(out);
      io.stdout(`backed up ${file} to ${out} (audit log: ${entries} entries, chain intact)\n`);
      return 0;
    }
    if (!existsSync(restore!)) throw new UsageError(`backup ${restore} not found`);
    if (existsSync(file) && !flag(args, 'force')) {
      throw new UsageError(`${file} exists; stop the server and add --force to replace it`);
    }
    const entries = await checkCopy(restore!);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    const source = new SqliteDatabase(restore!, { readonly: true, fileMustExist: true });
    try {
      await source.backup(file);
    } finally {
      source.close();
    }
    io.stdout(`restored ${restore} into ${file} (audit log: ${entries} entries, chain intact)\n`);
    return 0;
  },
};

/** Opens a copy as a store (which checks its schema) and verifies its integrity and audit chain. */
async function checkCopy(path: string): Promise<number> {
  const raw = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    const result = raw.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new UsageError(`${path} is damaged: ${String(result)}`);
    raw.prepare('select count(*) from audit_log').get();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${path} is not an iotassure workspace backup (${(error as Error).message})`);
  } finally {
    raw.close();
  }
  const store = await openStore({ sqliteFile: path });
  try {
    const chain = await verifyAuditChain(store.db);
    if (chain.broken)
      throw new UsageError(`${path}: audit log broken at entry ${chain.broken.seq}: ${chain.broken.reason}`);
    return chain.entries;
  } finally {
    await store.close();
  }
}
