import { type Catalog, type CatalogControl, frameworkName } from '../../catalog/catalog.js';
import { versionDelta } from '../../catalog/delta.js';
import { loadCatalog } from '../../catalog/load.js';
import { CONTROL_FAMILIES, type ControlFamily } from '../../catalog/vocabulary.js';
import { describeCondition } from '../../model/condition.js';
import { FACTS } from '../../model/facts.js';
import { STAKEHOLDERS, type Stakeholder } from '../../model/vocabulary.js';
import { didYouMean } from '../../util/suggest.js';
import {
  COMMON_OPTIONS,
  type CommandIO,
  type CommandSpec,
  choice,
  flag,
  matchWord,
  type ParsedArgs,
  string,
  strings,
  UsageError,
} from '../command.js';

const ACTIONS = ['list', 'show', 'search', 'frameworks', 'facts', 'delta', 'check'] as const;

export const catalogCommand: CommandSpec = {
  usage: 'list|show ID|search TEXT|frameworks|facts|delta FRAMEWORK|check [PATH...]',
  description:
    'list: controls (filter with --family, --stakeholder, --framework). show: a control, a requirement ' +
    '(framework:id), a risk source or a framework. search: controls and requirements whose text matches. ' +
    'check: validate catalog files of your own together with the built-in catalog.',
  positionals: [1, 1000],
  options: {
    family: { type: 'string', value: 'FAMILY', description: 'only controls of 7.1.2, 7.1.3, 7.2.2 or 7.2.3' },
    stakeholder: { type: 'string', value: 'ROLE', description: 'only controls owed by developer, provider or user' },
    framework: { type: 'string', value: 'ID', description: 'only controls mapped to this framework' },
    catalog: COMMON_OPTIONS.catalog,
    'allow-path': COMMON_OPTIONS['allow-path'],
    json: COMMON_OPTIONS.json,
  },
  examples: [
    { command: 'iotassure catalog list --stakeholder user', description: 'controls an IoT user owes' },
    { command: 'iotassure catalog show unique-device-passwords', description: 'one control with its mappings' },
    {
      command: 'iotassure catalog show etsi-en-303-645:5.3-13',
      description: 'one requirement and the controls that cover it',
    },
    { command: 'iotassure catalog search "debug port"', description: 'find controls and requirements by text' },
    { command: 'iotassure catalog delta etsi-en-303-645', description: 'what EN 303 645 V3.1.3 changed from V2.1.1' },
    { command: 'iotassure catalog check my-policy.yaml', description: 'validate your own catalog file' },
  ],
  run(args, io) {
    const [action, ...rest] = args.positionals as [string, ...string[]];
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new UsageError(
        `unknown action "${action}"; ${didYouMean(action, ACTIONS) ?? `actions: ${ACTIONS.join(', ')}`}`,
      );
    }
    const catalog = loadCatalog([...strings(args, 'catalog'), ...(action === 'check' ? rest : [])]);
    switch (action) {
      case 'list':
        return print(
          io,
          args,
          filterControls(catalog, args).map(controlSummary),
          (c) => `${c.id.padEnd(44)} ${c.family}  ${c.title}`,
        );
      case 'search':
        return search(catalog, rest.join(' '), args, io);
      case 'show':
        return show(catalog, rest[0], args, io);
      case 'frameworks':
        return print(
          io,
          args,
          [...catalog.frameworks.values()].map((f) => ({
            id: f.id,
            title: f.title,
            version: f.version,
            requirements: f.requirements.size,
            confidence: f.confidence,
          })),
          (f) => `${f.id.padEnd(26)} ${f.title} (${f.version}; ${f.requirements} nodes; confidence ${f.confidence})`,
        );
      case 'facts':
        return print(
          io,
          args,
          FACTS.map((f) => ({ id: f.id, title: f.title })),
          (f) => `${f.id.padEnd(34)} ${f.title}`,
        );
      case 'delta':
        return delta(catalog, rest[0], args, io);
      case 'check': {
        io.stdout(
          `catalog valid: ${catalog.files.length} files, ${catalog.frameworks.size} frameworks, ${catalog.controls.size} controls\n`,
        );
        return 0;
      }
    }
    return 0;
  },
};

/**
 * Items as JSON or one line each. Finding nothing is an answer, not an error: exit 0, and a line that says so for a
 * person (JSON stays `[]`).
 */
function print<T>(io: CommandIO, args: ParsedArgs, items: T[], line: (item: T) => string, none = 'no matches'): number {
  if (flag(args, 'json')) io.stdout(`${JSON.stringify(items, null, 2)}\n`);
  else if (items.length === 0) io.stdout(`${none}\n`);
  else for (const item of items) io.stdout(`${line(item)}\n`);
  return 0;
}

function controlSummary(c: CatalogControl) {
  return { id: c.id, title: c.title, family: c.family, stakeholders: c.stakeholders, clause: c.clause.id };
}

function filterControls(catalog: Catalog, args: ParsedArgs): CatalogControl[] {
  const family = choice(args, 'family', Object.keys(CONTROL_FAMILIES) as ControlFamily[]);
  const stakeholder = choice(args, 'stakeholder', Object.keys(STAKEHOLDERS) as Stakeholder[]);
  const frameworkOption = string(args, 'framework');
  const framework = frameworkOption === undefined ? undefined : matchWord(frameworkOption, catalog.frameworks.keys());
  if (frameworkOption !== undefined && framework === undefined) {
    throw new UsageError(
      `unknown framework "${frameworkOption}"; ${didYouMean(frameworkOption, catalog.frameworks.keys()) ?? 'see `iotassure catalog frameworks`'}`,
    );
  }
  return [...catalog.controls.values()].filter(
    (c) =>
      (family === undefined || c.family === family) &&
      (stakeholder === undefined || c.stakeholders.includes(stakeholder)) &&
      (framework === undefined || catalog.mappingsOf(c).some((m) => m.target.startsWith(`${framework}:`))),
  );
}

function search(catalog: Catalog, text: string, args: ParsedArgs, io: CommandIO): number {
  if (!text.trim()) throw new UsageError('search needs some text');
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (haystack: string) => words.every((w) => haystack.toLowerCase().includes(w));
  const controls = filterControls(catalog, args).filter((c) =>
    matches([c.id, c.title, c.statement, c.purpose ?? '', ...(c.tags ?? [])].join(' ')),
  );
  const requirements = [...catalog.frameworks.values()].flatMap((f) =>
    [...f.requirements.values()].filter((r) => matches(`${r.ref} ${r.title} ${r.note ?? ''}`)),
  );
  const results = [
    ...controls.map((c) => ({ kind: 'control', id: c.id, title: c.title })),
    ...requirements.map((r) => ({ kind: 'requirement', id: r.ref, title: r.title })),
  ];
  return print(
    io,
    args,
    results,
    (r) => `${r.kind.padEnd(12)} ${r.id.padEnd(44)} ${r.title}`,
    `no matches for "${text}"; try fewer or shorter words, or \`iotassure catalog list\``,
  );
}

function show(catalog: Catalog, id: string | undefined, args: ParsedArgs, io: CommandIO): number {
  if (id === undefined)
    throw new UsageError('show needs an id: a control, framework:requirement, risk source or framework');
  const control = catalog.controls.get(id);
  if (control) return print(io, args, [control], () => describeControl(catalog, control));
  const requirement = catalog.requirement(id);
  if (requirement) {
    const covering = catalog.controlsFor(requirement.ref);
    const assessed = catalog.assessedRequirement(requirement);
    const testGroups = catalog.testGroupsFor(requirement.ref);
    return print(
      io,
      args,
      [
        {
          ...requirement,
          controls: covering.map((m) => ({
            id: m.control.id,
            relationship: m.mapping.relationship,
            rationale: m.mapping.rationale,
          })),
          ...(assessed ? { assesses: assessed.ref } : {}),
          ...(testGroups.length > 0
            ? {
                testCases: testGroups.flatMap(({ cases }) =>
                  cases.map((c) => ({ id: c.ref, title: c.title, testTypes: c.testTypes, checks: c.checks ?? [] })),
                ),
              }
            : {}),
        },
      ],
      () =>
        [
          `${requirement.ref} — ${requirement.title}`,
          requirement.status ? `status: ${requirement.status}` : '',
          requirement.conditions?.length ? `conditions: ${requirement.conditions.join(', ')}` : '',
          requirement.features?.length ? `features: ${requirement.features.join(', ')}` : '',
          requirement.securityLevel ? `security level: ${requirement.securityLevel} and above` : '',
          requirement.note ? `note: ${requirement.note}` : '',
          `confidence: ${requirement.confidence ?? catalog.frameworks.get(requirement.framework)?.confidence}`,
          assessed ? `assesses: ${assessed.ref} — ${assessed.title}` : '',
          requirement.testTypes ? `test type: ${requirement.testTypes.join(' and ')}` : '',
          requirement.inputs ? `inputs: ${requirement.inputs.join(', ')}` : '',
          requirement.checks ? `evidence from iotassure verify: ${requirement.checks.join(', ')}` : '',
          // a test has no controls of its own: the controls of what it assesses answer it
          assessed ? '' : covering.length === 0 ? 'covered by: no control' : 'covered by:',
          ...covering.map(
            (m) => `  ${m.control.id} (${m.mapping.relationship}) — ${m.mapping.rationale ?? m.control.title}`,
          ),
          ...testGroups.flatMap(({ group, cases }) => [
            `test cases (${group.framework} test group ${group.id}):`,
            ...cases.map(
              (c) =>
                `  ${c.id} (${c.testTypes?.join('/')}) — ${c.title}${c.checks ? ` [checks ${c.checks.join(', ')}]` : ''}`,
            ),
          ]),
        ]
          .filter(Boolean)
          .join('\n'),
    );
  }
  const riskSource = catalog.riskSources.get(id);
  if (riskSource) {
    return print(
      io,
      args,
      [riskSource],
      () => `${riskSource.id} — ${riskSource.title} (27400 §${riskSource.clause})\n${riskSource.description}`,
    );
  }
  const framework = catalog.frameworks.get(id);
  if (framework) {
    const { requirements, ...header } = framework;
    return print(io, args, [{ ...header, requirements: [...requirements.keys()] }], () =>
      [
        `${framework.id} — ${frameworkName(framework)}`,
        `publisher: ${framework.publisher}`,
        `licence: ${framework.licence}`,
        `provenance: ${framework.provenance.source}${framework.provenance.ref ? ` (${framework.provenance.ref})` : ''}`,
        `requirements: ${requirements.size}`,
      ].join('\n'),
    );
  }
  const known = [...catalog.controls.keys(), ...catalog.riskSources.keys(), ...catalog.frameworks.keys()];
  throw new UsageError(
    `nothing in the catalog has the id "${id}"; ${didYouMean(id, known) ?? 'try `iotassure catalog search`'}`,
  );
}

function delta(catalog: Catalog, id: string | undefined, args: ParsedArgs, io: CommandIO): number {
  const withPrevious = [...catalog.frameworks.values()].filter((f) => f.previousVersion).map((f) => f.id);
  const result = id === undefined ? undefined : versionDelta(catalog, id);
  if (!result) {
    throw new UsageError(`delta needs a framework with a previous version: ${withPrevious.join(', ') || '(none)'}`);
  }
  if (flag(args, 'json')) {
    io.stdout(`${JSON.stringify(result, (key, value) => (key === 'source' ? undefined : value), 2)}\n`);
    return 0;
  }
  const line = (r: { id: string; status?: string; title: string }) =>
    `  ${r.id.padEnd(10)} ${(r.status ?? '').padEnd(12)} ${r.title}`;
  const out = [
    `${result.from} → ${result.to}: ${result.unchanged} provisions unchanged`,
    '',
    `New (${result.added.length}):`,
  ];
  out.push(...result.added.map(line), '', `Renumbered or split (${result.replaced.length}):`);
  for (const g of result.replaced)
    out.push(`  ${g.previous.join(', ')} → ${g.current.map((r) => `${r.id} (${r.status})`).join(', ')}`);
  out.push('', `Status changed (${result.statusChanged.length}):`);
  out.push(
    ...result.statusChanged.map(
      (c) => `  ${c.requirement.id.padEnd(10)} ${c.previousStatus} → ${c.requirement.status}  ${c.requirement.title}`,
    ),
  );
  out.push('', `Removed (${result.removed.length}):`, ...result.removed.map(line));
  io.stdout(`${out.join('\n')}\n`);
  return 0;
}

function describeControl(catalog: Catalog, c: CatalogControl): string {
  const lines = [
    `${c.id} — ${c.title}`,
    `family ${c.family}, ISO/IEC 27400 ${c.clause.id} (confidence ${c.clause.confidence})`,
    `owed by: ${c.stakeholders.join(', ')}; stages: ${c.stages.join(', ')}; domains: ${c.domains.join(', ')}`,
    `applies: ${c.appliesWhen === undefined ? 'always' : `when ${describeCondition(c.appliesWhen)}`}`,
    '',
    c.statement,
  ];
  if (c.purpose) lines.push('', `Purpose: ${c.purpose}`);
  for (const [role, text] of Object.entries(c.guidance ?? {})) lines.push('', `Guidance for the ${role}: ${text}`);
  if (c.evidence?.length) lines.push('', 'Typical evidence:', ...c.evidence.map((e) => `  - ${e}`));
  if (c.verification)
    lines.push(
      '',
      `Verification: ${c.verification.methods.join(', ')}${c.verification.checks?.length ? ` (checks ${c.verification.checks.join(', ')})` : ''}`,
    );
  lines.push('', `Risk sources: ${c.riskSources.join(', ')}`, 'Satisfies:');
  for (const m of catalog.mappingsOf(c)) {
    const title = catalog.requirement(m.target)?.title ?? '';
    lines.push(`  ${m.target} (${m.relationship}) ${title}${m.rationale ? ` — ${m.rationale}` : ''}`);
  }
  return lines.join('\n');
}
