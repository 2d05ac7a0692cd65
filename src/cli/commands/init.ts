import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { modelJsonSchema } from '../../model/schema.js';
import { MODES, writeFileAtomic } from '../../output/write.js';
import { packageFile } from '../../util/package-files.js';
import { type CommandSpec, choice, flag, string, UsageError } from '../command.js';

export const EXAMPLES = {
  camera: 'monitoring-camera',
  'smart-home': 'smart-home',
  industrial: 'industrial-sensors',
} as const;

/** Written beside the model, so the editor modeline below resolves without a network or a published URL. */
export const SCHEMA_FILE = 'iotassure.schema.json';

/**
 * The lines every model init writes starts with: the yaml-language-server modeline (editors complete and check keys
 * against the schema file) and where the documentation is — commands that work offline, since the user's folder has
 * no docs/ of its own.
 */
export function modelHeader(file: string): string {
  return [
    `# yaml-language-server: $schema=./${SCHEMA_FILE}`,
    '# An iotassure system model. `iotassure docs model` explains every key; the JSON Schema beside this file',
    `# (${SCHEMA_FILE}; \`iotassure schema\` prints it) lets editors complete and check keys.`,
    `# Check it: iotassure validate ${file}   Assess it: iotassure assess ${file}   Commands: iotassure --help`,
    '',
  ].join('\n');
}

const STARTER = `iotassure: 1
system:
  name: My IoT system
  description: What the system does and for whom.
  region: EU
  lifecycle:
    supportPeriod: { end: 2030-12-31, published: true }
    vulnerabilityDisclosure: { contact: security@example.com }
organisations:
  - { id: maker, name: Device maker, roles: [developer] }
  - { id: operator, name: Service operator, roles: [provider] }
zones:
  - { id: site, kind: customer-premises }
  - { id: cloud, kind: cloud }
elements:
  - id: device
    name: Sensor
    kind: sensor
    zone: site
    developer: maker
    authentication: { passwords: user-defined }
    update: { mechanism: automatic, signed: true }
  - id: backend
    name: Cloud service
    kind: cloud-service
    zone: cloud
    operator: operator
dataAssets:
  - { id: readings, name: Sensor readings, classification: internal }
flows:
  - { id: device-to-backend, from: device, to: backend, protocol: mqtts, authentication: certificate, data: [readings] }
assessment:
  controls: {}
`;

export const initCommand: CommandSpec = {
  usage: '[--example NAME] [--out FILE]',
  description: `The model starts with comments on where its documentation is, and ${SCHEMA_FILE} is written beside it so editors that read yaml-language-server modelines (e.g. VS Code with the YAML extension) complete and check its keys.`,
  positionals: [0, 0],
  options: {
    example: { type: 'string', value: 'NAME', description: `a complete example: ${Object.keys(EXAMPLES).join(', ')}` },
    out: { type: 'string', short: 'o', value: 'FILE', description: 'where to write it (default: system.yaml)' },
    force: { type: 'boolean', description: 'overwrite an existing file (also through a symbolic link)' },
  },
  examples: [
    { command: 'iotassure init', description: 'write a small system.yaml to start from' },
    { command: 'iotassure init --example camera --out camera.yaml', description: 'the monitoring-camera example' },
  ],
  run(args, io) {
    const example = choice(args, 'example', Object.keys(EXAMPLES) as (keyof typeof EXAMPLES)[]);
    const out = string(args, 'out') ?? 'system.yaml';
    if (existsSync(out) && statSync(out).isDirectory()) {
      throw new UsageError(`${out} is a folder; name the file, e.g. --out ${join(out, 'system.yaml')}`);
    }
    if (existsSync(out) && !flag(args, 'force')) throw new UsageError(`${out} exists; use --force to overwrite it`);
    const body = example ? readFileSync(packageFile(`examples/${EXAMPLES[example]}/system.yaml`), 'utf8') : STARTER;
    const model = `${modelHeader(basename(out))}${body}`;
    const schema = join(dirname(out), SCHEMA_FILE);
    const force = flag(args, 'force');
    writeFileAtomic(out, model, { mode: MODES.report, force });
    writeFileAtomic(schema, `${JSON.stringify(modelJsonSchema(), null, 2)}\n`, { mode: MODES.report, force });
    io.stdout(
      `Wrote ${out} (${model.split('\n').length - 1} lines) and ${schema} (for editor completion).\n` +
        `Next: describe your system in ${basename(out)} (\`iotassure docs model\` explains every key), then\n` +
        `  iotassure validate ${out}\n  iotassure assess ${out}\n`,
    );
    return 0;
  },
};
