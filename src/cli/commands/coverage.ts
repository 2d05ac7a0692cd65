import type { FrameworkCoverage } from '../../assess/assessment.js';
import { loadCatalog } from '../../catalog/load.js';
import { frameworkProgress } from '../../report/text.js';
import { didYouMean } from '../../util/suggest.js';
import {
  COMMON_OPTIONS,
  type CommandDefinition,
  type CommandIO,
  flag,
  type ParsedArgs,
  string,
  strings,
  UsageError,
} from '../command.js';
import { runAssessment } from './assess.js';

export const coverageCommand: CommandDefinition = {
  name: 'coverage',
  usage: '[FRAMEWORK...] [--model MODEL]',
  summary: "How far each framework is met: by a model's assessment state, or by the catalog's controls.",
  description:
    'With --model, each framework requirement is judged applicable or not for the system and supported or not by ' +
    "the model's control status. Without it, the catalog's own coverage is shown: which requirements some control " +
    'maps to, and which are deliberately left uncovered (with the reason).',
  positionals: [0, 100],
  options: {
    model: {
      type: 'string',
      short: 'm',
      value: 'MODEL',
      description: 'a system model whose assessment state to judge',
    },
    catalog: COMMON_OPTIONS.catalog,
    'allow-path': COMMON_OPTIONS['allow-path'],
    date: COMMON_OPTIONS.date,
    details: { type: 'boolean', short: 'd', description: 'list every requirement, not only the totals' },
    json: COMMON_OPTIONS.json,
  },
  examples: [
    { command: 'iotassure coverage --model system.yaml', description: 'progress in every framework' },
    {
      command: 'iotassure coverage etsi-en-303-645 --model system.yaml --details',
      description: 'EN 303 645 provision by provision',
    },
    { command: 'iotassure coverage eu-cra', description: 'which CRA Annex I items the catalog covers' },
  ],
  run(args, io) {
    const wanted = args.positionals;
    const model = string(args, 'model');
    if (model) {
      const assessment = runAssessment({ positionals: [model], values: args.values });
      return report(
        io,
        args,
        select(
          assessment.coverage,
          wanted,
          assessment.coverage.map((c) => c.framework),
        ),
      );
    }
    return catalogCoverage(io, args, wanted);
  },
};

function select(coverage: FrameworkCoverage[], wanted: string[], known: string[]): FrameworkCoverage[] {
  for (const id of wanted) {
    if (!known.includes(id))
      throw new UsageError(`unknown framework "${id}"; ${didYouMean(id, known) ?? `frameworks: ${known.join(', ')}`}`);
  }
  return wanted.length === 0 ? coverage : coverage.filter((c) => wanted.includes(c.framework));
}

function report(io: CommandIO, args: ParsedArgs, coverage: FrameworkCoverage[]): number {
  if (flag(args, 'json')) {
    io.stdout(`${JSON.stringify(coverage, null, 2)}\n`);
    return 0;
  }
  for (const c of coverage) {
    io.stdout(`${frameworkProgress(c)}\n`);
    if (!flag(args, 'details')) continue;
    for (const item of c.items) {
      io.stdout(
        `  ${item.id.padEnd(10)} ${item.status.slice(0, 1).toUpperCase()} ${item.applies ? item.support.padEnd(14) : 'not applicable'.padEnd(14)} ${item.title}\n`,
      );
    }
  }
  return 0;
}

/** Catalog coverage: for each assessable requirement, whether a control maps to it or it is listed as uncovered. */
function catalogCoverage(io: CommandIO, args: ParsedArgs, wanted: string[]): number {
  const catalog = loadCatalog(strings(args, 'catalog'));
  const frameworks = [...catalog.frameworks.values()].filter((f) => catalog.assessableRequirements(f.id).length > 0);
  const chosen = wanted.length === 0 ? frameworks : frameworks.filter((f) => wanted.includes(f.id));
  for (const id of wanted) {
    if (!frameworks.some((f) => f.id === id)) {
      throw new UsageError(
        `unknown framework "${id}"; ${
          didYouMean(
            id,
            frameworks.map((f) => f.id),
          ) ?? ''
        }`.trim(),
      );
    }
  }
  const rows = chosen.map((f) => {
    const uncovered = new Map((f.uncovered ?? []).map((u) => [u.id, u.reason]));
    const items = catalog.assessableRequirements(f.id).map((r) => ({
      id: r.id,
      title: r.title,
      controls: catalog.controlsFor(r.ref).map((m) => m.control.id),
      uncoveredReason: uncovered.get(r.id),
    }));
    return {
      framework: f.id,
      title: f.title,
      requirements: items.length,
      covered: items.filter((i) => i.controls.length > 0).length,
      explicitlyUncovered: items.filter((i) => i.controls.length === 0 && i.uncoveredReason).length,
      missing: items.filter((i) => i.controls.length === 0 && !i.uncoveredReason).map((i) => i.id),
      items,
    };
  });
  if (flag(args, 'json')) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  for (const r of rows) {
    io.stdout(
      `${r.framework}: ${r.covered} of ${r.requirements} requirements covered by controls, ${r.explicitlyUncovered} uncovered on purpose` +
        (r.missing.length ? `, ${r.missing.length} not covered: ${r.missing.join(', ')}` : '') +
        '\n',
    );
    if (!flag(args, 'details')) continue;
    for (const i of r.items) {
      io.stdout(
        `  ${i.id.padEnd(10)} ${i.controls.length ? i.controls.join(', ') : `uncovered${i.uncoveredReason ? `: ${i.uncoveredReason}` : ''}`}\n`,
      );
    }
  }
  return 0;
}
