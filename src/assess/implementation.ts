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
 *
 * Subjects that reach the same conclusion for the same reasons (the same entry, the same facts, the same checks) share
 * one judgement: a fleet of ten thousand cameras of one template, or of thirty thousand flows that each state their
 * protocol on their own line, is a handful of judgements, so the cost grows with the model's variety rather than its
 * size. Where each subject states its facts is kept per subject, and each statement is evidence for the subjects
 * that make it.
 */
import type { CatalogControl } from '../catalog/catalog.js';
import { type Condition, evaluateCondition, factsIn, type Truth } from '../model/condition.js';
import type { Scope } from '../model/facts.js';
import {
  PROPERTY_DEFINITIONS,
  propertyValue,
  propertyWhere,
  type Subject,
  type SubjectType,
} from '../model/properties.js';
import type { ModelControlState, ModelEvidence, ModelProduct } from '../model/types.js';
import type { ImplementationLevel } from '../model/vocabulary.js';
import type { SourcePosition } from '../util/diagnostics.js';
import { getOrCreate } from '../util/maps.js';
import { extend } from '../util/objects.js';
import {
  type ControlStatus,
  type EffectiveStatus,
  type EvidenceRef,
  type Finding,
  isInEffect,
  type SubjectStatus,
} from './assessment.js';
import type { AssessContext, Observation } from './context.js';
import { type LevelParts, PartFacts, type PartLevel, truthOfCode } from './part-facts.js';

/** A control's status and why, shared by the subjects that reach it for the same reasons. */
export interface Judgement {
  status: EffectiveStatus;
  /** the status the model declares, if any */
  declared?: ControlStatus;
  basis: SubjectStatus['basis'];
  because: string[];
  evidence: EvidenceRef[];
  /** the status entry it comes from, if any */
  entry?: ModelControlState;
  /** true when the model states what establishes the control: each subject's statements are then evidence too */
  stated: boolean;
}

/** Subjects of one type that share a judgement: those where the control surely applies, and those where it may. */
interface SubjectGroup {
  type: SubjectType;
  judgement: Judgement;
  /** part indices at the control's level */
  sure: Int32Array;
  uncertain: Int32Array;
}

/** A group as its subjects are found, one by one. */
interface GrowingGroup {
  type: SubjectType;
  judgement: Judgement;
  sure: number[];
  uncertain: number[];
}

/**
 * A group as it is kept, its part indices at their exact length in 4 bytes each: a fleet's controls hold millions
 * (10 million at 100 000 elements, 8 bytes and room to grow each in arrays).
 */
function kept(group: GrowingGroup): SubjectGroup {
  return { ...group, sure: Int32Array.from(group.sure), uncertain: Int32Array.from(group.uncertain) };
}

/** A control's status over a set of subjects (a product, or the system). */
export interface AggregateStatus {
  /** the weakest status among the subjects; undefined when the control concerns none of them */
  status?: EffectiveStatus;
  /** true when it is in effect on every subject where it surely applies, but not on one where it may apply */
  uncertain: boolean;
  /** how many subjects it concerns, and how many per status */
  count: number;
  byStatus: Record<string, number>;
  /** the first few subjects where it applies and is not in effect (reports name a few), and how many there are */
  notInEffect: string[];
  notInEffectCount: number;
  evidence: EvidenceRef[];
  /** the justifications of not-applicable entries among them */
  justifications: string[];
}

/** The type of the subjects at each implementation level. */
const SUBJECT_TYPE: Readonly<Record<ImplementationLevel, SubjectType>> = {
  organisation: 'system',
  product: 'product',
  element: 'element',
  flow: 'flow',
  'data-asset': 'data-asset',
};

/** Elements that are never a subject of a control: people, outside parties and the physical world. */
const NOT_SUBJECTS = new Set(['user', 'external-party', 'physical-entity']);

/** How many subjects an aggregate names where a control is not in effect; the subject statuses list them all. */
const NOT_IN_EFFECT_LISTED = 10;

/** How many subjects an evidence reference names at most; the subject statuses list them all. */
const EVIDENCE_SUBJECT_LIMIT = 100;

/** What an aggregate reads of a control's parts: their ids, and the model's statements that establish it on each. */
interface PartView {
  id(index: number): string;
  stated(index: number): readonly EvidenceRef[];
}

const RANK: Readonly<Record<EffectiveStatus, number>> = {
  refuted: 0,
  'not-started': 1,
  planned: 2,
  implemented: 3,
  verified: 4,
  'not-applicable': 5,
};

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
  const index: Entries = { products: new Map(), elements: new Map(), flows: new Map(), dataAssets: new Map() };
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

/** A finding being collected over the subjects of one control that share its cause. */
interface PendingFinding {
  kind: Finding['kind'];
  subjects: string[];
  source: SourcePosition;
  message: string;
  action: string;
}

interface ControlState {
  level: ImplementationLevel;
  view: PartView;
  groups: SubjectGroup[];
  /** by part index: 0 where the control does not apply, else its group's number + 1, negative where uncertain */
  byPart?: Int8Array | Int16Array | Int32Array;
  /** product index → each group's subjects within that product, as groups; built on first lookup */
  byProduct?: SubjectGroup[][];
  aggregates: Map<string, AggregateStatus>;
}

export class Implementation {
  private readonly controls = new Map<string, ControlState>();
  readonly findings: Finding[] = [];
  /** per coarse level (organisation, product) and condition: its answer on each part, by index */
  private readonly conditionCache = new Map<string, Truth[]>();
  private readonly conditionKeys = new Map<CatalogControl, string>();
  /** per level and establishing condition: what the model's properties say on each part, by index */
  private readonly propertyCache = new Map<string, Property[]>();
  private readonly propertyKeys = new Map<CatalogControl, string>();
  /** one object per distinct property answer, so that judgements that rest on the same one are recognised */
  private readonly propertyAnswers = new Map<string, Property>();
  /** small numbers for entries and properties, so that judgement keys are cheap to build */
  private readonly ids = new Map<object, number>();
  private readonly partFacts: PartFacts;

  constructor(private readonly ctx: AssessContext) {
    this.partFacts = new PartFacts(ctx.graph, ctx.scopedFacts, (level) => this.levelParts(level));
    for (const control of ctx.catalog.controls.values()) this.implement(control);
    // What implementing the controls needed and nothing after it reads: each part's scope and properties (21 MB at
    // 10 000 elements, otherwise held to the end of the assessment). Asked again, they would be made again.
    this.levels.clear();
    this.propertyParts.clear();
    this.propertyCache.clear();
    this.conditionCache.clear();
  }

  /** The control's status on one subject, or undefined where it does not apply. */
  on(controlId: string, type: SubjectType, id: string): { status: EffectiveStatus; uncertain: boolean } | undefined {
    const state = this.controls.get(controlId);
    if (!state || SUBJECT_TYPE[state.level] !== type) return undefined;
    const index = this.partIndex(state.level).get(id);
    if (index === undefined) return undefined;
    const found = this.byPart(state)[index]!;
    if (found === 0) return undefined;
    return { status: state.groups[Math.abs(found) - 1]!.judgement.status, uncertain: found < 0 };
  }

  /** Each part's group (its number + 1, negative where uncertain, 0 where the control does not apply), built once. */
  private byPart(state: ControlState): Int8Array | Int16Array | Int32Array {
    if (!state.byPart) {
      // As small as the number of groups allows: most controls have a handful.
      const groups = state.groups.length;
      const size = this.partsAt(state.level).length;
      const byPart =
        groups < 2 ** 7 ? new Int8Array(size) : groups < 2 ** 15 ? new Int16Array(size) : new Int32Array(size);
      state.groups.forEach((group, g) => {
        const { sure, uncertain } = group;
        for (const i of sure) byPart[i] = g + 1;
        for (const i of uncertain) byPart[i] = -(g + 1);
      });
      state.byPart = byPart;
    }
    return state.byPart;
  }

  /**
   * Statuses of a control's subjects one by one, in the model's order, for reports: all of them, or only those not
   * in effect.
   */
  statuses(controlId: string, only: 'all' | 'not-in-effect', limit: number): SubjectStatus[] {
    const state = this.controls.get(controlId);
    if (!state) return [];
    const out: SubjectStatus[] = [];
    const parts = this.partsAt(state.level);
    const byPart = this.byPart(state);
    for (let i = 0; i < byPart.length && out.length < limit; i++) {
      const found = byPart[i]!;
      if (found === 0) continue;
      const group = state.groups[Math.abs(found) - 1]!;
      const { judgement } = group;
      if (only === 'not-in-effect' && (isInEffect(judgement.status) || judgement.status === 'not-applicable')) continue;
      out.push({
        subject: parts[i]!.id,
        type: group.type,
        status: judgement.status,
        declared: judgement.declared,
        basis: judgement.basis,
        because: judgement.because,
        ...(found < 0 ? { uncertain: true } : {}),
      });
    }
    return out;
  }

  /**
   * The control over a product (its elements and associated services, their flows and data, the product itself),
   * or over the whole system when no product is given.
   */
  within(controlId: string, product?: ModelProduct): AggregateStatus {
    const state = this.controls.get(controlId);
    if (!state) return aggregate([], NO_PARTS);
    const key = product?.id ?? '';
    let result = state.aggregates.get(key);
    if (!result) {
      result = aggregate(product ? this.groupsIn(state, product) : state.groups, state.view);
      state.aggregates.set(key, result);
    }
    return result;
  }

  /**
   * The control's status where a risk is: on that element, flow or data asset, or on the subjects at the control's
   * level that the risk's subject involves (a flow's two ends, an element's flows, the products of an element).
   */
  at(controlId: string, type: SubjectType, id: string): EffectiveStatus | undefined {
    const state = this.controls.get(controlId);
    if (!state) return undefined;
    const level = SUBJECT_TYPE[state.level];
    if (level === type) {
      const direct = this.on(controlId, type, id);
      if (direct) return direct.status;
    }
    if (level === 'system') return this.on(controlId, 'system', 'system')?.status;
    // Only the related subjects at the control's own level can have a status: those alone are looked up (this runs
    // for every mitigating control of every risk).
    const { graph } = this.ctx;
    let worst: EffectiveStatus | undefined;
    const consider = (subjectId: string) => {
      const found = this.on(controlId, level, subjectId);
      if (found && (worst === undefined || RANK[found.status] < RANK[worst])) worst = found.status;
    };
    const relatedTo = (elementId: string) => {
      if (level === 'element') return consider(elementId);
      if (level === 'product') {
        for (const p of graph.productsOf.get(elementId) ?? []) consider(p.id);
        return;
      }
      const element = graph.elements.get(elementId);
      if (!element) return;
      if (level === 'data-asset') for (const d of graph.dataStoredIn(element)) consider(d.id);
      else if (type === 'element') for (const f of graph.flowsOf(element)) consider(f.id);
    };
    if (type === 'element') relatedTo(id);
    else if (type === 'flow') {
      const flow = graph.flows.get(id);
      if (flow) {
        relatedTo(flow.from);
        relatedTo(flow.to);
      }
    } else if (type === 'data-asset') for (const e of graph.dataAssets.get(id)?.storedIn ?? []) relatedTo(e);
    return worst;
  }

  /** A control's groups within a product: each group's subjects there (split once per control, on first use). */
  private groupsIn(state: ControlState, product: ModelProduct): readonly SubjectGroup[] {
    if (!state.byProduct) {
      const { products } = this.ctx.model;
      const byProduct: GrowingGroup[][] = products.map(() => []);
      const productsOf = this.productsOfParts(state.level);
      for (const group of state.groups) {
        const ofGroup: (GrowingGroup | undefined)[] = [];
        const place = (indices: Int32Array, list: 'sure' | 'uncertain') => {
          for (const i of indices) {
            for (const p of productsOf[i]!) {
              let part = ofGroup[p];
              if (!part) {
                part = { type: group.type, judgement: group.judgement, sure: [], uncertain: [] };
                ofGroup[p] = part;
                byProduct[p]!.push(part);
              }
              part[list].push(i);
            }
          }
        };
        place(group.sure, 'sure');
        place(group.uncertain, 'uncertain');
      }
      state.byProduct = byProduct.map((groups) => groups.map(kept));
    }
    return state.byProduct[this.productIndex(product)] ?? [];
  }

  private productIndex(product: ModelProduct): number {
    this.productIndexes ??= new Map(this.ctx.model.products.map((p, i) => [p, i]));
    return this.productIndexes.get(product) ?? -1;
  }

  private productIndexes: Map<ModelProduct, number> | undefined;

  /** The products each part of a level belongs to (as indices in the model's products), by part index. */
  private productsOfParts(level: ImplementationLevel): (readonly number[])[] {
    return getOrCreate(this.partProducts, level, () => {
      const { products } = this.ctx.model;
      if (level === 'organisation') return [products.map((_, i) => i)];
      if (level === 'product') return products.map((_, i) => [i]);
      const index = this.ctx.graph.productsOfPart(level);
      // The graph shares each list of products among the parts that have it: so are the lists of their indices.
      const indices = new Map<readonly ModelProduct[], readonly number[]>();
      const none: readonly number[] = [];
      return this.partsAt(level).map((part) => {
        const of = index.get(part.id);
        if (of === undefined) return none;
        let found = indices.get(of);
        if (found === undefined) {
          found = of.map((p) => this.productIndex(p));
          indices.set(of, found);
        }
        return found;
      });
    });
  }

  private readonly partProducts = new Map<ImplementationLevel, (readonly number[])[]>();

  // -------------------------------------------------------------------------------------------------------------

  private implement(control: CatalogControl): void {
    const level: ImplementationLevel = control.implementedAt ?? 'organisation';
    const entries = indexEntries(this.ctx.model.assessment.controls.get(control.id) ?? []);
    const groups = new Map<string | number, GrowingGroup>();
    const pending = new Map<string, PendingFinding>();
    // The findings each judgement raised: a subject that shares the judgement is named in them too.
    const raised = new Map<GrowingGroup, PendingFinding[]>();
    const parts = this.partsAt(level);
    const applies = this.applicability(control, level);
    const properties = this.properties(control, level);
    const checked = this.ctx.observationsByControl.has(control.id);
    // Parts come in long runs with the same entry and property (a fleet of one template, flows written alike): while
    // no check speaks, a part like the one before joins its group without a key or a lookup.
    let runEntry: ModelControlState | undefined;
    let runProperty: Property | undefined;
    let runGroup: GrowingGroup | undefined;
    let runNotes: PendingFinding[] = [];
    for (let i = 0; i < parts.length; i++) {
      const holds = applies(i);
      if (holds === false) continue;
      const { subject, id } = parts[i]!;
      const entry = this.entryFor(entries, subject);
      const property = properties.at(i);
      const observations = checked ? this.observationsAt(control.id, subject) : NO_OBSERVATIONS;
      let group: GrowingGroup;
      if (runGroup && observations.length === 0 && entry === runEntry && property === runProperty) {
        group = runGroup;
        for (const finding of runNotes) finding.subjects.push(id);
      } else {
        // A number while no check speaks (the common case): no string built per subject.
        const key =
          observations.length === 0
            ? this.idOf(entry) * 2 ** 26 + this.idOf(property)
            : `${this.idOf(entry)}|${this.idOf(property)}|${observations.map((o) => o.id).join(',')}`;
        const found = groups.get(key);
        if (!found) {
          runNotes = [];
          const where = properties.statedAt(i, property).find((p) => p !== undefined);
          const judgement = this.judge(control, entry, property, where, observations, noter(pending, runNotes, id));
          group = { type: subject.type, judgement, sure: [], uncertain: [] };
          groups.set(key, group);
          raised.set(group, runNotes);
        } else {
          group = found;
          runNotes = raised.get(group)!;
          for (const finding of runNotes) finding.subjects.push(id);
        }
        runGroup = observations.length === 0 ? group : undefined;
        runEntry = entry;
        runProperty = property;
      }
      const uncertain = holds === 'unknown';
      (uncertain ? group.uncertain : group.sure).push(i);
    }
    // Each part's statements, built when an aggregate first asks (every product's aggregate asks again).
    const stated: (readonly EvidenceRef[])[] = [];
    const view: PartView = {
      id: (i) => parts[i]!.id,
      stated: (i) => {
        let refs = stated[i];
        if (!refs) {
          const property = properties.at(i);
          refs = property.holds === true ? this.statements(property, properties.statedAt(i, property)) : [];
          stated[i] = refs;
        }
        return refs;
      },
    };
    this.controls.set(control.id, { level, view, groups: [...groups.values()].map(kept), aggregates: new Map() });
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

  private idOf(thing: object | undefined): number {
    if (thing === undefined) return 0;
    // Not getOrCreate: this runs twice per subject of every control, and its closure was an allocation each time.
    let id = this.ids.get(thing);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(thing, id);
    }
    return id;
  }

  /** Whether a control applies on each part of its level (holds, fails or unknown), by part index. */
  private applicability(control: CatalogControl, level: ImplementationLevel): (index: number) => Truth {
    const condition = control.appliesWhen;
    if (condition === undefined) return () => true;
    // A condition without `not` that fails for the whole system fails for every part of it.
    if (level !== 'organisation' && !hasNegation(condition) && this.appliesOn(control, 'organisation', 0) === false)
      return () => false;
    if (level === 'organisation' || level === 'product') return (i) => this.appliesOn(control, level, i);
    const codes = this.partFacts.condition(condition, level, this.conditionKey(control));
    return (i) => truthOfCode(codes[i]!);
  }

  private conditionKey(control: CatalogControl): string {
    return getOrCreate(this.conditionKeys, control, () => JSON.stringify(control.appliesWhen));
  }

  private readonly parts = new Map<ImplementationLevel, Part[]>();

  /** The parts of the model at a level, each with the key and scope its facts are judged on (built once). */
  private partsAt(level: ImplementationLevel): Part[] {
    let parts = this.parts.get(level);
    if (parts) return parts;
    const { model } = this.ctx.graph;
    switch (level) {
      case 'organisation':
        parts = [{ subject: SYSTEM, id: 'system' }];
        break;
      case 'product':
        parts = model.products.map((product) => ({ subject: { type: 'product', product }, id: product.id }));
        break;
      case 'element':
        parts = model.elements
          .filter((element) => !NOT_SUBJECTS.has(element.kind))
          .map((element) => ({ subject: { type: 'element', element }, id: element.id }));
        break;
      case 'flow':
        parts = model.flows.map((flow) => ({ subject: { type: 'flow', flow }, id: flow.id }));
        break;
      case 'data-asset':
        parts = model.dataAssets.map((dataAsset) => ({ subject: { type: 'data-asset', dataAsset }, id: dataAsset.id }));
        break;
    }
    this.parts.set(level, parts);
    return parts;
  }

  /** The scope a subject's facts are judged on: the system, a product's, or a part with what touches it. */
  private scope(subject: Subject): Scope {
    const { graph } = this.ctx;
    switch (subject.type) {
      case 'system':
        return graph.systemScope();
      case 'product':
        return graph.productScope(subject.product);
      case 'element':
        return graph.scopeOf([subject.element]);
      case 'flow':
        return graph.flowScope(subject.flow);
      case 'data-asset':
        return graph.dataScope(subject.dataAsset);
    }
  }

  /**
   * A control's condition on the system or one product, judged on the full facts (with the items that establish
   * them, which reports explain); controls that share a condition judge it once per part.
   */
  private appliesOn(control: CatalogControl, level: 'organisation' | 'product', index: number): Truth {
    if (control.appliesWhen === undefined) return true;
    const results = getOrCreate(this.conditionCache, `${level}|${this.conditionKey(control)}`, () => []);
    let holds = results[index];
    if (holds === undefined) {
      const { subject } = this.partsAt(level)[index]!;
      const product = subject.type === 'product' ? subject.product : undefined;
      holds = evaluateCondition(control.appliesWhen, this.ctx.scopedFacts.of(product)).holds;
      results[index] = holds;
    }
    return holds;
  }

  /** The parts of a fine-grained level as the part facts see them: ids, and each one's scope when asked. */
  private levelParts(level: PartLevel): LevelParts {
    return getOrCreate(this.levels, level, () => {
      const parts = this.partsAt(level);
      const scopes: Scope[] = [];
      return {
        ids: parts.map((p) => p.id),
        index: this.partIndex(level),
        scope: (i: number) => {
          scopes[i] ??= this.scope(parts[i]!.subject);
          return scopes[i];
        },
      };
    });
  }

  private readonly levels = new Map<PartLevel, LevelParts>();

  /** Part index by id, per level (built once per level). */
  private partIndex(level: ImplementationLevel): ReadonlyMap<string, number> {
    return getOrCreate(this.partIndexes, level, () => new Map(this.partsAt(level).map((p, i) => [p.id, i])));
  }

  private readonly partIndexes = new Map<ImplementationLevel, Map<string, number>>();

  /** The status entry that covers a subject: the most specific one. */
  private entryFor(entries: Entries, subject: Subject): ModelControlState | undefined {
    if (entries.products.size + entries.elements.size + entries.flows.size + entries.dataAssets.size === 0)
      return entries.system;
    // No lists or closures per call: this runs for every subject of every control with scoped entries.
    const { productsOf } = this.ctx.graph;
    switch (subject.type) {
      case 'system':
        return entries.system;
      case 'product':
        return entries.products.get(subject.product.id) ?? entries.system;
      case 'element':
        return (
          entries.elements.get(subject.element.id) ??
          productEntry(entries, productsOf, subject.element.id) ??
          entries.system
        );
      case 'flow': {
        const { from, to } = subject.flow;
        return (
          entries.flows.get(subject.flow.id) ??
          entries.flows.get(subject.flow.via ?? '') ??
          entries.elements.get(from) ??
          entries.elements.get(to) ??
          productEntry(entries, productsOf, from) ??
          productEntry(entries, productsOf, to) ??
          entries.system
        );
      }
      case 'data-asset':
        return (
          entries.dataAssets.get(subject.dataAsset.id) ??
          subject.dataAsset.storedIn.reduce<ModelControlState | undefined>(
            (found, id) => found ?? productEntry(entries, productsOf, id),
            undefined,
          ) ??
          entries.system
        );
    }
  }

  /** The judgement for an entry, what the model's facts say, and the checks that speak about it. */
  private judge(
    control: CatalogControl,
    entry: ModelControlState | undefined,
    property: Property,
    /** where the model states what the property says, on the first subject judged */
    where: SourcePosition | undefined,
    observations: readonly Observation[],
    note: Note,
  ): Judgement {
    const { ctx } = this;
    const evidence = this.declaredEvidence(entry);
    if (entry?.status === 'not-applicable') {
      return {
        status: 'not-applicable',
        declared: entry.status,
        basis: 'declared',
        because: [`declared not applicable: ${entry.justification ?? ''}`],
        evidence,
        entry,
        stated: false,
      };
    }
    const because: string[] = [];
    let status: EffectiveStatus = entry?.status ?? (property.holds === true ? 'implemented' : 'not-started');
    const basis = entry ? 'declared' : property.holds === true ? 'model' : 'none';
    if (property.holds === true) {
      because.push(`the model states ${property.title}`);
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
          where ?? entry!.source,
          `${control.id} is declared ${status}, but the model says it is not the case that ${property.title} on {subjects}`,
          `put ${control.id} in place there, or scope its status to where it holds (products: or elements:)`,
        );
        status = 'refuted';
      }
    }
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
    return { status, declared: entry?.status, basis, because, evidence, entry, stated: property.holds === true };
  }

  /**
   * What the model's properties say about a control on each part of its level, judged once per condition and part;
   * and where the model states them on each part, kept apart so that parts stating the same at different lines (a
   * fleet's flows, each on its own line) share one judgement.
   */
  private properties(control: CatalogControl, level: ImplementationLevel): PropertiesOnParts {
    const condition = control.establishedBy;
    if (condition === undefined) return NO_PROPERTIES;
    const key = getOrCreate(this.propertyKeys, control, () => JSON.stringify(condition));
    const answers = getOrCreate(this.propertyCache, `${level}|${key}`, () => []);
    const ids = [...new Set(factsIn(condition))];
    const onParts = ids.map((id) => this.propertyOnParts(id, level));
    // Parts with the same answers to the condition's properties share one result: looked up by those answers (one
    // object each), without evaluating the condition or building a key per part.
    const byAnswers = new Map<PropertyAnswer, unknown>();
    const at = (i: number): Property => {
      let result = answers[i];
      if (result === undefined) {
        let node = byAnswers;
        for (let j = 0; j < onParts.length - 1; j++) {
          node = getOrCreate(node, onParts[j]!.answers[i]!, () => new Map()) as Map<PropertyAnswer, unknown>;
        }
        const last = onParts[onParts.length - 1]!.answers[i]!;
        result = node.get(last) as Property | undefined;
        if (!result) {
          result = this.property(condition, (id) => onParts[ids.indexOf(id)]!.answers[i]!);
          node.set(last, result);
        }
        answers[i] = result;
      }
      return result;
    };
    return {
      at,
      statedAt: (i, property) => property.because.map((p) => onParts[ids.indexOf(p.id)]!.where(i)),
    };
  }

  /** The establishing properties of a control on a subject: held, failed or unknown, and which decided it. */
  private property(condition: Condition, answerOf: (id: string) => PropertyAnswer): Property {
    const result = evaluateCondition(condition, answerOf);
    const answer = `${result.holds}|${result.because.map((p) => this.idOf(p)).join(',')}`;
    return getOrCreate(this.propertyAnswers, answer, () => ({
      holds: result.holds,
      title: result.because.map((p) => p.title).join(' and '),
      because: result.because,
    }));
  }

  /** The model's statements of the properties that establish a control, as evidence (one object each). */
  private statements(property: Property, where: readonly (SourcePosition | undefined)[]): EvidenceRef[] {
    const refs: EvidenceRef[] = [];
    property.because.forEach((p, k) => {
      const at = where[k];
      if (!at) return;
      refs.push(this.statementRef(at, p.title));
    });
    return refs;
  }

  /**
   * One object per statement, whichever subjects make it: by file, line, column and property. Maps by those, not by a
   * key string: a fleet asks for a statement for each part that states a property, and each key was a new string.
   */
  private statementRef(at: SourcePosition, property: string): EvidenceRef {
    const inFile = getOrCreate(
      this.statementRefs,
      at.file,
      () => new Map<number, Map<number, Map<string, EvidenceRef>>>(),
    );
    const onLine = getOrCreate(inFile, at.line, () => new Map<number, Map<string, EvidenceRef>>());
    const atColumn = getOrCreate(onLine, at.column, () => new Map<string, EvidenceRef>());
    return getOrCreate(atColumn, property, () => ({
      id: `model@${at.line}`,
      kind: 'model',
      title: `declared in the model: ${property}`,
      location: `${at.file}:${at.line}`,
      source: at,
      expired: false,
    }));
  }

  private readonly statementRefs = new Map<string, Map<number, Map<number, Map<string, EvidenceRef>>>>();

  /**
   * One property on every part of a level, read once per part: its answer (one object per answer, so that what rests
   * on it is recognised as the same). Where the model states it is found when asked: most parts never are.
   */
  private propertyOnParts(id: string, level: ImplementationLevel): PropertyOnParts {
    const ofLevel = getOrCreate(this.propertyParts, level, () => new Map<string, PropertyOnParts>());
    return getOrCreate(ofLevel, id, () => {
      const definition = PROPERTY_DEFINITIONS.get(id)!;
      const { graph } = this.ctx;
      const distinct = new Map<Truth, PropertyAnswer>();
      const answerOf = (subject: Subject) => {
        const holds = propertyValue(definition, subject, graph);
        return getOrCreate(distinct, holds, () => ({ id, holds, title: definition.title }));
      };
      const parts = this.partsAt(level);
      if (definition.on === 'system') {
        const answer = answerOf(SYSTEM);
        return { answers: parts.map(() => answer), where: () => propertyWhere(definition, SYSTEM, graph) };
      }
      return {
        answers: parts.map((part) => answerOf(part.subject)),
        where: (i) => propertyWhere(definition, parts[i]!.subject, graph),
      };
    });
  }

  private readonly propertyParts = new Map<ImplementationLevel, Map<string, PropertyOnParts>>();

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
          ...fileDigest(evidence),
          collected: evidence.collected,
          expires: evidence.expires,
          by: evidence.by,
          reviewer: evidence.reviewer,
          expired: evidence.expires !== undefined && evidence.expires < this.ctx.date,
        },
      ];
    });
  }

  /** Check results that speak about the control on this subject (by the element their target belongs to). */
  private observationsAt(controlId: string, subject: Subject): readonly Observation[] {
    const observations = this.ctx.observationsByControl.get(controlId) ?? [];
    if (observations.length === 0) return observations;
    const elements = subjectElements(subject);
    if (elements === 'all') return observations;
    return observations.filter((o) => o.element !== undefined && elements.has(o.element));
  }
}

/** The entry for the first of an element's products that has one. */
function productEntry(
  entries: Entries,
  productsOf: ReadonlyMap<string, readonly ModelProduct[]>,
  elementId: string,
): ModelControlState | undefined {
  for (const product of productsOf.get(elementId) ?? []) {
    const entry = entries.products.get(product.id);
    if (entry) return entry;
  }
  return undefined;
}

function hasNegation(condition: Condition): boolean {
  if (typeof condition === 'string') return false;
  if ('not' in condition) return true;
  return ('all' in condition ? condition.all : condition.any).some(hasNegation);
}

interface Part {
  subject: Subject;
  id: string;
}

interface Property {
  holds: Truth;
  title: string;
  /** the answers that decided it */
  because: readonly PropertyAnswer[];
}
/** A property's answer on one part (one object per property and answer). */
interface PropertyAnswer {
  /** the property */
  id: string;
  holds: Truth;
  title: string;
}
interface PropertyOnParts {
  answers: readonly PropertyAnswer[];
  /** where the model states it on a part, by part index */
  where(index: number): SourcePosition | undefined;
}
/** What the properties that establish a control say on each part, and where each of those it rests on is stated. */
interface PropertiesOnParts {
  at(index: number): Property;
  statedAt(index: number, property: Property): readonly (SourcePosition | undefined)[];
}
const SYSTEM: Subject = { type: 'system' };
const NO_OBSERVATIONS: readonly Observation[] = [];
const NO_PROPERTY: Property = { holds: 'unknown', title: '', because: [] };
const NO_PROPERTIES: PropertiesOnParts = { at: () => NO_PROPERTY, statedAt: () => [] };
const NO_PARTS: PartView = { id: () => '', stated: () => [] };

type Note = (kind: Finding['kind'], key: string, source: SourcePosition, message: string, action: string) => void;

/**
 * Notes the findings a judgement raises for its first subject, merging findings of the same cause, and records them in
 * `notes` so that every later subject sharing the judgement is named in them too.
 */
function noter(pending: Map<string, PendingFinding>, notes: PendingFinding[], subject: string): Note {
  return (kind, key, source, message, action) => {
    const id = `${kind}|${key}`;
    let finding = pending.get(id);
    if (finding) finding.subjects.push(subject);
    else {
      finding = { kind, subjects: [subject], source, message, action };
      pending.set(id, finding);
    }
    notes.push(finding);
  };
}

/**
 * Combines the groups of a product or of the system into one status. Its evidence list is built when first read:
 * the statement of applicability reads the system's, but a product's is read only where the control is in effect
 * there, and a fleet's flows each state their protocol on their own line (ten thousand statements, for nothing).
 */
function aggregate(groups: readonly SubjectGroup[], parts: PartView): AggregateStatus {
  const byStatus: Record<string, number> = {};
  const notInEffect: string[] = [];
  const justifications = new Set<string>();
  let count = 0;
  let notInEffectCount = 0;
  let sureWorst: EffectiveStatus | undefined;
  let anyWorst: EffectiveStatus | undefined;
  let applicable = 0;
  let openWhereUncertain = false;
  for (const group of groups) {
    const { status } = group.judgement;
    const size = group.sure.length + group.uncertain.length;
    count += size;
    byStatus[status] = (byStatus[status] ?? 0) + size;
    if (status === 'not-applicable') {
      if (group.judgement.entry?.justification) justifications.add(group.judgement.entry.justification);
      continue;
    }
    applicable += size;
    anyWorst = weakest([anyWorst ?? status, status]);
    if (group.sure.length > 0) sureWorst = weakest([sureWorst ?? status, status]);
    if (!isInEffect(status)) {
      notInEffectCount += size;
      for (const list of [group.sure, group.uncertain]) {
        for (let i = 0; i < list.length && notInEffect.length < NOT_IN_EFFECT_LISTED; i++) {
          notInEffect.push(parts.id(list[i]!));
        }
      }
      if (group.uncertain.length > 0) openWhereUncertain = true;
    }
  }
  const status = count === 0 ? undefined : applicable === 0 ? 'not-applicable' : (sureWorst ?? anyWorst);
  let evidence: EvidenceRef[] | undefined;
  return {
    status,
    uncertain: openWhereUncertain && isInEffect(status),
    count,
    byStatus,
    notInEffect,
    notInEffectCount,
    get evidence() {
      evidence ??= aggregateEvidence(groups, parts);
      return evidence;
    },
    justifications: [...justifications],
  };
}

/** The evidence of the applicable groups, each naming the subjects it is for (at most EVIDENCE_SUBJECT_LIMIT). */
function aggregateEvidence(groups: readonly SubjectGroup[], parts: PartView): EvidenceRef[] {
  // Subjects as arrays: thousands of statements, most named by one subject, each in every product's aggregate too.
  const evidence = new Map<string, { ref: EvidenceRef; subjects: string[] }>();
  const name = (known: { subjects: string[] }, subject: string) => {
    if (known.subjects.length < EVIDENCE_SUBJECT_LIMIT && !known.subjects.includes(subject))
      known.subjects.push(subject);
  };
  for (const group of groups) {
    if (group.judgement.status === 'not-applicable') continue;
    for (const e of group.judgement.evidence) {
      const known = getOrCreate(evidence, e.id, () => ({ ref: e, subjects: [] }));
      for (const list of [group.sure, group.uncertain]) {
        for (let i = 0; i < list.length && known.subjects.length < EVIDENCE_SUBJECT_LIMIT; i++) {
          name(known, parts.id(list[i]!));
        }
      }
    }
    // The model's statements, each for the subjects that state it there.
    if (group.judgement.stated)
      for (const list of [group.sure, group.uncertain]) {
        for (const i of list) {
          for (const e of parts.stated(i))
            name(
              getOrCreate(evidence, e.id, () => ({ ref: e, subjects: [] })),
              parts.id(i),
            );
        }
      }
  }
  return [...evidence.values()].map(({ ref, subjects }) => extend(ref, { subjects }));
}

/** The evidence's SHA-256 (and size): of its file as read, else as the model records it. */
function fileDigest(evidence: ModelEvidence): Pick<EvidenceRef, 'sha256' | 'size'> {
  if (evidence.file && 'sha256' in evidence.file) return { sha256: evidence.file.sha256, size: evidence.file.size };
  return { sha256: evidence.sha256 };
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
