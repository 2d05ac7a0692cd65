import { readFileSync } from 'node:fs';
import { loadModelText } from '../../model/load.js';
import { createWorkspace } from '../../server/app.js';
import type { ServerContext } from '../../server/context.js';
import { setValue } from '../../server/model-edit.js';
import { ensureFirstAdmin, findUserByEmail } from '../../server/storage/accounts.js';
import { addRevision, getSystem } from '../../server/storage/systems.js';
import { packageFile } from '../../util/package-files.js';
import { type CommandSpec, flag, string, UsageError } from '../command.js';
import { STORE_OPTIONS, storeOptions } from './store-options.js';

const EXAMPLES = ['monitoring-camera', 'smart-home', 'industrial-sensors'];

export const serveCommand: CommandSpec = {
  usage: '[--host HOST] [--port PORT] [--data DIR | --database URL] [--examples]',
  description:
    'The first start creates an administrator from IOTASSURE_ADMIN_EMAIL and IOTASSURE_ADMIN_PASSWORD, or prints a ' +
    'one-time password for admin@localhost. The API is described at /api/openapi.json. See docs/server.md.',
  positionals: [0, 0],
  options: {
    host: { type: 'string', value: 'HOST', description: 'address to listen on (default 127.0.0.1)' },
    port: { type: 'string', value: 'PORT', description: 'port to listen on (default 8080; 0 picks a free one)' },
    ...STORE_OPTIONS,
    'trust-proxy': {
      type: 'boolean',
      description: 'behind a reverse proxy: trust its X-Forwarded-For/-Proto (client address, https cookies)',
    },
    examples: { type: 'boolean', description: 'load the bundled example systems if they are not there yet' },
  },
  examples: [
    { command: 'iotassure serve --examples', description: 'the workspace on http://127.0.0.1:8080 with the examples' },
    {
      command: 'IOTASSURE_DATABASE_URL=postgres://iotassure@db/iotassure iotassure serve --host 0.0.0.0 --trust-proxy',
      description: 'for a team, on PostgreSQL behind a TLS reverse proxy',
    },
  ],
  async run(args, io) {
    const host = string(args, 'host') ?? '127.0.0.1';
    const port = Number(string(args, 'port') ?? '8080');
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0 to 65535');
    const store = storeOptions(args);
    const workspace = await createWorkspace({ ...store, trustProxy: flag(args, 'trust-proxy') });
    const { ctx } = workspace;
    const admin = await ensureFirstAdmin(ctx.store, process.env);
    if (admin?.oneTimePassword) {
      io.stdout(
        `Created the administrator ${admin.email} with the one-time password ${admin.oneTimePassword}\n` +
          '(shown only now; you will be asked to choose a new one when you sign in)\n',
      );
    } else if (admin) io.stdout(`Created the administrator ${admin.email}\n`);
    if (flag(args, 'examples')) await loadExamples(ctx, io.stdout);
    const address = await workspace.app.listen({ host, port });
    io.stdout(
      `iotassure workspace on ${address} — ${ctx.store.kind === 'sqlite' ? `SQLite at ${ctx.store.location}` : `PostgreSQL at ${ctx.store.location}`}\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await workspace.close();
    return 0;
  },
};

/** The bundled examples as systems owned by the first administrator, once. */
async function loadExamples({ store, worker, runner }: ServerContext, print: (text: string) => void): Promise<void> {
  const admin =
    (await findUserByEmail(store.db, process.env.IOTASSURE_ADMIN_EMAIL?.trim() || 'admin@localhost')) ??
    (await store.db.selectFrom('users').selectAll().where('is_admin', '=', 1).orderBy('created_at').executeTakeFirst());
  if (!admin) return;
  for (const example of EXAMPLES) {
    if (await getSystem(store.db, example)) continue;
    const file = packageFile(`examples/${example}/system.yaml`);
    const { yaml, left } = forWorkspace(`${example}.yaml`, readFileSync(file, 'utf8'));
    const check = await worker.check(`${example}.yaml`, yaml);
    if (!check.ok) {
      throw new Error(`the bundled example ${example} does not validate: ${check.diagnostics[0]?.message ?? ''}`);
    }
    await addRevision(store, {
      systemId: example,
      name: check.name,
      yaml,
      message: left.length > 0 ? `bundled example, without its ${left.join(' and ')}` : 'bundled example',
      actor: `user:${admin.id}`,
      creator: admin.id,
    });
    print(`Loaded the example ${example}${left.length > 0 ? ` (without its ${left.join(' and ')})` : ''}\n`);
  }
  runner.poke();
}

/**
 * An example's text as the workspace takes it: the workspace reads no files named in a model, so an example's lists of
 * extra catalogs and rules files are emptied (in the text, keeping its comments), and what was left out is named.
 */
export function forWorkspace(file: string, text: string): { yaml: string; left: string[] } {
  const model = loadModelText(file, text);
  let yaml = text;
  const left: string[] = [];
  for (const [key, what] of [
    ['catalogs', 'extra catalogs'],
    ['rules', 'rules files'],
  ] as const) {
    if (model[key].length === 0) continue;
    yaml = setValue(yaml, [key], []);
    left.push(`${what} (${model[key].join(', ')})`);
  }
  return { yaml, left };
}
