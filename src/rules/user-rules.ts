/**
 * Risk rules users write in YAML (`format: iotassure-rules`): a condition over the documented facts and properties of
 * one kind of subject (element, flow or data asset), with the risk source, threat categories, ratings and mitigating
 * controls of a built-in rule, and a test table. A rules file is validated like a model or catalog file (file, line,
 * what was found, what was expected, a "did you mean"), and each rule becomes a RiskRule judged the same three-valued
 * way as the built-in ones: a condition left open by the model is a question naming the facts, never a risk.
 */
import { z } from 'zod';
import type { Catalog } from '../catalog/catalog.js';
import { LINDDUN, RequirementRef, STRIDE } from '../catalog/vocabulary.js';
import { readSourceFile, type SourceDocument } from '../input/source.js';
import { sortDiagnostics, validateDocument } from '../input/validate.js';
import { type Condition, ConditionSchema, evaluateCondition, factsIn } from '../model/condition.js';
import { FACT_DEFINITIONS, judgeFact } from '../model/facts.js';
import type { SystemGraph } from '../model/graph.js';
import { PROPERTY_DEFINITIONS, propertyValue, type Subject } from '../model/properties.js';
import type { Scope, Truth } from '../model/types.js';
import { ELEMENT_KINDS, terms } from '../model/vocabulary.js';
import { type Diagnostic, InputError, type SourcePosition } from '../util/diagnostics.js';
import { didYouMean } from '../util/suggest.js';
import type { Rating, RiskRule, RuleFinding } from './rule.js';
import type { RuleTable } from './tester.js';
import { perWrittenFlow } from './zone-flows.js';

export const RULES_FORMAT = 'iotassure-rules';

const RatingSchema = z.number().int().min(1).max(5).describe('a whole number from 1 (lowest) to 5 (highest)');
const Id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case: lower-case letters and digits joined by hyphens');

const Case = z.strictObject({
  name: z.string().min(1).max(200).describe('what the case shows'),
  model: z.string().min(1).describe('a model snippet in YAML (a block scalar: `model: |`)'),
  risks: z.array(z.string()).min(1).optional().describe('the subjects it must raise the rule on'),
  asks: z
    .record(z.string(), z.array(z.string()).min(1))
    .optional()
    .describe('the questions it must ask: subject id → model keys'),
});

const Adjustment = z
  .strictObject({
    when: ConditionSchema.describe('a fact or property id, or all / any / not of conditions, on the same subject'),
    likelihood: RatingSchema.optional().describe('the likelihood where it holds, instead of the rule’s'),
    impact: RatingSchema.optional().describe('the impact where it holds, instead of the rule’s'),
    because: z.string().min(1).max(200).describe('why, in a few words; the risk’s explanation quotes it'),
  })
  .refine((a) => a.likelihood !== undefined || a.impact !== undefined, {
    message: 'an adjustment sets `likelihood`, `impact` or both',
  });

export const UserRuleSchema = z.strictObject({
  id: Id.max(80),
  title: z.string().min(1).max(70),
  description: z.string().min(1).max(2000),
  subject: z.enum(['element', 'flow', 'data-asset']).describe('what the rule judges, one at a time'),
  kinds: z
    .array(z.enum(terms(ELEMENT_KINDS)))
    .min(1)
    .optional()
    .describe('only elements of these kinds'),
  when: ConditionSchema.describe('a fact or property id, or all / any / not of conditions'),
  riskSource: z.string().min(1).describe('a risk source id of the catalog'),
  stride: z.array(z.enum(terms(STRIDE))).optional(),
  linddun: z.array(z.enum(terms(LINDDUN))).optional(),
  likelihood: RatingSchema,
  impact: RatingSchema,
  adjust: z
    .array(Adjustment)
    .min(1)
    .max(10)
    .optional()
    .describe('other ratings where a condition also holds (the highest of those that hold counts)'),
  mitigations: z.strictObject({
    primary: z.array(z.string()).min(1).max(4).describe('control ids that remove the cause'),
    supporting: z.array(z.string()).max(4).optional().describe('control ids that make the risk smaller'),
  }),
  references: z.array(RequirementRef).optional(),
  message: z.string().min(1).max(500).describe('a sentence; {id}, {name}, and {from} {to} for flows'),
  tests: z.strictObject({
    shared: z.string().optional().describe('YAML put before every case (zones, templates)'),
    raises: z.array(Case).min(1),
    passes: z.array(Case).min(1),
  }),
});
export type UserRuleDefinition = z.infer<typeof UserRuleSchema>;

export const RulesFile = z.strictObject({
  format: z.literal(RULES_FORMAT),
  formatVersion: z.string().regex(/^1\.\d+$/, 'a 1.x format version'),
  rules: z.array(UserRuleSchema).min(1),
});

/** A rule from a rules file: a RiskRule with its test table and where it is written. */
export interface UserRule extends RiskRule {
  origin: 'user';
  file: string;
  source: SourcePosition;
  tests: RuleTable;
}

/** A rules file to read: its path, and the name the user knows it by (the model's entry or the argument). */
export interface RulesSource {
  path: string;
  named: string;
}

/** The placeholders a message may use, per subject. */
const PLACEHOLDERS = {
  element: ['id', 'name', 'kind'],
  flow: ['id', 'name', 'from', 'to'],
  'data-asset': ['id', 'name'],
} as const;

/**
 * Reads, validates and compiles rules files; every problem in every file is reported at once. `builtIn` are the rules
 * a user rule's id must not take.
 */
export function loadUserRules(
  sources: readonly RulesSource[],
  catalog: Catalog,
  builtIn: readonly RiskRule[],
): UserRule[] {
  const diagnostics: Diagnostic[] = [];
  const taken = new Map<string, SourcePosition | undefined>(builtIn.map((r) => [r.meta.id, undefined]));
  const rules: UserRule[] = [];
  for (const source of sources) {
    let doc: SourceDocument;
    let file: z.infer<typeof RulesFile>;
    try {
      doc = readSourceFile(source.path);
      file = validateDocument(doc, RulesFile);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      diagnostics.push(...error.diagnostics);
      continue;
    }
    file.rules.forEach((definition, i) => {
      const problems = checkDefinition(definition, catalog);
      for (const { path, message, hint } of problems) {
        diagnostics.push({
          severity: 'error',
          file: doc.file,
          position: doc.locate(['rules', i, ...path]),
          path: `rules[${i}].${path.join('.')}`,
          message,
          hint,
        });
      }
      const position = doc.locate(['rules', i]);
      if (taken.has(definition.id)) {
        const first = taken.get(definition.id);
        diagnostics.push({
          severity: 'error',
          file: doc.file,
          position: doc.locate(['rules', i, 'id']),
          path: `rules[${i}].id`,
          message: first ? `duplicate rule id "${definition.id}"` : `"${definition.id}" is the id of a built-in rule`,
          hint: first
            ? `already defined at ${first.file}:${first.line}`
            : `start your rule ids with a prefix of your own, e.g. "acme-${definition.id}" (see \`iotassure docs rules\`)`,
        });
        return;
      }
      taken.set(definition.id, position);
      if (problems.length === 0) rules.push(compile(definition, source.named, position));
    });
  }
  if (diagnostics.length > 0) throw new InputError(sortDiagnostics(diagnostics));
  return rules;
}

interface Problem {
  path: (string | number)[];
  message: string;
  hint?: string;
}

/** What the schema cannot check: ids that must exist in the catalog, facts that fit the subject, the message. */
function checkDefinition(rule: UserRuleDefinition, catalog: Catalog): Problem[] {
  const problems: Problem[] = [];
  if (rule.kinds && rule.subject !== 'element') {
    problems.push({ path: ['kinds'], message: `\`kinds\` selects elements, but the rule judges ${A[rule.subject]}` });
  }
  const conditions: [(string | number)[], Condition][] = [
    [['when'], rule.when],
    ...(rule.adjust ?? []).map((a, i): [(string | number)[], Condition] => [['adjust', i, 'when'], a.when]),
  ];
  for (const [path, condition] of conditions) {
    for (const id of new Set(factsIn(condition))) {
      const problem = checkFact(id, rule.subject);
      if (problem) problems.push({ path, ...problem });
    }
  }
  if (!catalog.riskSources.has(rule.riskSource)) {
    problems.push({
      path: ['riskSource'],
      message: `unknown risk source "${rule.riskSource}"`,
      hint: didYouMean(rule.riskSource, catalog.riskSources.keys()) ?? '`iotassure docs catalog` lists risk sources',
    });
  }
  if ((rule.stride?.length ?? 0) + (rule.linddun?.length ?? 0) === 0) {
    problems.push({ path: [], message: 'no threat category', hint: 'name a `stride` or a `linddun` category' });
  }
  const controls = [...rule.mitigations.primary, ...(rule.mitigations.supporting ?? [])];
  controls.forEach((control, i) => {
    const list = i < rule.mitigations.primary.length ? 'primary' : 'supporting';
    const index = list === 'primary' ? i : i - rule.mitigations.primary.length;
    if (!catalog.controls.has(control)) {
      problems.push({
        path: ['mitigations', list, index],
        message: `unknown control "${control}"`,
        hint: didYouMean(control, catalog.controls.keys()) ?? '`iotassure catalog search TEXT` finds controls',
      });
    } else if (controls.indexOf(control) !== i) {
      problems.push({ path: ['mitigations', list, index], message: `control "${control}" is named twice` });
    }
  });
  (rule.references ?? []).forEach((ref, i) => {
    if (!catalog.requirement(ref)) {
      problems.push({
        path: ['references', i],
        message: `unknown requirement "${ref}"`,
        hint: '`iotassure catalog show FRAMEWORK:ID` shows a requirement',
      });
    }
  });
  const allowed: readonly string[] = PLACEHOLDERS[rule.subject];
  for (const [, name] of rule.message.matchAll(/\{([^}]*)\}/g)) {
    if (!allowed.includes(name!)) {
      problems.push({
        path: ['message'],
        message: `unknown placeholder {${name}}`,
        hint:
          didYouMean(name!, allowed) ??
          `a message about ${A[rule.subject]} may use ${allowed.map((p) => `{${p}}`).join(' ')}`,
      });
    }
  }
  if (!/[.?]$/.test(rule.message.trim())) {
    problems.push({ path: ['message'], message: 'the message is not a sentence', hint: 'end it with a full stop' });
  }
  return problems;
}

type SubjectKind = UserRuleDefinition['subject'];
const A: Readonly<Record<string, string>> = {
  element: 'an element',
  flow: 'a flow',
  'data-asset': 'a data asset',
  product: 'a product',
  system: 'the system',
};

/** A fact or property id a condition on `subject` may use; a property must be about that kind of subject. */
function checkFact(id: string, subject: SubjectKind): Omit<Problem, 'path'> | undefined {
  if (readerOf(id, subject)) return undefined;
  const property = PROPERTY_DEFINITIONS.get(id);
  if (property) {
    return {
      message: `property "${id}" is about ${A[property.on]}, but the rule judges ${A[subject]}`,
      hint: 'use a property of the same kind of subject, or a fact (`iotassure docs rules` lists both)',
    };
  }
  return {
    message: `unknown fact "${id}"`,
    hint:
      didYouMean(id, [...FACT_DEFINITIONS.keys(), ...PROPERTY_DEFINITIONS.keys()]) ??
      '`iotassure catalog facts` lists the facts; `iotassure docs rules` the properties',
  };
}

/** One subject a rule judges, with what its message and its questions need. */
interface Target {
  id: string;
  subject: Subject;
  scope(): Scope;
  related: string[];
  vars: Record<string, string>;
}

interface Reader {
  /** the model key that settles it, for the question when it is open */
  asks: string;
  title: string;
  judge(target: Target, graph: SystemGraph): Truth;
}

/**
 * How a condition's id is read on a subject: a property of the subject's own kind is read on the subject itself; a
 * fact is judged on the subject's scope (an element with the flows that touch it and the data it keeps; a flow with
 * its two ends and its data; a data asset with the elements that keep it and the flows that carry it), the same
 * scope on which controls apply per element. A property comes first where an id is both.
 */
function readerOf(id: string, subject: SubjectKind): Reader | undefined {
  const property = PROPERTY_DEFINITIONS.get(id);
  if (property?.on === subject) {
    return {
      asks: property.asks,
      title: property.title,
      judge: (t, g) => propertyValue(property, t.subject, g),
    };
  }
  const fact = FACT_DEFINITIONS.get(id);
  if (!fact) return undefined;
  return { asks: fact.asks ?? id, title: fact.title, judge: (t, g) => judgeFact(fact, g, t.scope()).holds };
}

function targets(graph: SystemGraph, rule: UserRuleDefinition): Target[] {
  switch (rule.subject) {
    case 'element': {
      const kinds = rule.kinds && new Set<string>(rule.kinds);
      return graph.model.elements
        .filter((e) => kinds === undefined || kinds.has(e.kind))
        .map((element) => ({
          id: element.id,
          subject: { type: 'element', element },
          scope: () => graph.scopeOf([element]),
          related: [],
          vars: { id: element.id, name: element.name, kind: element.kind },
        }));
    }
    case 'flow':
      return graph.model.flows.map((flow) => ({
        id: flow.id,
        subject: { type: 'flow', flow },
        scope: () => graph.flowScope(flow),
        related: [flow.from, flow.to],
        vars: {
          id: flow.id,
          name: `the flow from ${graph.element(flow.from).name} to ${graph.element(flow.to).name}`,
          from: graph.element(flow.from).name,
          to: graph.element(flow.to).name,
        },
      }));
    case 'data-asset':
      return graph.model.dataAssets.map((dataAsset) => ({
        id: dataAsset.id,
        subject: { type: 'data-asset', dataAsset },
        scope: () => graph.dataScope(dataAsset),
        related: [...dataAsset.storedIn],
        vars: { id: dataAsset.id, name: dataAsset.name },
      }));
  }
}

function compile(rule: UserRuleDefinition, file: string, source: SourcePosition): UserRule {
  const readers = new Map([...new Set(factsIn(rule.when))].map((id) => [id, readerOf(id, rule.subject)!]));
  const adjustments = (rule.adjust ?? []).map((a) => ({
    ...a,
    readers: new Map([...new Set(factsIn(a.when))].map((id) => [id, readerOf(id, rule.subject)!])),
  }));
  const meta = {
    id: rule.id,
    title: rule.title,
    description: rule.description,
    riskSource: rule.riskSource,
    stride: rule.stride,
    linddun: rule.linddun,
    likelihood: rule.likelihood as Rating,
    impact: rule.impact as Rating,
    mitigations: rule.mitigations.primary,
    supporting: rule.mitigations.supporting,
    references: rule.references,
    asks: [...new Set([...readers.values()].map((r) => r.asks))],
  };
  const check = (graph: SystemGraph): RuleFinding[] => {
    const findings = targets(graph, rule).flatMap((target) => judge(rule.when, target, graph));
    return rule.subject === 'flow' ? perWrittenFlow(graph, meta, findings) : findings;
  };
  const judge = (when: Condition, target: Target, graph: SystemGraph): RuleFinding[] => {
    const result = evaluateCondition(when, (id) => ({ id, holds: readers.get(id)!.judge(target, graph) }));
    if (result.holds === false) return [];
    if (result.holds === true) {
      const message = rule.message.trim().replace(/\{(\w+)\}/g, (_, name: string) => target.vars[name] ?? '');
      return [{ subject: target.id, related: target.related, message, ...ratingsAt(target, graph) }];
    }
    const open = [...new Set(result.because.map((f) => f.id))];
    return [
      {
        subject: target.id,
        unknown: [...new Set(open.map((id) => readers.get(id)!.asks))],
        message: `Whether ${target.vars.name} raises "${rule.title}" depends on what the model does not state: ${open
          .map((id) => `${id} (${readers.get(id)!.title})`)
          .join('; ')}.`,
      },
    ];
  };
  /**
   * The ratings where adjustments hold: the highest of each among them. An adjustment the model leaves open does not
   * count (the rule's own rating stands, as for a built-in rule's context).
   */
  const ratingsAt = (target: Target, graph: SystemGraph): Pick<RuleFinding, 'likelihood' | 'impact' | 'adjustment'> => {
    const holding = adjustments.filter(
      (a) => evaluateCondition(a.when, (id) => ({ id, holds: a.readers.get(id)!.judge(target, graph) })).holds === true,
    );
    if (holding.length === 0) return {};
    const highest = (key: 'likelihood' | 'impact') => {
      const values = holding.flatMap((a) => (a[key] === undefined ? [] : [a[key]]));
      return values.length === 0 ? undefined : (Math.max(...values) as Rating);
    };
    return {
      likelihood: highest('likelihood'),
      impact: highest('impact'),
      adjustment: holding.map((a) => a.because).join('; '),
    };
  };
  return {
    meta,
    origin: 'user',
    file,
    source,
    check,
    tests: rule.tests,
  };
}
