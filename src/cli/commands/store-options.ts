/** The options that name the workspace's store, shared by `serve`, `audit` and `backup`. */
import type { StoreOptions } from '../../server/storage/database.js';
import { type OptionDefinition, type ParsedArgs, string, UsageError } from '../command.js';

export const STORE_OPTIONS = {
  data: {
    type: 'string',
    value: 'DIR',
    description: 'folder of the embedded SQLite database (default: a per-user data folder)',
  },
  database: {
    type: 'string',
    value: 'URL',
    description:
      'a postgres:// URL instead of SQLite (or set IOTASSURE_DATABASE_URL, to keep the password off the command line)',
  },
} as const satisfies Record<string, OptionDefinition>;

export function storeOptions(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): StoreOptions {
  const data = string(args, 'data');
  const database = string(args, 'database') ?? env.IOTASSURE_DATABASE_URL;
  if (data !== undefined && database !== undefined) throw new UsageError('give --data or --database, not both');
  if (database !== undefined && !/^postgres(ql)?:\/\//.test(database)) {
    throw new UsageError('--database must be a postgres:// or postgresql:// URL');
  }
  return database !== undefined ? { database } : { data };
}
