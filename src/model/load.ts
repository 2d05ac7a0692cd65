/**
 * load: file → SystemModel. Parses, validates against the schema, applies templates and derived defaults, and checks
 * every reference inside the model. All problems are reported together, each with its position.
 */
import { dirname, resolve } from 'node:path';
import { parseSource, readSourceFile, type SourceDocument } from '../input/source.js';
import { sortDiagnostics, validateDocument } from '../input/validate.js';
import { type Diagnostic, formatPath, InputError, type SourcePosition } from '../util/diagnostics.js';
import { getOrCreate, sharedList } from '../util/maps.js';
import { extend, extendShaped } from '../util/objects.js';
import { didYouMean } from '../util/suggest.js';
import { declaredProduct, defaultProducts } from './products.js';
import { parseRetentionDays } from './retention.js';
import {
  Element,
  MODEL_FORMAT_VERSION,
  type RawElement,
  type RawSystemModel,
  type RawTemplate,
  SystemModelSchema,
} from './schema.js';
import type {
  Known,
  ModelControlState,
  ModelDataAsset,
  ModelElement,
  ModelFlow,
  ModelOrganisation,
  ModelProduct,
  ModelService,
  SystemModel,
} from './types.js';
import {
  DEFAULT_DOMAIN,
  DEFAULT_EXPOSURE,
  DEFAULT_TRUST,
  DEVICE_KINDS,
  type LegalBasis,
  PROTOCOL_ENCRYPTION,
  SENSITIVE_CATEGORIES,
  type ZoneKind,
} from './vocabulary.js';

export function loadModelFile(file: string): SystemModel {
  return buildModel(readSourceFile(file));
}

export function loadModelText(file: string, text: string): SystemModel {
  return buildModel(parseSource(file, text));
}

function buildModel(doc: SourceDocument): SystemModel {
  if (doc.value === null || typeof doc.value !== 'object' || Array.isArray(doc.value)) {
    throw new InputError([
      {
        severity: 'error',
        file: doc.file,
        position: doc.locate([]),
        message: 'a system model must be a mapping with at least `system` and `elements`',
        hint: 'run `iotassure init` to write a starting model',
      },
    ]);
  }
  const version = (doc.value as Record<string, unknown>).iotassure;
  if (version !== undefined && String(version) !== MODEL_FORMAT_VERSION) {
    throw new InputError([
      {
        severity: 'error',
        file: doc.file,
        position: doc.locate(['iotassure']),
        message: `model format version ${String(version)} is not supported; this iotassure reads version ${MODEL_FORMAT_VERSION}`,
      },
    ]);
  }
  const raw = validateDocument(doc, SystemModelSchema);
  const builder = new ModelBuilder(doc, raw);
  const model = builder.build();
  if (builder.diagnostics.length > 0) throw new InputError(sortDiagnostics(builder.diagnostics));
  return model;
}

type Path = (string | number)[];

/**
 * The keys every loaded element has, in this order (undefined where the model is silent): a fleet's elements then
 * share one V8 hidden class, and the facts' and rules' reads of them stay on the fast path (see extendShaped).
 */
const ELEMENT_SHAPE: Readonly<Record<string, undefined>> = Object.fromEntries(
  [...Object.keys(Element.shape), 'stated', 'origin', 'source'].map((key) => [key, undefined]),
);

class ModelBuilder {
  readonly diagnostics: Diagnostic[] = [];
  /** Every id in the model, to keep them unique across collections (risk ids use them unqualified). */
  private readonly ids = new Map<string, Path>();

  constructor(
    private readonly doc: SourceDocument,
    private readonly raw: RawSystemModel,
  ) {}

  private at(path: Path, key = false): SourcePosition {
    return this.doc.locate(path, { key });
  }

  private error(path: Path, message: string, hint?: string): void {
    this.diagnostics.push({
      severity: 'error',
      file: this.doc.file,
      position: this.at(path),
      path: formatPath(path),
      message,
      hint,
    });
  }

  private declare(id: string, path: Path): void {
    const previous = this.ids.get(id);
    if (previous) {
      const line = this.at(previous).line;
      this.error(
        path,
        `duplicate id "${id}"`,
        `it is already used at line ${line}; every id in a model must be unique`,
      );
    } else this.ids.set(id, path);
  }

  /** Reports a reference to an id that is not among `known`, with a suggestion. */
  private reference(
    id: string | undefined,
    known: ReadonlySet<string> | ReadonlyMap<string, unknown>,
    what: string,
    path: Path,
  ) {
    if (id === undefined || known.has(id)) return;
    const candidates = [...known.keys()];
    this.error(path, `unknown ${what} "${id}"`, didYouMean(id, candidates) ?? `known ${what}s: ${preview(candidates)}`);
  }

  build(): SystemModel {
    const raw = this.raw;
    const organisations = (raw.organisations ?? []).map((o, i) => {
      this.declare(o.id, ['organisations', i, 'id']);
      return { ...o, name: o.name ?? o.id, source: this.at(['organisations', i]) };
    });
    const zones = (raw.zones ?? []).map((z, i) => {
      this.declare(z.id, ['zones', i, 'id']);
      return { ...z, name: z.name ?? z.id, trust: z.trust ?? DEFAULT_TRUST[z.kind], source: this.at(['zones', i]) };
    });
    const zoneIds = new Map(zones.map((z) => [z.id, z]));
    const orgIds = new Map(organisations.map((o) => [o.id, o]));
    zones.forEach((z, i) => {
      this.reference(z.parent, zoneIds, 'zone', ['zones', i, 'parent']);
    });
    this.checkZoneCycles(zones);

    const boundaries = (raw.boundaries ?? []).map((b, i) => {
      this.declare(b.id, ['boundaries', i, 'id']);
      b.between.forEach((z, j) => {
        this.reference(z, zoneIds, 'zone', ['boundaries', i, 'between', j]);
      });
      return { ...b, source: this.at(['boundaries', i]) };
    });

    const templates = new Map((raw.templates ?? []).map((t, i) => [t.id, prepareTemplate(t, i)]));
    (raw.templates ?? []).forEach((t, i) => {
      this.declare(t.id, ['templates', i, 'id']);
    });

    const elements = raw.elements.map((e, i) => this.element(e, i, templates, zoneIds));
    const elementIds = new Map(elements.map((e) => [e.id, e]));
    elements.forEach((e, i) => {
      this.reference(e.operator, orgIds, 'organisation', ['elements', i, 'operator']);
      this.reference(e.developer, orgIds, 'organisation', ['elements', i, 'developer']);
      this.reference(e.update?.endpoint, elementIds, 'element', ['elements', i, 'update', 'endpoint']);
    });

    const dataAssets = (raw.dataAssets ?? []).map((d, i) => this.dataAsset(d, i, elementIds));
    const dataIds = new Map(dataAssets.map((d) => [d.id, d]));

    const members = zoneMembers(zones, elements);
    const flows: ModelFlow[] = (raw.flows ?? []).flatMap((f, i) => {
      this.declare(f.id, ['flows', i, 'id']);
      this.reference(f.from, f.fromZone ? zoneIds : elementIds, f.fromZone ? 'zone' : 'element', ['flows', i, 'from']);
      this.reference(f.to, f.toZone ? zoneIds : elementIds, f.toZone ? 'zone' : 'element', ['flows', i, 'to']);
      (f.data ?? []).forEach((d, j) => {
        this.reference(d, dataIds, 'data asset', ['flows', i, 'data', j]);
      });
      if (f.from === f.to) this.error(['flows', i, 'to'], `flow "${f.id}" goes from "${f.from}" to itself`);
      const { fromZone, toZone, ...written } = f;
      const flow: ModelFlow = extend(written, {
        encryption: f.encryption ?? PROTOCOL_ENCRYPTION[f.protocol],
        authentication: f.authentication ?? 'unknown',
        data: sharedList(this.lists, f.data ?? []),
        source: this.at(['flows', i]),
      });
      if (!fromZone && !toZone) return [flow];
      // A flow to or from a whole zone stands for one flow per element in it, each traced back to the flow written.
      const froms = fromZone ? (members.get(f.from) ?? []) : [f.from];
      const tos = toZone ? (members.get(f.to) ?? []) : [f.to];
      return froms.flatMap((from) =>
        tos
          .filter((to) => to !== from)
          .map((to) => extend(flow, { id: `${f.id}@${fromZone ? from : to}`, from, to, via: f.id })),
      );
    });

    const assessment = this.assessment();
    const products = this.products(elements, flows, organisations, templates);
    const catalogs = (raw.catalogs ?? []).map((c) => resolve(dirname(this.doc.file), c));
    this.checkStages();
    return {
      file: this.doc.file,
      system: { ...raw.system, source: this.at(['system']) },
      organisations,
      products,
      zones,
      boundaries,
      elements,
      dataAssets,
      flows,
      assessment,
      catalogs,
      rules: raw.rules ?? [],
      // Bound to the document's index alone: a closure over the builder would keep the validated copy of the model
      // and the id index alive for as long as the model, and the document its parsed values.
      locate: this.doc.index.locate.bind(this.doc.index),
    };
  }

  private checkStages(): void {
    const stages = this.raw.system.stages ?? [];
    const seen = new Set<string>();
    stages.forEach((s, i) => {
      if (seen.has(s)) this.error(['system', 'stages', i], `stage "${s}" is listed twice`);
      seen.add(s);
    });
  }

  private checkZoneCycles(zones: { id: string; parent?: string }[]): void {
    const parent = new Map(zones.map((z) => [z.id, z.parent]));
    zones.forEach((z, i) => {
      const seen = new Set([z.id]);
      for (let p = z.parent; p !== undefined; p = parent.get(p)) {
        if (seen.has(p)) {
          this.error(['zones', i, 'parent'], `zone "${z.id}" is inside itself through its parents`);
          return;
        }
        seen.add(p);
      }
    });
  }

  private element(
    e: RawElement,
    i: number,
    templates: ReadonlyMap<string, Template>,
    zones: Map<string, { kind: ZoneKind }>,
  ): ModelElement {
    const path: Path = ['elements', i];
    this.declare(e.id, [...path, 'id']);
    const template = e.template === undefined ? undefined : templates.get(e.template);
    if (!template && e.template !== undefined) this.reference(e.template, templates, 'template', [...path, 'template']);
    const merged: RawElement = template ? { ...template.facts, ...e } : e;
    if (merged.kind === undefined && (template || e.template === undefined)) {
      this.error(path, `element "${e.id}" has no kind`, 'give it `kind:` or a `template:` that has one');
    }
    this.reference(merged.zone, zones, 'zone', [...path, 'zone']);
    const kind = merged.kind ?? 'device';
    const zoneKind = merged.zone === undefined ? undefined : zones.get(merged.zone)?.kind;
    const services: ModelService[] = (merged.services ?? []).map((s, j) =>
      extend(s, {
        needed: s.needed === 'unknown' ? undefined : s.needed,
        purpose: s.purpose ?? 'data',
        authentication: s.authentication ?? 'unknown',
        encryption: s.encryption ?? PROTOCOL_ENCRYPTION[s.protocol],
        exposure: s.exposure ?? 'local',
        enabled: s.enabled ?? true,
        source: this.at(e.services ? [...path, 'services', j] : path),
      }),
    );
    // the merged facts' services are replaced by `services` below
    return extendShaped(ELEMENT_SHAPE, knownFacts(merged, e, template), {
      name: merged.name ?? e.id,
      kind,
      domain: merged.domain ?? DEFAULT_DOMAIN[kind],
      count: e.count ?? 1,
      // A device with no zone could be anywhere: its exposure is unknown unless stated.
      physicalExposure:
        merged.physicalExposure ??
        (zoneKind ? DEFAULT_EXPOSURE[zoneKind] : DEVICE_KINDS.has(kind) ? undefined : 'none'),
      interfaces: merged.interfaces ?? [],
      services,
      debugInterfaces: merged.debugInterfaces ?? [],
      sensing: merged.sensing ?? [],
      tags: merged.tags ?? [],
      stated: this.keySet(Object.keys(merged).filter((key) => merged[key as keyof typeof merged] !== 'unknown')),
      origin: {
        path,
        template: template && ['templates', template.index],
        own: this.keySet(Object.keys(e)),
      },
      source: this.at(path),
    });
  }

  /** One set per list of keys: a fleet's elements state the same few keys, and each set costs more than the keys. */
  private keySet(keys: string[]): ReadonlySet<string> {
    return getOrCreate(this.keySets, sharedList(this.lists, keys), () => new Set(keys));
  }

  private readonly keySets = new Map<readonly string[], ReadonlySet<string>>();

  /**
   * Lists of keys, and of the data asset ids flows carry, each kept once: a fleet's flows carry a few lists between
   * them, and what is derived from a list (its personal data) is then worked out once per list.
   */
  private readonly lists = new Map<string, string[]>();

  private assessment(): SystemModel['assessment'] {
    const a = this.raw.assessment ?? {};
    const evidence = (a.evidence ?? []).map((ev, i) => {
      this.declare(ev.id, ['assessment', 'evidence', i, 'id']);
      if (ev.collected && ev.expires && ev.expires < ev.collected) {
        this.error(['assessment', 'evidence', i, 'expires'], 'evidence expires before it was collected');
      }
      return { ...ev, source: this.at(['assessment', 'evidence', i]) };
    });
    const evidenceIds = new Set(evidence.map((ev) => ev.id));
    const controls = new Map(
      Object.entries(a.controls ?? {}).map(([id, written]) => {
        const entries = Array.isArray(written) ? written : [written];
        return [
          id,
          entries.map((state, k): ModelControlState => {
            const path: Path = Array.isArray(written)
              ? ['assessment', 'controls', id, k]
              : ['assessment', 'controls', id];
            if (state.status === 'not-applicable' && !state.justification?.trim()) {
              this.error(
                path,
                `control "${id}" is not-applicable without a justification`,
                'add `justification:` saying why it does not apply (EN 303 645 5.0-1 and auditors require one)',
              );
            }
            (state.evidence ?? []).forEach((ev, j) => {
              this.reference(ev, evidenceIds, 'evidence', [...path, 'evidence', j]);
            });
            return { ...state, evidence: state.evidence ?? [], source: this.at(path) };
          }),
        ] as const;
      }),
    );
    const risks = new Map(
      Object.entries(a.risks ?? {}).map(([id, t]) => {
        const path: Path = ['assessment', 'risks', id];
        if (t.treatment === undefined && t.residual === undefined) {
          this.error(
            path,
            `risk "${id}" has neither a treatment nor a residual level`,
            'add `treatment:` or `residual:`',
          );
        }
        if (t.approvedOn && t.reviewBy && t.reviewBy < t.approvedOn) {
          this.error([...path, 'reviewBy'], 'the review date is before the approval');
        }
        return [id, { ...t, source: this.at(path) }] as const;
      }),
    );
    const frameworks = new Map(
      Object.entries(a.frameworks ?? {}).map(
        ([id, choice]) => [id, { ...choice, source: this.at(['assessment', 'frameworks', id]) }] as const,
      ),
    );
    const suppressions = (a.suppressions ?? []).map((s, i) => ({
      ...s,
      source: this.at(['assessment', 'suppressions', i]),
    }));
    if (a.riskMatrix) this.checkMatrix(a.riskMatrix);
    return { riskMatrix: a.riskMatrix, controls, risks, evidence, frameworks, suppressions };
  }

  private dataAsset(
    d: NonNullable<RawSystemModel['dataAssets']>[number],
    i: number,
    elementIds: ReadonlyMap<string, unknown>,
  ): ModelDataAsset {
    this.declare(d.id, ['dataAssets', i, 'id']);
    (d.storedIn ?? []).forEach((e, j) => {
      this.reference(e, elementIds, 'element', ['dataAssets', i, 'storedIn', j]);
    });
    const personalData = d.personalData && {
      ...d.personalData,
      sensitive: d.personalData.sensitive ?? d.personalData.categories.some((c) => SENSITIVE_CATEGORIES.has(c)),
    };
    const purposes = (d.purposes ?? []).map((p) => (typeof p === 'string' ? { purpose: p } : p));
    const legalBases = [
      ...new Set([d.legalBasis, ...purposes.map((p) => p.legalBasis)].filter((b): b is LegalBasis => b !== undefined)),
    ];
    const retention = typeof d.retention === 'object' ? d.retention : undefined;
    const period = retention?.period ?? (d.retention as string | undefined);
    return {
      ...d,
      name: d.name ?? d.id,
      personalData,
      purposes,
      legalBases,
      storedIn: d.storedIn ?? [],
      retention: period,
      retentionDays: period === undefined ? undefined : parseRetentionDays(period),
      retentionAfter: retention?.after,
      retentionEnforced: retention?.enforced === 'unknown' ? undefined : retention?.enforced,
      source: this.at(['dataAssets', i]),
    };
  }

  /** The products the model declares, or the default ones (see products.ts). */
  private products(
    elements: readonly ModelElement[],
    flows: readonly ModelFlow[],
    organisations: readonly ModelOrganisation[],
    templates: ReadonlyMap<string, { id: string; name?: string }>,
  ): ModelProduct[] {
    const declared = this.raw.products;
    const system = this.raw.system;
    if (declared === undefined)
      return defaultProducts(system, elements, flows, organisations, templates, this.at(['elements']));
    const elementIds = new Map(elements.map((e) => [e.id, e]));
    const orgIds = new Set(organisations.map((o) => o.id));
    return declared.map((p, i) => {
      const path: Path = ['products', i];
      this.declare(p.id, [...path, 'id']);
      (p.elements ?? []).forEach((id, j) => {
        this.reference(id, elementIds, 'element', [...path, 'elements', j]);
      });
      (p.templates ?? []).forEach((id, j) => {
        this.reference(id, templates, 'template', [...path, 'templates', j]);
      });
      (p.services ?? []).forEach((id, j) => {
        this.reference(id, elementIds, 'element', [...path, 'services', j]);
      });
      this.reference(p.manufacturer, orgIds, 'organisation', [...path, 'manufacturer']);
      const fromTemplates = new Set(p.templates ?? []);
      const members = [
        ...new Set([
          ...(p.elements ?? []),
          ...elements.filter((e) => e.template !== undefined && fromTemplates.has(e.template)).map((e) => e.id),
        ]),
      ].filter((id) => elementIds.has(id));
      if (members.length === 0 && (p.elements ?? []).length + (p.templates ?? []).length === 0) {
        this.error(path, `product "${p.id}" names no elements or templates`, 'add `elements:` or `templates:`');
      }
      return declaredProduct(p, members, elements, flows, organisations, system, this.at(path));
    });
  }

  private checkMatrix(m: NonNullable<NonNullable<RawSystemModel['assessment']>['riskMatrix']>): void {
    const path: Path = ['assessment', 'riskMatrix', 'matrix'];
    if (m.matrix.length !== m.likelihood.length) {
      this.error(path, `the matrix has ${m.matrix.length} rows; it needs one per likelihood (${m.likelihood.length})`);
    }
    const levels = new Set(m.levels);
    m.matrix.forEach((row, r) => {
      if (row.length !== m.impact.length) {
        this.error(
          [...path, r],
          `row ${r + 1} has ${row.length} entries; it needs one per impact (${m.impact.length})`,
        );
      }
      row.forEach((level, c) => {
        if (!levels.has(level)) {
          this.error(
            [...path, r, c],
            `unknown risk level "${level}"`,
            didYouMean(level, levels) ?? `levels: ${m.levels.join(', ')}`,
          );
        }
      });
    });
  }
}

/** A template as its elements use it: its facts (all but its id), those facts without `unknown`, and its position. */
interface Template {
  id: string;
  name?: string;
  index: number;
  facts: Omit<RawTemplate, 'id'>;
  known: Record<string, unknown>;
}

function prepareTemplate(raw: RawTemplate, index: number): Template {
  const { id, ...facts } = raw;
  return { id, name: raw.name, index, facts, known: withoutUnknown(facts) as Record<string, unknown> };
}

/**
 * An element's facts without `unknown` (withoutUnknown of the merged facts): what it takes from its template was
 * cleaned once per template, not once per element — a fleet has thousands of elements per template.
 */
function knownFacts<T extends object>(facts: T, own: object, template: Template | undefined): Known<T> {
  if (!template) return withoutUnknown(facts);
  const known: Record<string, unknown> = {};
  for (const key in facts) {
    const value: unknown = facts[key];
    if (value !== 'unknown') known[key] = Object.hasOwn(own, key) ? withoutUnknown(value) : template.known[key];
  }
  return known as Known<T>;
}

/** An object without the facts it states as `unknown`: an unknown fact is simply not stated. */
function withoutUnknown<T>(value: T): Known<T> {
  if (Array.isArray(value)) return value.filter((v) => v !== 'unknown').map(withoutUnknown) as Known<T>;
  if (value === null || typeof value !== 'object') return value as Known<T>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== 'unknown') out[key] = withoutUnknown(v);
  return out as Known<T>;
}

/** The elements in each zone, counting those in zones nested inside it. */
function zoneMembers(zones: readonly { id: string; parent?: string }[], elements: readonly ModelElement[]) {
  const parent = new Map(zones.map((z) => [z.id, z.parent]));
  const members = new Map<string, string[]>();
  for (const element of elements) {
    const seen = new Set<string>();
    for (let zone = element.zone; zone !== undefined && !seen.has(zone); zone = parent.get(zone)) {
      seen.add(zone);
      const list = members.get(zone);
      if (list) list.push(element.id);
      else members.set(zone, [element.id]);
    }
  }
  return members;
}

function preview(values: string[]): string {
  return values.length === 0 ? '(none defined)' : values.slice(0, 8).join(', ') + (values.length > 8 ? ', …' : '');
}
