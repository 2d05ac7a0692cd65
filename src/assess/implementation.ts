/**
 * Implementation: the effective status of every control on every subject it concerns, computed once. Residual risk,
 * conformance, the statement of applicability, gaps, reports and `diff` all read these statuses; nothing else decides
 * whether a control is in place.
 *
 * A control is put in place at a level (catalog `implementedAt`): once for the organisation, per product, per element,
 * per flow or per data asset. Its subjects are the parts of the model at that level where its condition (`appliesWhen`)
 * holds or is unknown. On each subject the status comes from, in order:
 *  1. the model's status entry that covers the subject (an element's entry over its product's over the system's);
 *  2. else the model's facts: properties that establish the control (`establishedBy`) count as it being in place,
 *     "declared in the model", with the fact's line as evidence;
 *  3. evidence and checks then adjust it: a fact that says the control is absent, or a failed check, refutes a claim
 *     that it is in place; `verified` needs evidence that has not expired (else it counts as implemented); a passed
 *     check confirms an implemented control as verified.
 * Every disagreement between a status and the model's facts or evidence is a consistency finding.
 */
import type { CatalogControl } from '../catalog/catalog.js';
import { evaluateCondition, type Truth } from '../model/condition.js';
import type { Scope } from '../model/facts.js';
import { PROPERTY_DEFINITIONS, propertyValue, type Subject, type SubjectType } from '../model/properties.js';
import type { ModelControlState, ModelProduct } from '../model/types.js';
import type { ImplementationLevel } from '../model/vocabulary.js';
import type { SourcePosition } from '../util/diagnostics.js';
import type { EffectiveStatus, EvidenceRef, Finding, SubjectStatus } from './assessment.js';
import type { AssessContext, Observation } from './context.js';

/** A subject of a control with its status and the evidence for it. */
export interface SubjectImplementation extends SubjectStatus {
  evidence: EvidenceRef[];
  /** the status entry that covers the subject, if any */
  entry?: ModelControlState;
}

/** A control's status over a set of subjects (a product, or the system). */
export interface AggregateStatus {
  /** the weakest status among the subjects; undefined when the control concerns none of them */
  status?: EffectiveStatus;
  /** true when it is in effect on every subject where it surely applies, but not on one where it may apply */
  uncertain: boolean;
  subjects: readonly SubjectImplementation[];
  evidence: EvidenceRef[];
}

/** Elements that are never a subject of a control: people, outside parties and the physical world. */
const NOT_SUBJECTS = new Set(['user', 'external-party', 'physical-entity']);

/** How many subjects an evidence reference names at most; the subject statuses list them all. */
const EVIDENCE_SUBJECT_LIMIT = 100;

const RANK: Readonly<Record<EffectiveStatus, number>> = {
  refuted: 0,
  'not-started': 1,
  planned: 2,
  implemented: 3,
  verified: 4,
  'not-applicable': 5,
};
export const isInEffect = (status: EffectiveStatus | undefined): boolean =>
  status === 'implemented' || status === 'verified';

/** The weakest of some statuses; not-applicable only when all are. */
export function weakest(statuses: Iterable<EffectiveStatus>): EffectiveStatus | undefined {
  let worst: EffectiveStatus | undefined;
  for (const status of statuses) if (worst === undefined || RANK[status] < RANK[worst]) worst = status;
  return worst;
}

interface Entries {
  system?: ModelControlState;
  products: Map<string, ModelControlState>;
  elements: Map<string, ModelControlState>;
  flows: Map<string, ModelControlState>;
  dataAssets: Map<string, ModelControlState>;
}

function indexEntries(entries: readonly ModelControlState[]): Entries {
  const index: Entries = {
    products: new Map(),
    elements: new Map(),
    flows: new Map(),
    dataAssets: new Map(),
  };
  for (const entry of entries) {
    const scoped = [
      [entry.products, index.products],
      [entry.elements, index.elements],
      [entry.flows, index.flows],
      [entry.dataAssets, index.dataAssets],
    ] as const;
    if (scoped.every(([ids]) => ids === undefined)) index.system ??= entry;
    for (const [ids, map] of scoped) for (const id of ids ?? []) if (!map.has(id)) map.set(id, entry);
  }
  return index;
}

export class Implementation {
  /** per control: its subjects with their statuses */
  private readonly byControl = new Map<string, SubjectImplementation[]>();
  private readonly bySubject = new Map<string, Map<string, SubjectImplementation>>();
  readonly findings: Finding[] = [];

  constructor(private readonly ctx: AssessContext) {
    for (const control of ctx.catalog.controls.values()) this.implement(control);
  }

  /** Every subject of a control (where it applies or may apply), with its status. */
  subjectsOf(controlId: string): readonly SubjectImplementation[] {
    return this.byControl.get(controlId) ?? [];
  }

  /** The control's status on one subject, or undefined where it does not apply. */
  on(controlId: string, type: SubjectType, id: string): SubjectImplementation | undefined {
    return this.bySubject.get(controlId)?.get(`${type}:${id}`);
  }

  /**
   * The control over a product (its elements and associated services, their flows and data, the product itself),
   * or over the whole system when no product is given.
   */
  within(controlId: string, product?: ModelProduct): AggregateStatus {
    const key = `${controlId}|${product?.id ?? ''}`;
    let aggregate = this.aggregates.get(key);
    if (!aggregate) this.aggregates.set(key, (aggregate = this.aggregate(controlId, product)));
    return aggregate;
  }

  private readonly aggregates = new Map<string, AggregateStatus>();

  private aggregate(controlId: string, product?: ModelProduct): AggregateStatus {
    const all = this.subjectsOf(controlId);
    const subjects = product ? all.filter((s) => this.inProduct(s, product)) : all;
    const applicable = subjects.filter((s) => s.status !== 'not-applicable');
    const sure = applicable.filter((s) => !s.uncertain);
    const status =
      subjects.length === 0
        ? undefined
        : applicable.length === 0
          ? 'not-applicable'
          : weakest((sure.length > 0 ? sure : applicable).map((s) => s.status));
    const uncertain = applicable.some((s) => s.uncertain && !isInEffect(s.status)) && isInEffect(status);
    // One reference per piece of evidence, naming the subjects it speaks for (the first hundred).
    const evidence = new Map<string, { ref: EvidenceRef; subjects: Set<string> }>();
    for (const s of subjects) {
      for (const e of s.evidence) {
        let known = evidence.get(e.id);
        if (!known) evidence.set(e.id, (known = { ref: e, subjects: new Set() }));
        if (known.subjects.size < EVIDENCE_SUBJECT_LIMIT) known.subjects.add(s.subject);
      }
    }
    return {
      status,
      uncertain,
      subjects,
      evidence: [...evidence.values()].map(({ ref, subjects: named }) => ({ ...ref, subjects: [...named] })),
    };
  }

  /**
   * The control's status where a risk is: on that element, flow or data asset, or on the subjects at the control's
   * level that the risk's subject involves (a flow's two ends, an element's flows, the products of an element).
   */
  at(controlId: string, type: SubjectType, id: string): EffectiveStatus | undefined {
    const direct = this.on(controlId, type, id);
    if (direct) return direct.status;
    const related = this.related(controlId, type, id);
    return related.length > 0 ? weakest(related) : undefined;
  }

  private related(controlId: string, type: SubjectType, id: string): EffectiveStatus[] {
    const { graph } = this.ctx;
    const system = this.on(controlId, 'system', 'system');
    if (system) return [system.status];
    const statuses = (keys: [SubjectType, string][]) =>
      keys.flatMap(([t, i]) => {
        const s = this.on(controlId, t, i);
        return s ? [s.status] : [];
      });
    const elements =
      type === 'element'
        ? [id]
        : type === 'flow'
          ? [graph.flows.get(id)?.from, graph.flows.get(id)?.to].filter((e): e is string => e !== undefined)
          : type === 'data-asset'
            ? (graph.dataAssets.get(id)?.storedIn ?? [])
            : [];
    const products = elements
      .flatMap((e) => graph.productsOf.get(e) ?? [])
      .map((p): [SubjectType, string] => ['product', p.id]);
    const flows =
      type === 'element' && graph.elements.has(id)
        ? graph.flowsOf(graph.element(id)).map((f): [SubjectType, string] => ['flow', f.id])
        : [];
    const data = elements.flatMap((e) => (graph.elements.has(e) ? graph.dataStoredIn(graph.element(e)) : []));
    return statuses([
      ...elements.map((e): [SubjectType, string] => ['element', e]),
      ...products,
      ...flows,
      ...data.map((d): [SubjectType, string] => ['data-asset', d.id]),
    ]);
  }

  private inProduct(subject: SubjectImplementation, product: ModelProduct): boolean {
    if (subject.type === 'system') return true;
    if (subject.type === 'product') return subject.subject === product.id;
    return this.productParts(product).has(`${subject.type}:${subject.subject}`);
  }

  private readonly parts = new Map<string, ReadonlySet<string>>();

  /** The elements, flows and data assets of a product's scope, as `type:id` keys. */
  private productParts(product: ModelProduct): ReadonlySet<string> {
    let parts = this.parts.get(product.id);
    if (!parts) {
      const scope = this.ctx.graph.productScope(product);
      parts = new Set([
        ...scope.elements.map((e) => `element:${e.id}`),
        ...scope.flows.map((f) => `flow:${f.id}`),
        ...scope.dataAssets.map((d) => `data-asset:${d.id}`),
      ]);
      this.parts.set(product.id, parts);
    }
    return parts;
  }

  // -------------------------------------------------------------------------------------------------------------

  private implement(control: CatalogControl): void {
    const level: ImplementationLevel = control.implementedAt ?? 'organisation';
    const entries = indexEntries(this.ctx.model.assessment.controls.get(control.id) ?? []);
    const subjects: SubjectImplementation[] = [];
    const keyed = new Map<string, SubjectImplementation>();
    const pending = new Map<
      string,
      { kind: Finding['kind']; subjects: string[]; source: SourcePosition; message: string; action: string }
    >();
    for (const { subject, id, applies } of this.candidates(control, level)) {
      const entry = this.entryFor(entries, subject);
      const result = this.judge(control, subject, id, applies, entry, pending);
      subjects.push(result);
      keyed.set(`${result.type}:${id}`, result);
    }
    this.byControl.set(control.id, subjects);
    this.bySubject.set(control.id, keyed);
    for (const finding of pending.values()) {
      const named =
        finding.subjects.slice(0, 5).join(', ') +
        (finding.subjects.length > 5 ? ` and ${finding.subjects.length - 5} more` : '');
      this.findings.push({
        kind: finding.kind,
        control: control.id,
        subject: finding.subjects.length === 1 ? finding.subjects[0] : undefined,
        message: finding.message.replace('{subjects}', named),
        action: finding.action,
        source: finding.source,
      });
    }
  }

  /** The subjects at the control's level where its condition holds or is unknown. */
  private *candidates(
    control: CatalogControl,
    level: ImplementationLevel,
  ): Generator<{ subject: Subject; id: string; applies: Truth }> {
    const { graph, scopedFacts } = this.ctx;
    const judge = (key: string, scope: () => Scope): Truth =>
      control.appliesWhen === undefined
        ? true
        : evaluateCondition(control.appliesWhen, scopedFacts.lookup(key, scope)).holds;
    switch (level) {
      case 'organisation': {
        const applies = judge('system', () => graph.systemScope());
        if (applies !== false) yield { subject: { type: 'system' }, id: 'system', applies };
        return;
      }
      case 'product':
        for (const product of graph.model.products) {
          const applies = judge(`product:${product.id}`, () => graph.productScope(product));
          if (applies !== false) yield { subject: { type: 'product', product }, id: product.id, applies };
        }
        return;
      case 'element':
        for (const element of graph.model.elements) {
          if (NOT_SUBJECTS.has(element.kind)) continue;
          const applies = judge(`element:${element.id}`, () => graph.scopeOf([element]));
          if (applies !== false) yield { subject: { type: 'element', element }, id: element.id, applies };
        }
        return;
      case 'flow':
        for (const flow of graph.model.flows) {
          const applies = judge(`flow:${flow.id}`, () => graph.flowScope(flow));
          if (applies !== false) yield { subject: { type: 'flow', flow }, id: flow.id, applies };
        }
        return;
      case 'data-asset':
        for (const dataAsset of graph.model.dataAssets) {
          const applies = judge(`data:${dataAsset.id}`, () => graph.dataScope(dataAsset));
          if (applies !== false) yield { subject: { type: 'data-asset', dataAsset }, id: dataAsset.id, applies };
        }
        return;
    }
  }

  /** The status entry that covers a subject: the most specific one. */
  private entryFor(entries: Entries, subject: Subject): ModelControlState | undefined {
    const { graph } = this.ctx;
    const ofProducts = (elementIds: string[]) => {
      for (const id of elementIds) {
        for (const product of graph.productsOf.get(id) ?? []) {
          const entry = entries.products.get(product.id);
          if (entry) return entry;
        }
      }
      return undefined;
    };
    switch (subject.type) {
      case 'system':
        return entries.system;
      case 'product':
        return entries.products.get(subject.product.id) ?? entries.system;
      case 'element':
        return entries.elements.get(subject.element.id) ?? ofProducts([subject.element.id]) ?? entries.system;
      case 'flow': {
        const ends = [subject.flow.from, subject.flow.to];
        return (
          entries.flows.get(subject.flow.id) ??
          entries.flows.get(subject.flow.via ?? '') ??
          ends.map((e) => entries.elements.get(e)).find((e) => e !== undefined) ??
          ofProducts(ends) ??
          entries.system
        );
      }
      case 'data-asset':
        return entries.dataAssets.get(subject.dataAsset.id) ?? ofProducts(subject.dataAsset.storedIn) ?? entries.system;
    }
  }

  private judge(
    control: CatalogControl,
    subject: Subject,
    id: string,
    applies: Truth,
    entry: ModelControlState | undefined,
    pending: Map<
      string,
      { kind: Finding['kind']; subjects: string[]; source: SourcePosition; message: string; action: string }
    >,
  ): SubjectImplementation {
    const { ctx } = this;
    const note = (kind: Finding['kind'], key: string, source: SourcePosition, message: string, action: string) => {
      const found = pending.get(`${kind}|${key}`);
      if (found) found.subjects.push(id);
      else pending.set(`${kind}|${key}`, { kind, subjects: [id], source, message, action });
    };
    const base = {
      subject: id,
      type: subject.type,
      declared: entry?.status,
      uncertain: applies === 'unknown' || undefined,
    };
    const evidence = this.declaredEvidence(entry);
    if (entry?.status === 'not-applicable') {
      return {
        ...base,
        status: 'not-applicable',
        basis: 'declared',
        because: [`declared not applicable: ${entry.justification ?? ''}`],
        evidence,
        entry,
      };
    }
    const because: string[] = [];
    const property = this.property(control, subject);
    let status: EffectiveStatus = entry?.status ?? (property.holds === true ? 'implemented' : 'not-started');
    const basis = entry ? 'declared' : property.holds === true ? 'model' : 'none';
    if (property.holds === true) {
      because.push(`the model states ${property.title}`);
      evidence.push(...property.evidence);
      if (entry && (entry.status === 'planned' || entry.status === 'not-started')) {
        note(
          'contradiction',
          `${entry.source.line}|stated`,
          entry.source,
          `${control.id} is declared ${entry.status}, but the model states ${property.title} on {subjects}`,
          'correct the status, or the fact, so that they agree',
        );
      }
    } else if (property.holds === false) {
      because.push(`the model states it is not the case that ${property.title}`);
      if (status === 'implemented' || status === 'verified') {
        note(
          'contradiction',
          `${entry?.source.line}|absent`,
          property.where ?? entry!.source,
          `${control.id} is declared ${status}, but the model says it is not the case that ${property.title} on {subjects}`,
          `put ${control.id} in place there, or scope its status to where it holds (products: or elements:)`,
        );
        status = 'refuted';
      }
    }
    const observations = this.observationsAt(control.id, subject);
    const failed = observations.filter((o) => o.verdict === 'FAIL');
    const passed = observations.filter((o) => o.verdict === 'PASS');
    evidence.push(...observations.map(observationRef));
    if (failed.length > 0) {
      if (status === 'implemented' || status === 'verified') {
        because.push(`${failed.map((o) => o.check).join(', ')} failed`);
        note(
          'failed-check',
          failed.map((o) => o.check).join(','),
          entry?.source ?? ctx.model.system.source,
          `${control.id} is ${status === 'verified' ? 'declared verified' : 'in place'} on {subjects}, but ${failed.map((o) => `${o.check} on ${o.target}`).join(', ')} failed`,
          'fix what the check found and run `iotassure verify` again',
        );
        status = 'refuted';
      }
    } else if (passed.length > 0 && status === 'implemented') {
      because.push(`confirmed by ${passed.map((o) => o.check).join(', ')}`);
      status = 'verified';
    }
    if (status === 'verified' && basis === 'declared' && passed.length === 0) {
      const documents = evidence.filter((e) => e.kind !== 'model' && e.kind !== 'check');
      if (documents.length === 0) {
        because.push('verified without evidence: counted as implemented');
        note(
          'verified-without-evidence',
          `${entry!.source.line}`,
          entry!.source,
          `${control.id} is declared verified without evidence`,
          'attach the evidence of the verification (`evidence:`), or declare it implemented',
        );
        status = 'implemented';
      } else if (documents.every((e) => e.expired)) {
        because.push('its evidence has expired: counted as implemented');
        note(
          'expired-evidence',
          `${entry!.source.line}`,
          entry!.source,
          `the evidence for ${control.id} (${documents.map((e) => e.id).join(', ')}) expired before ${ctx.date}`,
          'renew the evidence (a new test or review) and record it with its new dates',
        );
        status = 'implemented';
      }
    } else if (evidence.some((e) => e.expired) && isInEffect(status)) {
      note(
        'expired-evidence',
        `${entry?.source.line}|part`,
        entry?.source ?? ctx.model.system.source,
        `some evidence for ${control.id} (${evidence
          .filter((e) => e.expired)
          .map((e) => e.id)
          .join(', ')}) expired before ${ctx.date}`,
        'renew the expired evidence',
      );
    }
    return { ...base, status, basis, because, evidence, entry };
  }

  /** The establishing properties of a control on a subject: held, failed or unknown, with where they are stated. */
  private property(
    control: CatalogControl,
    subject: Subject,
  ): { holds: Truth; title: string; where?: SourcePosition; evidence: EvidenceRef[] } {
    if (control.establishedBy === undefined) return { holds: 'unknown', title: '', evidence: [] };
    const { graph } = this.ctx;
    const read = new Map<string, { holds: Truth; where?: SourcePosition; title: string }>();
    const result = evaluateCondition(control.establishedBy, (id) => {
      let value = read.get(id);
      if (!value) {
        const definition = PROPERTY_DEFINITIONS.get(id)!;
        const answer = propertyValue(definition, definition.on === 'system' ? { type: 'system' } : subject, graph);
        value = { ...answer, title: definition.title };
        read.set(id, value);
      }
      return value;
    });
    const title = result.because.map((p) => p.title).join(' and ');
    const where = result.because.find((p) => p.where)?.where;
    const evidence: EvidenceRef[] =
      result.holds === true
        ? result.because
            .filter((p) => p.where)
            .map((p) => ({
              id: `model@${p.where!.line}`,
              kind: 'model',
              title: `declared in the model: ${p.title}`,
              location: `${p.where!.file}:${p.where!.line}`,
              source: p.where,
              expired: false,
            }))
        : [];
    return { holds: result.holds, title, where, evidence };
  }

  private declaredEvidence(entry: ModelControlState | undefined): EvidenceRef[] {
    return (entry?.evidence ?? []).flatMap((id) => {
      const evidence = this.ctx.evidence.get(id);
      if (!evidence) return [];
      return [
        {
          id: evidence.id,
          kind: evidence.kind,
          title: evidence.title,
          location: evidence.location,
          sha256: evidence.sha256,
          collected: evidence.collected,
          expires: evidence.expires,
          expired: evidence.expires !== undefined && evidence.expires < this.ctx.date,
        },
      ];
    });
  }

  /** Check results that speak about the control on this subject (by the element their target belongs to). */
  private observationsAt(controlId: string, subject: Subject): Observation[] {
    const observations = this.ctx.observationsByControl.get(controlId) ?? [];
    if (observations.length === 0) return [];
    const elements = subjectElements(subject);
    if (elements === 'all') return observations;
    return observations.filter((o) => o.element !== undefined && elements.has(o.element));
  }
}

/** The elements whose checks count for a subject: itself, a flow's receiver, a product's members, a data store. */
function subjectElements(subject: Subject): ReadonlySet<string> | 'all' {
  switch (subject.type) {
    case 'system':
      return 'all';
    case 'element':
      return new Set([subject.element.id]);
    case 'flow':
      return new Set([subject.flow.to]);
    case 'data-asset':
      return new Set(subject.dataAsset.storedIn);
    case 'product':
      return new Set([...subject.product.elements, ...subject.product.services]);
  }
}

function observationRef(o: Observation): EvidenceRef {
  return {
    id: o.id,
    kind: 'check',
    title: `${o.check} ${o.title} on ${o.target}: ${o.summary}`,
    location: o.target,
    collected: o.collected.slice(0, 10),
    expired: false,
    verdict: o.verdict,
    subjects: o.element ? [o.element] : undefined,
  };
}
