/**
 * The rule tester, in the spirit of ESLint's RuleTester: a rule's test is a table of model snippets that must raise it
 * (with the subjects, and the questions it asks where the model leaves a fact open) and snippets that must not. The
 * tester builds each model with the real loader and graph, runs the rule, and checks what every rule owes on every
 * finding: subjects and related ids that exist, a sentence for a message, a reason for every change to the default
 * likelihood or impact, questions only about keys the rule declares it asks, one risk per subject, and the same
 * answer twice (rules are pure).
 *
 * Built-in rules (through test/support/rule-tester.ts, one node:test case per row) and user rules written in YAML
 * (`iotassure rules test FILE`) run the same checks: each case answers with the problems it found, none when it passes.
 */
import { SystemGraph } from '../model/graph.js';
import { loadModelText } from '../model/load.js';
import type { SystemModel } from '../model/types.js';
import { formatDiagnostic, InputError } from '../util/diagnostics.js';
import type { RiskRule, RuleFinding } from './rule.js';

export interface ExpectedRisk {
  subject: string;
  related?: string[];
  /** compared when the key is present; `undefined` means the rule's default */
  likelihood?: number;
  impact?: number;
  message?: string | RegExp;
  adjustment?: string | RegExp;
}

export interface RuleCase {
  /** what the case shows (the test's name) */
  name: string;
  /** the model in YAML: `elements:` and what else the case needs; `system:` is added when missing */
  model: string;
  /** the risks it must raise, as subject ids or subjects with details (any order) */
  risks?: (string | ExpectedRisk)[];
  /** the questions it must ask instead of raising a risk: subject → the model keys to state */
  asks?: Record<string, string[]>;
}

export interface RuleTable {
  /** YAML put before every case's model: the zones or templates the cases share */
  shared?: string;
  /** models that must raise the rule */
  raises: RuleCase[];
  /** models that must not raise it (they may ask) */
  passes: RuleCase[];
  /** why `raises` is empty: the rule can only ask until the model can state what it looks for */
  onlyAsks?: string;
}

/** A case's model from its YAML, which needs only `elements` (a `system:` is added when it has none). */
export function snippetModel(yaml: string, file = 'test.yaml'): SystemModel {
  const text = /^system:/m.test(yaml) ? yaml : `system: { name: Test system, region: EU }\n${yaml}`;
  return loadModelText(file, text);
}

export const snippetGraph = (yaml: string): SystemGraph => new SystemGraph(snippetModel(yaml));

/** One check of a table: what it is called, and the problems it finds when run (none: it passes). */
export interface TableCheck {
  kind: 'table' | 'raises' | 'passes';
  name: string;
  run(): string[];
}

/** The checks of a rule's table: one for the table as a whole, then one per case, in order. */
export function ruleChecks(
  rule: RiskRule,
  table: RuleTable,
  build: (yaml: string) => SystemGraph = snippetGraph,
): TableCheck[] {
  return [
    { kind: 'table', name: 'has a table that can fail both ways', run: () => checkTable(rule, table) },
    ...table.raises.map((c) => caseCheck(rule, table, 'raises', c, build)),
    ...table.passes.map((c) => caseCheck(rule, table, 'passes', c, build)),
  ];
}

function checkTable(rule: RiskRule, table: RuleTable): string[] {
  const problems: string[] = [];
  if (table.passes.length === 0) problems.push('no model that must not raise it (`passes`)');
  if (table.onlyAsks && table.raises.length > 0) problems.push('a rule that only asks has no `raises` cases');
  if (!table.onlyAsks && table.raises.length === 0) {
    problems.push('no model that must raise it (`raises`), and no `onlyAsks` reason');
  }
  const asked = new Set([...table.raises, ...table.passes].flatMap((c) => Object.values(c.asks ?? {}).flat()));
  const untested = (rule.meta.asks ?? []).filter((key) => !asked.has(key));
  if (untested.length > 0) problems.push(`no case asks for ${untested.join(', ')}, which the rule may ask for`);
  return problems;
}

function caseCheck(
  rule: RiskRule,
  table: RuleTable,
  kind: 'raises' | 'passes',
  c: RuleCase,
  build: (yaml: string) => SystemGraph,
): TableCheck {
  return {
    kind,
    name: c.name,
    run() {
      let graph: SystemGraph;
      try {
        graph = build(`${table.shared ?? ''}\n${c.model}`);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return error.diagnostics.map((d) => `the case's model does not load: ${formatDiagnostic(d)}`);
      }
      const findings = rule.check(graph);
      const problems: string[] = [];
      if (JSON.stringify(rule.check(graph)) !== JSON.stringify(findings)) {
        problems.push('the same model gives other findings the second time (a rule must be pure)');
      }
      for (const finding of findings) problems.push(...checkFinding(rule, graph, finding));
      const risks = findings.filter((f) => f.unknown === undefined);
      const questions = findings.filter((f) => f.unknown !== undefined);
      if (kind === 'raises' && (c.risks ?? []).length === 0)
        problems.push('a `raises` case lists the risks it expects');
      if (kind === 'passes' && c.risks !== undefined) problems.push('a `passes` case expects no risks');
      problems.push(...compareRisks(rule, risks, c.risks ?? []));
      const found = Object.fromEntries(questions.map((q) => [q.subject, [...q.unknown!].sort()]));
      const wanted = Object.fromEntries(Object.entries(c.asks ?? {}).map(([s, keys]) => [s, [...keys].sort()]));
      if (canonical(found) !== canonical(wanted)) {
        problems.push(
          `questions: expected ${describeAsks(wanted)}, found ${describeAsks(found)}` +
            (questions.length > 0 ? ` (${questions.map((q) => q.message).join(' | ')})` : ''),
        );
      }
      return problems;
    },
  };
}

/** JSON with sorted keys, to compare subject → keys maps whatever their order. */
const canonical = (asks: Record<string, string[]>): string =>
  JSON.stringify(Object.entries(asks).sort(([a], [b]) => a.localeCompare(b)));

const describeAsks = (asks: Record<string, string[]>): string =>
  Object.keys(asks).length === 0
    ? 'none'
    : Object.entries(asks)
        .map(([subject, keys]) => `${subject} → ${keys.join(', ')}`)
        .join('; ');

function compareRisks(rule: RiskRule, found: RuleFinding[], expected: (string | ExpectedRisk)[]): string[] {
  const { likelihood, impact } = rule.meta;
  const problems: string[] = [];
  const subjects = found.map((f) => f.subject);
  if (new Set(subjects).size !== subjects.length)
    problems.push(`more than one risk on a subject: ${subjects.join(', ')}`);
  const wanted = expected.map((e) => (typeof e === 'string' ? { subject: e } : e));
  const sortedFound = [...subjects].sort().join(', ') || 'none';
  const sortedWanted = wanted
    .map((e) => e.subject)
    .sort()
    .join(', ');
  if (sortedFound !== (sortedWanted || 'none')) {
    problems.push(
      `risks: expected ${sortedWanted || 'none'}, found ${sortedFound}` +
        (found.length > 0 ? ` (${found.map((f) => f.message).join(' | ')})` : ''),
    );
    return problems;
  }
  for (const e of wanted) {
    const f = found.find((x) => x.subject === e.subject)!;
    const related = [...(f.related ?? [])].sort().join(', ');
    if (e.related && related !== [...e.related].sort().join(', ')) {
      problems.push(`${e.subject}: related expected ${e.related.join(', ')}, found ${related || 'none'}`);
    }
    for (const [key, base] of [
      ['likelihood', likelihood],
      ['impact', impact],
    ] as const) {
      if (!(key in e)) continue;
      const actual = f[key] ?? base;
      if (actual !== (e[key] ?? base))
        problems.push(`${e.subject}: ${key} expected ${e[key] ?? base}, found ${actual}`);
    }
    if (e.message && !matches(f.message, e.message)) {
      problems.push(`${e.subject}: message expected ${String(e.message)}, found "${f.message}"`);
    }
    if (e.adjustment && !matches(f.adjustment ?? '', e.adjustment)) {
      problems.push(`${e.subject}: adjustment expected ${String(e.adjustment)}, found "${f.adjustment ?? ''}"`);
    }
  }
  return problems;
}

const matches = (actual: string, expected: string | RegExp): boolean =>
  typeof expected === 'string' ? actual === expected : expected.test(actual);

/** What every finding of every rule owes its reader. */
function checkFinding(rule: RiskRule, graph: SystemGraph, f: RuleFinding): string[] {
  const { meta } = rule;
  const problems: string[] = [];
  const known = (id: string) =>
    graph.elements.has(id) ||
    graph.flows.has(id) ||
    graph.dataAssets.has(id) ||
    graph.products.has(id) ||
    graph.zones.has(id) ||
    graph.organisations.has(id) ||
    id === graph.systemId;
  if (!known(f.subject)) problems.push(`subject ${f.subject} is not an id in the model`);
  for (const id of f.related ?? []) if (!known(id)) problems.push(`related ${id} is not an id in the model`);
  if (!/^\S[\s\S]*[.?]$/.test(f.message)) problems.push(`the message is not a sentence: ${f.message}`);
  if (f.unknown) {
    if (f.unknown.length === 0) problems.push(`${f.subject}: a question names no keys to state`);
    if ((f.likelihood ?? f.impact) !== undefined) problems.push(`${f.subject}: a question has a rating`);
    for (const key of f.unknown) {
      if (!meta.asks?.includes(key)) problems.push(`${meta.id} asks for ${key} but its meta.asks does not list it`);
    }
    return problems;
  }
  for (const [value, base] of [
    [f.likelihood, meta.likelihood],
    [f.impact, meta.impact],
  ] as const) {
    if (value === undefined) continue;
    if (!(Number.isInteger(value) && value >= 1 && value <= 5)) {
      problems.push(`${f.subject}: rating ${value} is not on the 1–5 scale`);
    }
    if (value !== base && !f.adjustment)
      problems.push(`${f.subject}: a rating other than the default does not say why`);
  }
  return problems;
}
