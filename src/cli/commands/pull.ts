import { writeFileSync } from 'node:fs';
import { type CommandSpec, string, UsageError } from '../command.js';
import { responseError, serverClient } from '../server-client.js';

export const pullCommand: CommandSpec = {
  usage: 'SYSTEM --server URL [--out FILE] [--revision N]',
  description: 'The API token comes from IOTASSURE_TOKEN. Without --out the YAML is written to standard output.',
  positionals: [1, 1],
  options: {
    server: { type: 'string', value: 'URL', description: 'the workspace, e.g. https://iotassure.example.org' },
    out: { type: 'string', short: 'o', value: 'FILE', description: 'write the YAML to this file' },
    revision: { type: 'string', value: 'N', description: 'an older revision (default: the newest)' },
  },
  examples: [
    {
      command: 'iotassure pull monitoring-camera --server https://iotassure.example.org --out system.yaml && git diff',
      description: 'bring the changes made in the workspace into the repository',
    },
  ],
  async run(args, io) {
    const client = serverClient(string(args, 'server'));
    const revision = string(args, 'revision');
    if (revision !== undefined && !/^[1-9]\d*$/.test(revision)) throw new UsageError('--revision must be a number');
    const system = args.positionals[0]!;
    const response = await client.request(
      'GET',
      `api/systems/${encodeURIComponent(system)}/model${revision ? `?revision=${revision}` : ''}`,
    );
    if (!response.ok) throw await responseError(response, client.base);
    const yaml = await response.text();
    const out = string(args, 'out');
    if (out) {
      writeFileSync(out, yaml);
      io.stderr(`wrote ${out} (revision ${response.headers.get('x-iotassure-revision')})\n`);
    } else io.stdout(yaml);
    return 0;
  },
};
