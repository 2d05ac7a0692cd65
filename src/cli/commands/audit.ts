import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAuditChain } from '../../server/storage/audit.js';
import { defaultDataDir, openStore, SQLITE_FILE } from '../../server/storage/database.js';
import type { CommandSpec } from '../command.js';
import { UsageError } from '../command.js';
import { STORE_OPTIONS, storeOptions } from './store-options.js';

export const auditCommand: CommandSpec = {
  usage: 'verify [--data DIR | --database URL]',
  description:
    'Give the same --data or --database as `iotassure serve`. Exit 0 when the chain holds, 1 when it is broken.',
  positionals: [1, 1],
  options: { ...STORE_OPTIONS },
  examples: [{ command: 'iotassure audit verify --data /var/lib/iotassure', description: 'check the SQLite store' }],
  async run(args, io) {
    if (args.positionals[0] !== 'verify')
      throw new UsageError(`unknown audit action "${args.positionals[0]}"; try verify`);
    const options = storeOptions(args);
    const file = join(options.data ?? defaultDataDir(), SQLITE_FILE);
    if (!options.database && !existsSync(file)) throw new UsageError(`no workspace database at ${file}; check --data`);
    const store = await openStore(options);
    try {
      const result = await verifyAuditChain(store.db);
      if (result.broken) {
        io.stdout(
          `audit log BROKEN at entry ${result.broken.seq}: ${result.broken.reason} ` +
            `(${result.entries} entries before it hold) — ${store.location}\n`,
        );
        return 1;
      }
      io.stdout(`audit log intact: ${result.entries} entries — ${store.location}\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
