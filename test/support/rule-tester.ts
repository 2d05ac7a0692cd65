/**
 * The rule tester, in the spirit of ESLint's RuleTester: a rule's test is a table of model snippets that must raise it
 * (with the subjects, and the questions it asks where the model leaves a fact open) and snippets that must not. The
 * tester builds each model with the real loader and graph, runs the rule, and checks what every rule owes on every
 * finding: subjects and related ids that exist, a sentence for a message, a reason for every change to the default
 * likelihood or impact, questions only about keys the rule declares it asks, one risk per subject, and the same
 * answer twice (rules are pure). Built-in rules and user rules written in YAML are tested the same way.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SystemGraph } from '../../src/model/graph.js';
import type { RiskRule, RuleFinding } from '../../src/rules/rule.js';
import { graphFrom } from './model.js';

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

export function testRule(rule: RiskRule, table: RuleTable, build: (yaml: string) => SystemGraph = graphFrom): void {
  const { meta } = rule;
  describe(`rule ${meta.id}`, () => {
    it('has a table that can fail both ways', () => {
      assert.ok(table.passes.length > 0, 'at least one model that must not raise it');
      if (table.onlyAsks) assert.equal(table.raises.length, 0, 'a rule that only asks has no `raises` cases');
      else assert.ok(table.raises.length > 0, 'at least one model that must raise it (or `onlyAsks` with a reason)');
      const asked = new Set([...table.raises, ...table.passes].flatMap((c) => Object.values(c.asks ?? {}).flat()));
      const untested = (meta.asks ?? []).filter((key) => !asked.has(key));
      assert.deepEqual(untested, [], 'every key the rule declares it asks for is asked in some case');
    });
    for (const [kind, cases] of [
      ['raises', table.raises],
      ['passes', table.passes],
    ] as const) {
      for (const c of cases) {
        it(`${kind}: ${c.name}`, () => {
          const graph = build(`${table.shared ?? ''}\n${c.model}`);
          const findings = rule.check(graph);
          assert.deepEqual(rule.check(graph), findings, 'the same model gives the same findings');
          for (const finding of findings) checkFinding(rule, graph, finding);
          const risks = findings.filter((f) => f.unknown === undefined);
          const questions = findings.filter((f) => f.unknown !== undefined);
          if (kind === 'raises') assert.ok((c.risks ?? []).length > 0, 'a `raises` case lists the risks it expects');
          else assert.equal(c.risks, undefined, 'a `passes` case expects no risks');
          compareRisks(meta.likelihood, meta.impact, risks, c.risks ?? []);
          assert.deepEqual(
            Object.fromEntries(questions.map((q) => [q.subject, [...q.unknown!].sort()])),
            Object.fromEntries(Object.entries(c.asks ?? {}).map(([s, keys]) => [s, [...keys].sort()])),
            `questions: ${questions.map((q) => q.message).join(' | ')}`,
          );
        });
      }
    }
  });
}

function compareRisks(likelihood: number, impact: number, found: RuleFinding[], expected: (string | ExpectedRisk)[]) {
  const subjects = found.map((f) => f.subject);
  assert.equal(new Set(subjects).size, subjects.length, `one risk per subject: ${subjects.join(', ')}`);
  const wanted = expected.map((e) => (typeof e === 'string' ? { subject: e } : e));
  assert.deepEqual(
    [...subjects].sort(),
    wanted.map((e) => e.subject).sort(),
    `risks: ${found.map((f) => f.message).join(' | ')}`,
  );
  for (const e of wanted) {
    const f = found.find((x) => x.subject === e.subject)!;
    if (e.related) assert.deepEqual([...(f.related ?? [])].sort(), [...e.related].sort(), `${e.subject}: related`);
    if ('likelihood' in e) assert.equal(f.likelihood ?? likelihood, e.likelihood ?? likelihood, `${e.subject}: L`);
    if ('impact' in e) assert.equal(f.impact ?? impact, e.impact ?? impact, `${e.subject}: impact`);
    if (e.message) matches(f.message, e.message, `${e.subject}: message`);
    if (e.adjustment) matches(f.adjustment ?? '', e.adjustment, `${e.subject}: adjustment`);
  }
}

function matches(actual: string, expected: string | RegExp, what: string): void {
  if (typeof expected === 'string') assert.equal(actual, expected, what);
  else assert.match(actual, expected, what);
}

/** What every finding of every rule owes its reader. */
function checkFinding(rule: RiskRule, graph: SystemGraph, f: RuleFinding): void {
  const { meta } = rule;
  const known = (id: string) =>
    graph.elements.has(id) ||
    graph.flows.has(id) ||
    graph.dataAssets.has(id) ||
    graph.products.has(id) ||
    graph.zones.has(id) ||
    graph.organisations.has(id) ||
    id === graph.systemId;
  assert.ok(known(f.subject), `subject ${f.subject} is an id in the model`);
  for (const id of f.related ?? []) assert.ok(known(id), `related ${id} is an id in the model`);
  assert.match(f.message, /^\S[\s\S]*[.?]$/, `the message is a sentence: ${f.message}`);
  if (f.unknown) {
    assert.ok(f.unknown.length > 0, `${f.subject}: a question names the keys to state`);
    assert.equal(f.likelihood ?? f.impact, undefined, `${f.subject}: a question has no rating`);
    for (const key of f.unknown) {
      assert.ok(meta.asks?.includes(key), `${meta.id} asks for ${key} but its meta.asks does not list it`);
    }
    return;
  }
  for (const [value, base] of [
    [f.likelihood, meta.likelihood],
    [f.impact, meta.impact],
  ] as const) {
    if (value === undefined) continue;
    assert.ok(Number.isInteger(value) && value >= 1 && value <= 5, `${f.subject}: rating ${value} on the 1–5 scale`);
    if (value !== base) assert.ok(f.adjustment, `${f.subject}: a rating other than the default says why`);
  }
}
