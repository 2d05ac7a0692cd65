/**
 * load: file → SystemModel. Parses, validates against the schema, applies templates and derived defaults, and checks
 * every reference inside the model. All problems are reported together, each with its position.
 */
import { dirname, resolve } from 'node:path';
import { parseSource, readSourceFile, type SourceDocument } from '../input/source.js';
import { sortDiagnostics, validateDocument } from '../input/validate.js';
import { type Diagnostic, formatPath, InputError, type SourcePosition } from '../util/diagnostics.js';
import { didYouMean } from '../util/suggest.js';
import { parseRetentionDays } from './retention.js';
import { MODEL_FORMAT_VERSION, type RawElement, type RawSystemModel, SystemModelSchema } from './schema.js';
import type { ModelElement, ModelFlow, ModelService, SystemModel } from './types.js';
import {
  DEFAULT_DOMAIN,
  DEFAULT_EXPOSURE,
  DEFAULT_TRUST,
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
    known: ReadonlySet<string> | Map<string, unknown>,
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

    const templates = new Map((raw.templates ?? []).map((t) => [t.id, t]));
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

    const dataAssets = (raw.dataAssets ?? []).map((d, i) => {
      this.declare(d.id, ['dataAssets', i, 'id']);
      (d.storedIn ?? []).forEach((e, j) => {
        this.reference(e, elementIds, 'element', ['dataAssets', i, 'storedIn', j]);
      });
      const personalData = d.personalData && {
        ...d.personalData,
        sensitive: d.personalData.sensitive ?? d.personalData.categories.some((c) => SENSITIVE_CATEGORIES.has(c)),
      };
      return {
        ...d,
        name: d.name ?? d.id,
        personalData,
        storedIn: d.storedIn ?? [],
        retentionDays: d.retention === undefined ? undefined : parseRetentionDays(d.retention),
        source: this.at(['dataAssets', i]),
      };
    });
    const dataIds = new Map(dataAssets.map((d) => [d.id, d]));

    const flows: ModelFlow[] = (raw.flows ?? []).map((f, i) => {
      this.declare(f.id, ['flows', i, 'id']);
      this.reference(f.from, elementIds, 'element', ['flows', i, 'from']);
      this.reference(f.to, elementIds, 'element', ['flows', i, 'to']);
      (f.data ?? []).forEach((d, j) => {
        this.reference(d, dataIds, 'data asset', ['flows', i, 'data', j]);
      });
      if (f.from === f.to) this.error(['flows', i, 'to'], `flow "${f.id}" goes from "${f.from}" to itself`);
      return {
        ...f,
        encryption: f.encryption ?? PROTOCOL_ENCRYPTION[f.protocol],
        authentication: f.authentication ?? 'unknown',
        data: f.data ?? [],
        source: this.at(['flows', i]),
      };
    });

    const assessment = this.assessment();
    const catalogs = (raw.catalogs ?? []).map((c) => resolve(dirname(this.doc.file), c));
    this.checkStages();
    return {
      file: this.doc.file,
      system: { ...raw.system, source: this.at(['system']) },
      organisations,
      zones,
      boundaries,
      elements,
      dataAssets,
      flows,
      assessment,
      catalogs,
      locate: (path, options) => this.doc.locate(path, options),
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
    templates: Map<string, Omit<RawElement, 'template' | 'count'>>,
    zones: Map<string, { kind: ZoneKind }>,
  ): ModelElement {
    const path: Path = ['elements', i];
    this.declare(e.id, [...path, 'id']);
    let merged: RawElement = e;
    if (e.template !== undefined) {
      const template = templates.get(e.template);
      if (template) {
        const { id: _templateId, ...facts } = template;
        merged = { ...facts, ...e };
      } else this.reference(e.template, templates, 'template', [...path, 'template']);
    }
    const templateMissing = e.template !== undefined && !templates.has(e.template);
    if (merged.kind === undefined && !templateMissing) {
      this.error(path, `element "${e.id}" has no kind`, 'give it `kind:` or a `template:` that has one');
    }
    this.reference(merged.zone, zones, 'zone', [...path, 'zone']);
    const kind = merged.kind ?? 'device';
    const zoneKind = merged.zone === undefined ? undefined : zones.get(merged.zone)?.kind;
    const services: ModelService[] = (merged.services ?? []).map((s, j) => ({
      ...s,
      purpose: s.purpose ?? 'data',
      authentication: s.authentication ?? 'unknown',
      encryption: s.encryption ?? PROTOCOL_ENCRYPTION[s.protocol],
      exposure: s.exposure ?? 'local',
      enabled: s.enabled ?? true,
      source: this.at(e.services ? [...path, 'services', j] : path),
    }));
    return {
      ...merged,
      name: merged.name ?? e.id,
      kind,
      domain: merged.domain ?? DEFAULT_DOMAIN[kind],
      count: e.count ?? 1,
      physicalExposure: merged.physicalExposure ?? (zoneKind ? DEFAULT_EXPOSURE[zoneKind] : 'none'),
      interfaces: merged.interfaces ?? [],
      services,
      debugInterfaces: merged.debugInterfaces ?? [],
      sensing: merged.sensing ?? [],
      tags: merged.tags ?? [],
      source: this.at(path),
    };
  }

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
      Object.entries(a.controls ?? {}).map(([id, state]) => {
        const path: Path = ['assessment', 'controls', id];
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
        return [id, { ...state, evidence: state.evidence ?? [], source: this.at(path) }] as const;
      }),
    );
    const risks = new Map(
      Object.entries(a.risks ?? {}).map(
        ([id, t]) => [id, { ...t, source: this.at(['assessment', 'risks', id]) }] as const,
      ),
    );
    if (a.riskMatrix) this.checkMatrix(a.riskMatrix);
    return { riskMatrix: a.riskMatrix, controls, risks, evidence };
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

function preview(values: string[]): string {
  return values.length === 0 ? '(none defined)' : values.slice(0, 8).join(', ') + (values.length > 8 ? ', …' : '');
}
