import type { ConformanceStatement, ProvisionStatement, SystemProvision } from '../../assess/assessment.js';
import { loadCatalog } from '../../catalog/load.js';
import { frameworkProgress, summaryText, supportLabel } from '../../report/text.js';
import { didYouMean } from '../../util/suggest.js';
import {
  COMMON_OPTIONS,
  type CommandIO,
  type CommandSpec,
  flag,
  type ParsedArgs,
  string,
  strings,
  UsageError,
} from '../command.js';
import { runAssessment } from './assess.js';

export const coverageCommand: CommandSpec = {
  usage: '[FRAMEWORK...] [--model MODEL]',
  description:
    'With --model, each framework requirement is judged per product: applicable or not, and supported or not by the ' +
    'effective status of the controls its addressee owes; the system line is supported only where every product in ' +
    "scope is. Without it, the catalog's own coverage is shown: which requirements some control " +
    'maps to, and which are deliberately left uncovered (with the reason); for a test framework such as ETSI ' +
    'TS 103 701, where the evidence for each test case comes from (automated checks or the controls of the ' +
    'provision it tests).',
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
    product: { type: 'string', short: 'p', value: 'PRODUCT', description: 'with --model: one product only' },
    json: COMMON_OPTIONS.json,
  },
  examples: [
    { command: 'iotassure coverage --model system.yaml', description: 'progress in every framework' },
    {
      command: 'iotassure coverage etsi-en-303-645 --model system.yaml --details',
      description: 'EN 303 645 provision by provision',
    },
    { command: 'iotassure coverage eu-cra', description: 'which CRA Annex I items the catalog covers' },
    {
      command: 'iotassure coverage etsi-ts-103-701 --details',
      description: 'which EN 303 645 test cases `iotassure verify` gives evidence for',
    },
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
          assessment.conformance,
          wanted,
          assessment.conformance.map((c) => c.framework),
        ),
        productOption(
          args,
          assessment.system.products.map((p) => p.id),
        ),
      );
    }
    return catalogCoverage(io, args, wanted);
  },
};

function productOption(args: ParsedArgs, known: string[]): string | undefined {
  const product = string(args, 'product');
  if (product !== undefined && !known.includes(product))
    throw new UsageError(
      `unknown product "${product}"; ${didYouMean(product, known) ?? `products: ${known.join(', ')}`}`,
    );
  return product;
}

function select(coverage: ConformanceStatement[], wanted: string[], known: string[]): ConformanceStatement[] {
  for (const id of wanted) {
    if (!known.includes(id))
      throw new UsageError(`unknown framework "${id}"; ${didYouMean(id, known) ?? `frameworks: ${known.join(', ')}`}`);
  }
  return wanted.length === 0 ? coverage : coverage.filter((c) => wanted.includes(c.framework));
}

function report(io: CommandIO, args: ParsedArgs, statements: ConformanceStatement[], product?: string): number {
  if (flag(args, 'json')) {
    const chosen = product
      ? statements.map((c) => ({ ...c, products: c.products.filter((p) => p.product === product) }))
      : statements;
    io.stdout(`${JSON.stringify(chosen, null, 2)}\n`);
    return 0;
  }
  for (const c of statements) {
    const one = product ? c.products.find((p) => p.product === product) : undefined;
    if (one) {
      const line = one.scope.applies === false ? `out of scope — ${one.scope.reason}` : summaryText(one.summary);
      io.stdout(`${c.shortTitle} — ${one.name}: ${line}\n`);
    } else io.stdout(`${frameworkProgress(c)}\n`);
    if (!flag(args, 'details')) continue;
    const items = one ? one.provisions : c.provisions;
    // ids run from "I1" to "product-education-and-awareness.1": one column width per framework
    const width = Math.max(10, ...items.map((item) => item.id.length));
    for (const item of items) io.stdout(`${detailLine(item, width)}\n`);
  }
  return 0;
}

function detailLine(item: ProvisionStatement | SystemProvision, width: number): string {
  const support = item.applies === false ? 'not applicable' : supportLabel(item.support);
  return `  ${item.id.padEnd(width)} ${item.status.slice(0, 1).toUpperCase()} ${support.padEnd(14)} ${item.title}`;
}

/**
 * Catalog coverage: for each assessable requirement, whether a control maps to it or it is listed as uncovered; for
 * each test case of a test framework (ETSI TS 103 701), where its evidence comes from.
 */
function catalogCoverage(io: CommandIO, args: ParsedArgs, wanted: string[]): number {
  const catalog = loadCatalog(strings(args, 'catalog'));
  const frameworks = [...catalog.frameworks.values()].filter(
    (f) => catalog.assessableRequirements(f.id).length > 0 || catalog.testCases(f.id).length > 0,
  );
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
      controls: catalog
        .controlsFor(r.ref)
        .filter((m) => m.mapping.relationship !== 'complementary')
        .map((m) => m.control.id),
      uncoveredReason: uncovered.get(r.id),
    }));
    const testCases = catalog.testCaseCoverage(f.id);
    const count = (evidence: string) => testCases.filter((t) => t.evidence === evidence).length;
    return {
      framework: f.id,
      title: f.title,
      requirements: items.length,
      covered: items.filter((i) => i.controls.length > 0).length,
      explicitlyUncovered: items.filter((i) => i.controls.length === 0 && i.uncoveredReason).length,
      missing: items.filter((i) => i.controls.length === 0 && !i.uncoveredReason).map((i) => i.id),
      items,
      ...(testCases.length > 0
        ? {
            testCases: {
              total: testCases.length,
              automated: count('automated'),
              manual: count('manual'),
              explicitlyUncovered: count('uncovered'),
              missing: testCases.filter((t) => t.evidence === 'missing').map((t) => t.id),
              items: testCases,
            },
          }
        : {}),
    };
  });
  if (flag(args, 'json')) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  for (const r of rows) {
    if (r.requirements > 0) {
      io.stdout(
        `${r.framework}: ${r.covered} of ${r.requirements} requirements covered by controls, ${r.explicitlyUncovered} uncovered on purpose` +
          (r.missing.length ? `, ${r.missing.length} not covered: ${r.missing.join(', ')}` : '') +
          '\n',
      );
      if (flag(args, 'details')) {
        for (const i of r.items) {
          io.stdout(
            `  ${i.id.padEnd(10)} ${i.controls.length ? i.controls.join(', ') : `uncovered${i.uncoveredReason ? `: ${i.uncoveredReason}` : ''}`}\n`,
          );
        }
      }
    }
    if (r.testCases) {
      const t = r.testCases;
      io.stdout(
        `${r.framework}: ${t.total} test cases: ${t.automated} with automated checks, ${t.manual} by evidence on the controls of the provision they test, ${t.explicitlyUncovered} uncovered on purpose` +
          (t.missing.length ? `, ${t.missing.length} without evidence: ${t.missing.join(', ')}` : '') +
          '\n',
      );
      if (flag(args, 'details')) {
        for (const i of t.items) {
          const how =
            i.evidence === 'automated'
              ? `checks ${i.checks.join(', ')}`
              : i.evidence === 'manual'
                ? `controls of ${i.assesses}: ${i.controls.join(', ')}`
                : `uncovered${i.uncoveredReason ? `: ${i.uncoveredReason}` : ''}`;
          io.stdout(`  ${i.id.padEnd(10)} ${i.testTypes.join('/').padEnd(21)} ${how}\n`);
        }
      }
    }
  }
  return 0;
}
