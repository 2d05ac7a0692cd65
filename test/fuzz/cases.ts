/**
 * One fuzz input: the files of a project folder and the commands run on it. Every kind of input iotassure reads is
 * covered — models (YAML and JSON), catalogs, targets files with their PEM files, evidence, saved assessments for
 * diff, SBOMs with OSV databases (folder, JSON file, all.zip), hostile paths (devices, FIFOs, links out of the folder,
 * paths out of it) and command lines — and every output: each report format, the summary, diff in its three
 * formats, verify's plan, JSON and evidence. Inputs are made from the corpus by the mutations in mutate.ts.
 */
import { strToU8, zipSync } from 'fflate';
import { FORMATS as REPORT_FORMATS } from '../../src/report/index.js';
import { type Corpus, DATE, PEM, type Seed } from './corpus.js';
import { mutateFreeText, mutateText, mutateValue, ODD_STRINGS, oddValue, serialise } from './mutate.js';
import { caseSeed, Random } from './random.js';

export type FileSpec =
  | { name: string; text: string }
  | { name: string; bytes: Uint8Array }
  | { name: string; fifo: true }
  | { name: string; link: string }
  | { name: string; folder: true };

export interface FuzzCase {
  kind: string;
  files: FileSpec[];
  /** command lines; `@name` stands for the file `name` in the case's folder */
  commands: string[][];
}

const FORMATS: readonly (readonly [string, number])[] = [
  ['json', 20],
  ['md', 18],
  ['csv', 14],
  ['sarif', 14],
  ['oscal', 7],
  ['html', 6],
  ['xlsx', 6],
  ['pdf', 3],
  ['json,md,csv', 6],
  ['xlsx,pdf', 2],
  ['all', 2],
];

/** Formats assess writes only into a folder: several files, or a binary one. */
const FOLDER_ONLY = new Set(['csv', 'oscal', 'xlsx', 'pdf']);

type Maker = (rng: Random, corpus: Corpus) => FuzzCase;

/** A mutated copy of a seed: structural edits on its value, edits on its text, or both. */
function mutated(rng: Random, seed: Seed, json = /\.json$/.test(seed.name)): string {
  const rounds = 1 + rng.int(3);
  const how = rng.weighted([
    ['free-text', 5],
    ['value', 6],
    ['text', 3],
    ['both', 1],
    ['none', 1],
  ] as const);
  if (how === 'none') return seed.text;
  if (how === 'text') return mutateText(rng, seed.text, rounds);
  const value =
    how === 'free-text' ? mutateFreeText(rng, seed.value, 1 + rng.int(6)) : mutateValue(rng, seed.value, rounds);
  const text = json ? (JSON.stringify(value, null, rng.chance(0.5) ? 2 : undefined) ?? 'null') : serialise(rng, value);
  return how === 'both' ? mutateText(rng, text, 1 + rng.int(2)) : text;
}

function assessCommand(rng: Random, model: string, extra: string[] = []): string[] {
  const command = ['assess', model, '--date', DATE, ...extra];
  const where = rng.weighted([
    ['out', 6],
    ['stdout', 2],
    ['summary', 2],
  ] as const);
  if (where === 'summary') return command;
  const format = rng.weighted(FORMATS);
  if (where === 'stdout' && !format.includes(',') && format !== 'all' && !FOLDER_ONLY.has(format)) {
    return [...command, '--format', format];
  }
  return [...command, '--format', format, '--out', '@out'];
}

const modelCase: Maker = (rng, corpus) => {
  const seed = rng.pick(corpus.models);
  const json = rng.chance(0.25);
  const name = json ? 'model.json' : 'system.yaml';
  const text = json
    ? JSON.stringify(
        rng.chance(0.5)
          ? mutateFreeText(rng, seed.value, 1 + rng.int(6))
          : mutateValue(rng, seed.value, 1 + rng.int(3)),
      )
    : mutated(rng, seed);
  const command = rng.weighted<() => string[]>([
    [() => ['validate', `@${name}`], 2],
    [() => assessCommand(rng, `@${name}`), 7],
    [() => ['coverage', '--model', `@${name}`, '--date', DATE, ...(rng.chance(0.5) ? ['--details'] : [])], 1],
    [() => ['assess', `@${name}`, '--date', DATE, '--stakeholder', 'user', '--format', 'md', '--fail-on', 'high'], 1],
  ]);
  return { kind: 'model', files: [{ name, text }], commands: [command()] };
};

const catalogCase: Maker = (rng, corpus) => {
  const catalog = rng.pick(corpus.catalogs);
  const ext = catalog.name.endsWith('.json') ? 'json' : 'yaml';
  const files: FileSpec[] = [{ name: `own.${ext}`, text: mutated(rng, catalog) }];
  const how = rng.int(3);
  if (how === 0) {
    // named by the model
    files.push({
      name: 'system.yaml',
      text: `catalogs: [own.${ext}]\n${corpus.small.text.replace(/^iotassure: 1\n/, '')}`,
    });
    return { kind: 'catalog', files, commands: [assessCommand(rng, '@system.yaml')] };
  }
  files.push({ name: 'system.yaml', text: corpus.small.text });
  if (how === 1) {
    return { kind: 'catalog', files, commands: [assessCommand(rng, '@system.yaml', ['--catalog', `@own.${ext}`])] };
  }
  if (rng.chance(0.4)) return { kind: 'catalog', files, commands: [['catalog', 'check', `@own.${ext}`]] };
  const action = rng.pick([['list'], ['frameworks'], ['search', 'password'], ['show', 'my-control'], ['facts']]);
  // the catalog is the subject here: its folder is allowed, so its diagnostics are shown in full
  return {
    kind: 'catalog',
    files,
    commands: [['catalog', ...action, '--catalog', `@own.${ext}`, '--allow-path', '@.']],
  };
};

const targetsCase: Maker = (rng, corpus) => {
  const targets = mutated(rng, corpus.targets[0]!);
  const files: FileSpec[] = [
    { name: 'targets.yaml', text: targets },
    { name: 'ca.pem', text: rng.chance(0.8) ? PEM : mutateText(rng, PEM, 3) },
    { name: 'key.pem', text: rng.chance(0.5) ? PEM : 'not a key' },
    { name: 'system.yaml', text: corpus.small.text },
  ];
  if (rng.chance(0.2)) {
    // the same spec inside a model's verification: section
    files.push({ name: 'with-verification.yaml', text: `${corpus.small.text}verification:\n${indent(targets)}` });
    return { kind: 'targets', files, commands: [['verify', '@with-verification.yaml', '--dry-run']] };
  }
  const options = [
    '--dry-run',
    ...(rng.chance(0.5) ? ['--json'] : []),
    ...(rng.chance(0.5) ? ['--model', '@system.yaml'] : []),
    ...(rng.chance(0.2) ? ['--only', rng.pick(['CRED-01', 'TLS-01,TLS-04', 'NET-03', 'cred-9', 'UPD-02'])] : []),
  ];
  return { kind: 'targets', files, commands: [['verify', '@targets.yaml', ...options]] };
};

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

const evidenceCase: Maker = (rng, corpus) => {
  const files: FileSpec[] = [
    { name: 'evidence.json', text: mutated(rng, corpus.evidence) },
    { name: 'system.yaml', text: corpus.small.text },
  ];
  return {
    kind: 'evidence',
    files,
    commands: [assessCommand(rng, '@system.yaml', ['--evidence', '@evidence.json'])],
  };
};

const savedAssessmentCase: Maker = (rng, corpus) => {
  const seed = rng.pick(corpus.assessments);
  const files: FileSpec[] = [
    { name: 'saved.json', text: mutated(rng, seed) },
    { name: 'other.json', text: rng.chance(0.7) ? corpus.assessments[1]!.text : mutated(rng, corpus.assessments[1]!) },
    { name: 'system.yaml', text: corpus.small.text },
  ];
  const [a, b] = rng.pick([
    ['@saved.json', '@system.yaml'],
    ['@system.yaml', '@saved.json'],
    ['@saved.json', '@other.json'],
    ['@other.json', '@saved.json'],
  ]);
  const format = rng.pick(['text', 'md', 'json']);
  const failOn = rng.chance(0.3) ? ['--fail-on-new', rng.pick(['high', 'critical', 'nope'])] : [];
  return {
    kind: 'saved-assessment',
    files,
    commands: [['diff', a!, b!, '--format', format, '--date', DATE, ...failOn]],
  };
};

const sbomCase: Maker = (rng, corpus) => {
  const sbom = rng.pick(corpus.sboms);
  const files: FileSpec[] = [
    {
      name: 'sbom.json',
      text: rng.chance(0.7)
        ? JSON.stringify(mutateValue(rng, sbom, 1 + rng.int(4)))
        : mutateText(rng, JSON.stringify(sbom, null, 1), 1 + rng.int(3)),
    },
  ];
  const records = corpus.osv.map((r) => (rng.chance(0.5) ? mutateValue(rng, r, 1 + rng.int(3)) : r));
  const layout = rng.pick(['folder', 'json', 'zip']);
  if (layout === 'folder') {
    files.push({ name: 'osv', folder: true });
    records.forEach((r, i) => {
      files.push({
        name: `osv/r${i}.json`,
        text: rng.chance(0.9) ? JSON.stringify(r) : mutateText(rng, JSON.stringify(r), 2),
      });
    });
  } else if (layout === 'json') {
    files.push({ name: 'osv.json', text: JSON.stringify(rng.chance(0.8) ? records : records[0]) });
  } else {
    const zip = zipSync(
      Object.fromEntries(records.map((r, i) => [`r${i}.json`, strToU8(JSON.stringify(r) ?? 'null')])),
    );
    if (rng.chance(0.3)) for (let k = 0; k < 4; k++) zip[rng.int(zip.length)] = rng.int(256);
    files.push({ name: 'all.zip', bytes: rng.chance(0.1) ? zip.slice(0, rng.int(zip.length)) : zip });
  }
  const osv = layout === 'folder' ? 'osv' : layout === 'json' ? 'osv.json' : 'all.zip';
  files.push(
    { name: 'targets.yaml', text: `targets:\n  - host: 127.0.0.1\n    services: []\nsbom: sbom.json\nosv: ${osv}\n` },
    { name: 'system.yaml', text: corpus.small.text },
  );
  const commands = [
    [
      'verify',
      '@targets.yaml',
      '--only',
      'SBOM-01,SBOM-02,SBOM-03',
      '--out',
      '@out',
      ...(rng.chance(0.3) ? ['--json'] : []),
    ],
  ];
  if (rng.chance(0.4)) commands.push(assessCommand(rng, '@system.yaml', ['--evidence', '@out/evidence.json']));
  return { kind: 'sbom-osv', files, commands };
};

/** Paths a hostile model, targets file or command line may name. */
const HOSTILE = [
  '/dev/zero',
  '/dev/null',
  '/etc/passwd',
  '/etc/shadow',
  '../../../../../etc/passwd',
  '@fifo',
  '@link-zero',
  '@link-out',
  '@folder',
  '@missing.yaml',
  '',
  '.',
  '..',
  'a\u0000b',
  `${'x/'.repeat(3000)}y`,
  '/proc/self/status',
  '~/.ssh/id_rsa',
];

const hostilePathCase: Maker = (rng, corpus) => {
  const files: FileSpec[] = [
    { name: 'fifo', fifo: true },
    { name: 'link-zero', link: '/dev/zero' },
    { name: 'link-out', link: '/etc/passwd' },
    { name: 'folder', folder: true },
    // links back up: a walk of the folder must not go round
    { name: 'folder/up', link: '..' },
    { name: 'folder/self', link: '.' },
    { name: 'system.yaml', text: corpus.small.text },
    { name: 'evidence.json', text: corpus.evidence.text },
  ];
  const raw = rng.pick(HOSTILE);
  /** as written inside a file: relative to its folder */
  const inFile = raw.startsWith('@') ? raw.slice(1) : raw;
  const slot = rng.int(8);
  const put = (name: string, text: string) => files.push({ name, text });
  const quoted = JSON.stringify(inFile);
  switch (slot) {
    case 0:
      put('m.yaml', `catalogs: [${quoted}]\n${corpus.small.text.replace(/^iotassure: 1\n/, '')}`);
      return { kind: 'hostile-path', files, commands: [['validate', '@m.yaml']] };
    case 1:
      return { kind: 'hostile-path', files, commands: [assessCommand(rng, '@system.yaml', ['--catalog', raw])] };
    case 2:
      return { kind: 'hostile-path', files, commands: [assessCommand(rng, '@system.yaml', ['--evidence', raw])] };
    case 3:
      return { kind: 'hostile-path', files, commands: [['diff', raw, '@system.yaml']] };
    case 4:
      put('t.yaml', `targets:\n  - host: 127.0.0.1\n    services: []\nsbom: ${quoted}\nosv: ${quoted}\n`);
      return { kind: 'hostile-path', files, commands: [['verify', '@t.yaml', '--only', 'SBOM-01', '--out', '@out']] };
    case 5: {
      const field = rng.chance(0.5) ? 'tls: { anchor: X }' : '';
      put(
        't.yaml',
        `targets:\n  - host: 127.0.0.1\n    services: [{ port: 443, protocol: https${field ? `, ${field.replace('X', quoted)}` : ''} }]\n` +
          (field ? '' : `    update: { url: "http://127.0.0.1:1/m", publicKey: ${quoted} }\n`),
      );
      return { kind: 'hostile-path', files, commands: [['verify', '@t.yaml', '--dry-run']] };
    }
    case 6:
      return { kind: 'hostile-path', files, commands: [['verify', raw, '--dry-run']] };
    default:
      // outputs: --out at a device, a FIFO, a link, a file
      return {
        kind: 'hostile-path',
        files,
        commands: [['assess', '@system.yaml', '--date', DATE, '--format', rng.pick(['md', 'json,csv']), '--out', raw]],
      };
  }
};

const argumentsCase: Maker = (rng, corpus) => {
  const base = assessCommand(rng, '@system.yaml');
  const noise = rng.pick([
    ['--format', rng.pick(ODD_STRINGS)],
    ['--date', rng.pick(['2026-02-30', '1-1-1', '', '99999-01-01'])],
    ['--stage', rng.pick(ODD_STRINGS)],
    ['--stakeholder', rng.pick(['user', 'nobody', ''])],
    ['--fail-on', rng.pick(['high', 'HIGH', ''])],
    ['--out'],
    ['--unknown-option'],
    ['-f'],
    [rng.pick(ODD_STRINGS)],
  ]);
  const command = rng.chance(0.5)
    ? [...base, ...noise]
    : [
        rng.pick(['assess', 'diff', 'verify', 'map', 'coverage', 'rules', 'schema', 'catalog', 'init', 'nope']),
        ...noise,
      ];
  if (command[0] === 'init') command.push('--out', '@init.yaml');
  return { kind: 'arguments', files: [{ name: 'system.yaml', text: corpus.small.text }], commands: [command] };
};

export const KINDS: readonly (readonly [string, Maker, number])[] = [
  ['model', modelCase, 30],
  ['catalog', catalogCase, 9],
  ['targets', targetsCase, 14],
  ['evidence', evidenceCase, 10],
  ['saved-assessment', savedAssessmentCase, 13],
  ['sbom-osv', sbomCase, 12],
  ['hostile-path', hostilePathCase, 8],
  ['arguments', argumentsCase, 4],
];

/** The outputs a command line asks for, as `command format` labels (e.g. `assess html`, `diff md`, `verify plan`). */
export function outputsOf(command: readonly string[]): string[] {
  const option = (name: string) => {
    const i = command.indexOf(name);
    return i === -1 ? undefined : command[i + 1];
  };
  const [name] = command;
  const known = (format: string, formats: readonly string[]) => (formats.includes(format) ? format : '(bad --format)');
  if (name === 'assess') {
    const format = option('--format');
    if (format === undefined) return ['assess summary'];
    // the product's own list: a new report format is counted without touching the fuzzer
    return (format === 'all' ? REPORT_FORMATS : format.split(',')).map((f) => `assess ${known(f, REPORT_FORMATS)}`);
  }
  if (name === 'diff') return [`diff ${known(option('--format') ?? 'text', ['text', 'md', 'json'])}`];
  if (name === 'verify') {
    if (command.includes('--dry-run')) return [`verify ${command.includes('--json') ? 'plan json' : 'plan'}`];
    return [`verify ${command.includes('--out') ? 'evidence' : 'table'}`];
  }
  return [/^[a-z]+$/.test(name ?? '') ? name! : '(bad command)'];
}

/** Input `index` of the run seeded with `seed`. */
export function makeCase(seed: number, index: number, corpus: Corpus): FuzzCase {
  const rng = new Random(caseSeed(seed, index));
  const make = rng.weighted(KINDS.map(([, maker, weight]) => [maker, weight] as const));
  const c = make(rng, corpus);
  // now and then an odd value lands in a file the case did not mutate
  if (rng.chance(0.05) && c.files.length > 0) {
    const i = rng.int(c.files.length);
    const f = c.files[i]!;
    if ('text' in f) c.files[i] = { name: f.name, text: `${f.text}\n${JSON.stringify(oddValue(rng))}` };
  }
  return c;
}
