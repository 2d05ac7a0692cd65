import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODES, writeFileAtomic } from '../../output/write.js';
import { type CommandDefinition, choice, flag, string, UsageError } from '../command.js';

const EXAMPLES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples');

export const EXAMPLES = {
  camera: 'monitoring-camera',
  'smart-home': 'smart-home',
  industrial: 'industrial-sensors',
} as const;

const STARTER = `# iotassure system model — see docs/model.md for every field, or run \`iotassure schema\`.
iotassure: 1
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

export const initCommand: CommandDefinition = {
  name: 'init',
  usage: '[--example NAME] [--out FILE]',
  summary: 'Write a starting system model: a small template, or one of the complete examples.',
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
    if (existsSync(out) && !flag(args, 'force')) throw new UsageError(`${out} exists; use --force to overwrite it`);
    const text = example ? readFileSync(resolve(EXAMPLES_DIR, EXAMPLES[example], 'system.yaml'), 'utf8') : STARTER;
    writeFileAtomic(out, text, { mode: MODES.report, force: flag(args, 'force') });
    const lines = text.split('\n').length;
    io.stdout(`Wrote ${out} (${lines} lines). Next: iotassure assess ${out}\n`);
    return 0;
  },
};
