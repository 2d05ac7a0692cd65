/**
 * Questions: what the model does not say that a verdict depends on. Each names the model key to state, on which
 * element (or the template its elements share), why it matters (the rules that could not decide, the requirements
 * and controls left undetermined) — a list to fill in, or to send to a supplier as a questionnaire.
 */
import { FACT_DEFINITIONS, type FactResult } from '../model/facts.js';
import type { SystemGraph } from '../model/graph.js';
import type { ModelElement, ModelProduct } from '../model/types.js';
import { getOrCreate } from '../util/maps.js';
import type { ConformanceStatement, Question, ScopedControl, SubjectRef } from './assessment.js';
import type { OpenFact } from './conformance.js';
import type { UndecidedFinding } from './identify.js';
import { subjectRef } from './subjects.js';

interface Draft {
  key: string;
  fact: string;
  title: string;
  subject: SubjectRef;
  rules: Set<string>;
  requirements: Set<string>;
  controls: Set<string>;
}

/**
 * Where a key is to be stated for an element: on the element, or on its template when the element writes nothing of
 * that key itself (so a fleet of one template gets one question).
 */
function holderOf(
  graph: SystemGraph,
  element: ModelElement,
  key: string,
  templates: Map<string, SubjectRef>,
): SubjectRef {
  const top = topKey(key);
  if (element.template !== undefined && element.origin.template && !element.origin.own.has(top)) {
    let ref = templates.get(element.template);
    if (!ref) {
      ref = {
        id: element.template,
        type: 'template',
        name: `template ${element.template}`,
        source: graph.model.locate(element.origin.template),
      };
      templates.set(element.template, ref);
    }
    return ref;
  }
  return subjectRef(graph, element.id);
}

const topKeys = new Map<string, string>();
/** The element key a question's key starts with (`update` for `update.signed`). */
function topKey(key: string): string {
  let top = topKeys.get(key);
  if (top === undefined) {
    top = key.split(/[.[]/)[0]!;
    topKeys.set(key, top);
  }
  return top;
}

export function collectQuestions(
  graph: SystemGraph,
  undecided: readonly UndecidedFinding[],
  open: readonly OpenFact[],
  controls: readonly ScopedControl[],
  conformance: readonly ConformanceStatement[],
): Question[] {
  // by key, then by subject id: a fleet asks about 200 000 times at 10 000 elements, for a few thousand questions,
  // and looking up two strings the model already holds costs less than making a new one each time
  const drafts = new Map<string, Map<string, Draft>>();
  const ask = (key: string, fact: string, title: string, subject: SubjectRef): Draft => {
    const bySubject = getOrCreate(drafts, key, () => new Map<string, Draft>());
    let draft = bySubject.get(subject.id);
    if (!draft) {
      draft = { key, fact, title, subject, rules: new Set(), requirements: new Set(), controls: new Set() };
      bySubject.set(subject.id, draft);
    }
    return draft;
  };
  const templates = new Map<string, SubjectRef>();
  const holder = (id: string, key: string): SubjectRef => {
    const element = graph.elements.get(id);
    return element ? holderOf(graph, element, key, templates) : subjectRef(graph, id);
  };

  for (const finding of undecided) {
    for (const key of finding.keys) {
      ask(key, key, `state ${key}`, holder(finding.subject, key)).rules.add(finding.rule);
    }
  }
  // Many requirements and controls depend on the same open fact (of the system or a product): visit its open items
  // once per fact, not once per requirement or control.
  const byFact = new Map<FactResult, { requirements: Set<string>; controls: Set<string> }>();
  const dependents = (fact: FactResult) =>
    getOrCreate(byFact, fact, () => ({ requirements: new Set(), controls: new Set() }));
  for (const { fact, requirement } of open) dependents(fact).requirements.add(requirement);
  for (const control of controls) {
    if (control.applies !== 'unknown') continue;
    for (const fact of control.because) if (fact.holds === 'unknown') dependents(fact).controls.add(control.id);
  }
  for (const [fact, { requirements, controls: controlIds }] of byFact) {
    const key = FACT_DEFINITIONS.get(fact.id)?.asks;
    if (!key) continue;
    const drafts = new Set<Draft>();
    for (const item of fact.unknown) drafts.add(ask(key, fact.id, fact.title, holder(item, key)));
    for (const draft of drafts) {
      for (const requirement of requirements) draft.requirements.add(requirement);
      for (const control of controlIds) draft.controls.add(control);
    }
  }
  for (const statement of conformance) {
    for (const product of statement.products) {
      if (product.scope.applies !== 'unknown') continue;
      const model = graph.products.get(product.product)!;
      const key = model.markets === undefined ? 'markets' : 'category';
      ask(key, `product-${key}`, `the product's ${key}`, productRef(model)).requirements.add(statement.framework);
    }
  }
  return [...drafts.values()]
    .flatMap((bySubject) => [...bySubject.values()])
    .map((d) => ({
      id: `${d.key}:${d.subject.id}`,
      key: d.key,
      fact: d.fact,
      title: d.title,
      subjects: [d.subject],
      rules: [...d.rules].sort(),
      requirements: [...d.requirements].sort(),
      controls: [...d.controls].sort(),
    }))
    .sort((a, b) => weight(b) - weight(a) || a.id.localeCompare(b.id));
}

/** The more a question decides, the earlier it comes. */
const weight = (q: Question) => q.rules.length * 3 + q.requirements.length + q.controls.length;

function productRef(product: ModelProduct): SubjectRef {
  return { id: product.id, type: 'product', name: product.name, source: product.source };
}
