import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Assessment } from '../../assess/assessment.js';
import { loadModelFile } from '../../model/load.js';
import { decodeAssessment } from '../../report/assessment-json.js';
import { terminalSummary } from '../../report/terminal.js';
import { type CommandSpec, string, UsageError } from '../command.js';
import { responseError, ServerError, serverClient } from '../server-client.js';
import { exceeds } from './assess.js';

const SYSTEM_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export const pushCommand: CommandSpec = {
  usage: 'MODEL --server URL [--system ID] [--message TEXT] [--fail-on LEVEL]',
  description:
    'The API token comes from IOTASSURE_TOKEN. The system id is --system, else the model’s system.id, else the ' +
    'model’s folder name. --fail-on gates CI on the server’s assessment, as `assess --fail-on` does.',
  positionals: [1, 1],
  options: {
    server: { type: 'string', value: 'URL', description: 'the workspace, e.g. https://iotassure.example.org' },
    system: { type: 'string', value: 'ID', description: 'the system to add the revision to' },
    message: { type: 'string', value: 'TEXT', description: 'what changed (shown in the history)' },
    'fail-on': {
      type: 'string',
      value: 'LEVEL',
      description: 'exit 1 when an unaccepted risk has this residual level or higher',
    },
    timeout: { type: 'string', value: 'SECONDS', description: 'how long to wait for the assessment (default 300)' },
  },
  examples: [
    {
      command: 'IOTASSURE_TOKEN=iat_… iotassure push system.yaml --server https://iotassure.example.org --fail-on high',
      description: 'in CI: store the revision and fail while a high or critical risk is open',
    },
  ],
  async run(args, io) {
    const file = args.positionals[0]!;
    const client = serverClient(string(args, 'server'));
    const timeout = Number(string(args, 'timeout') ?? '300');
    if (!(timeout > 0)) throw new UsageError('--timeout must be a number of seconds');
    // Validating here first gives the same file:line diagnostics as `validate`, without a round trip.
    const model = loadModelFile(file);
    const yaml = readFileSync(file, 'utf8');
    const system = string(args, 'system') ?? model.system.id ?? basename(dirname(file === '-' ? '.' : file));
    if (!SYSTEM_ID.test(system)) {
      throw new UsageError(
        `"${system}" cannot be a system id (lower-case letters, digits, ".", "_", "-"); give --system`,
      );
    }
    const response = await client.request('POST', `api/systems/${encodeURIComponent(system)}/revisions`, {
      yaml,
      message: string(args, 'message'),
    });
    if (!response.ok) throw await responseError(response, client.base, file);
    const stored = (await response.json()) as { revision: number; path: string; created: boolean };
    const revision = await waitForAssessment(client, system, stored.revision, timeout);
    if (revision.assessmentState === 'failed') {
      throw new ServerError(`the server could not assess revision ${stored.revision}: ${revision.assessmentError}`);
    }
    const assessment = decodeAssessment(
      await client.json<unknown>(
        'GET',
        `api/systems/${encodeURIComponent(system)}/assessment?revision=${stored.revision}`,
      ),
    ) as Assessment;
    const failOn = string(args, 'fail-on');
    if (failOn !== undefined && !assessment.riskMatrix.levels.includes(failOn)) {
      throw new UsageError(`--fail-on must be a risk level: ${assessment.riskMatrix.levels.join(', ')}`);
    }
    io.stdout(terminalSummary(assessment, { colour: io.tty }));
    io.stdout(
      `\n${stored.created ? 'Created' : 'Updated'} ${system}: revision ${stored.revision}\n` +
        `${new URL(stored.path.replace(/^\//, ''), client.base)}\n`,
    );
    return failOn !== undefined && exceeds(assessment, failOn) ? 1 : 0;
  },
};

interface RevisionInfo {
  assessmentState: string;
  assessmentError: string | null;
}

async function waitForAssessment(
  client: ReturnType<typeof serverClient>,
  system: string,
  number: number,
  timeoutSeconds: number,
): Promise<RevisionInfo> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
    const info = await client.json<RevisionInfo>(
      'GET',
      `api/systems/${encodeURIComponent(system)}/revisions/${number}`,
    );
    if (info.assessmentState !== 'pending') return info;
    if (Date.now() > deadline) {
      throw new ServerError(
        `revision ${number} was stored but not assessed within ${timeoutSeconds} s; see the workspace`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
