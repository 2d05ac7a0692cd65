import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { modelJsonSchema } from '../../model/schema.js';
import { MODES, writeFileAtomic } from '../../output/write.js';
import { packageFile } from '../../util/package-files.js';
import {
  COMMON_OPTIONS,
  type CommandIO,
  type CommandSpec,
  choice,
  flag,
  type ParsedArgs,
  string,
  UsageError,
} from '../command.js';
import { runAssessmentWithCatalog } from './assess.js';
import { controlEntries } from './init-controls.js';

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
  markets: [EU]         # where the products are sold: decides which laws and standards apply
  category: consumer    # consumer, industrial, medical, …: iotassure docs model lists the words
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
  usage: '[--example NAME] [--out FILE] | --controls MODEL [--out FILE]',
  description:
    `The model starts with comments on where its documentation is, and ${SCHEMA_FILE} is written beside it so editors that read yaml-language-server modelines (e.g. VS Code with the YAML extension) complete and check its keys. ` +
    'With --controls MODEL: the assessment.controls entries for every control that applies to the model and that neither its facts establish nor an entry lists, grouped by the stakeholders who owe it, with status not-started, the organisation as owner and an empty evidence list — to paste under `assessment.controls:` (standard output, or --out FILE).',
  positionals: [0, 0],
  options: {
    example: { type: 'string', value: 'NAME', description: `a complete example: ${Object.keys(EXAMPLES).join(', ')}` },
    controls: { type: 'string', value: 'MODEL', description: 'write the control entries MODEL still needs' },
    out: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: 'where to write it (default: system.yaml; with --controls, standard output)',
    },
    force: { type: 'boolean', description: 'overwrite an existing file (also through a symbolic link)' },
    catalog: COMMON_OPTIONS.catalog,
    rules: COMMON_OPTIONS.rules,
    'allow-path': COMMON_OPTIONS['allow-path'],
    date: COMMON_OPTIONS.date,
  },
  examples: [
    { command: 'iotassure init', description: 'write a small system.yaml to start from' },
    { command: 'iotassure init --example camera --out camera.yaml', description: 'the monitoring-camera example' },
    {
      command: 'iotassure init --controls system.yaml > controls.yaml',
      description: 'the control entries the model still needs, to fill in and paste under assessment.controls',
    },
  ],
  run(args, io) {
    const controls = string(args, 'controls');
    if (controls !== undefined) return writeControls(controls, args, io);
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

function writeControls(modelPath: string, args: ParsedArgs, io: CommandIO): number {
  if (string(args, 'example') !== undefined) throw new UsageError('--controls and --example do not go together');
  const { model, assessment } = runAssessmentWithCatalog({ positionals: [modelPath], values: args.values });
  const entries = controlEntries(model, assessment, `iotassure init --controls ${modelPath}`);
  const out = string(args, 'out');
  if (out === undefined) {
    io.stdout(entries.text);
    return 0;
  }
  if (existsSync(out) && !flag(args, 'force')) throw new UsageError(`${out} exists; use --force to overwrite it`);
  writeFileAtomic(out, entries.text, { mode: MODES.report, force: flag(args, 'force') });
  io.stdout(
    `Wrote ${out}: ${entries.listed} control entries to fill in (${entries.existing} the model already has, ` +
      `${entries.established} established by its facts). Paste them under assessment.controls in ${modelPath}.\n`,
  );
  return 0;
}
