/** The loaded catalog and its query API: lookups by id and the reverse index from requirements to controls. */

import type { z } from 'zod';
import type { SourcePosition } from '../util/diagnostics.js';
import type {
  ConformityRoutes,
  Control,
  FrameworkHeader,
  Mapping,
  ProductClass,
  Requirement,
  RiskSource,
  StageSet,
} from './schema.js';

export const ISO_27400 = 'iso-iec-27400';
export const GENERIC_STAGE_SET = 'iotassure-generic';

export type CatalogMapping = Mapping & { source: SourcePosition };

export interface CatalogRequirement extends Requirement {
  framework: string;
  /** `framework:id` */
  ref: string;
  source: SourcePosition;
}

export interface CatalogFramework extends z.infer<typeof FrameworkHeader> {
  requirements: Map<string, CatalogRequirement>;
  /** Product classes the framework defines (the CRA's Annex III and IV categories), in file order. */
  productClasses: ProductClass[];
  /** The conformity assessment routes per product class. */
  conformityRoutes: ConformityRoutes[];
  source: SourcePosition;
}

export interface CatalogControl extends Omit<Control, 'mappings'> {
  mappings: CatalogMapping[];
  source: SourcePosition;
}

export type CatalogRiskSource = RiskSource & { source: SourcePosition };
export type CatalogStageSet = StageSet & { source: SourcePosition };

export interface MappedControl {
  control: CatalogControl;
  mapping: CatalogMapping;
}

export class Catalog {
  readonly frameworks: ReadonlyMap<string, CatalogFramework>;
  readonly controls: ReadonlyMap<string, CatalogControl>;
  readonly riskSources: ReadonlyMap<string, CatalogRiskSource>;
  readonly stageSets: ReadonlyMap<string, CatalogStageSet>;
  /** The files it was loaded from. */
  readonly files: readonly string[];
  private readonly byRequirement = new Map<string, MappedControl[]>();
  private readonly childrenOf = new Map<string, CatalogRequirement[]>();
  /** mappings to earlier framework versions, derived from the mappings to the current version */
  private readonly derived = new Map<string, CatalogMapping[]>();

  constructor(parts: {
    frameworks: Map<string, CatalogFramework>;
    controls: Map<string, CatalogControl>;
    riskSources: Map<string, CatalogRiskSource>;
    stageSets: Map<string, CatalogStageSet>;
    files: string[];
  }) {
    this.frameworks = parts.frameworks;
    this.controls = parts.controls;
    this.riskSources = parts.riskSources;
    this.stageSets = parts.stageSets;
    this.files = parts.files;
    const splitParts = this.replacementParts();
    for (const control of this.controls.values()) {
      this.derived.set(control.id, this.previousVersionMappings(control, splitParts));
      for (const mapping of this.mappingsOf(control)) {
        const list = this.byRequirement.get(mapping.target) ?? [];
        list.push({ control, mapping });
        this.byRequirement.set(mapping.target, list);
      }
    }
    for (const framework of this.frameworks.values()) {
      for (const requirement of framework.requirements.values()) {
        if (requirement.parent === undefined) continue;
        const key = `${framework.id}:${requirement.parent}`;
        const list = this.childrenOf.get(key) ?? [];
        list.push(requirement);
        this.childrenOf.set(key, list);
      }
    }
  }

  /**
   * What a control satisfies: its mappings plus its link to the ISO/IEC 27400 clause it implements, which counts as
   * a `subset` mapping (a clause is met by several controls together).
   */
  mappingsOf(control: CatalogControl): CatalogMapping[] {
    const clauseLink: CatalogMapping = {
      target: `${ISO_27400}:${control.clause.id}`,
      relationship: 'subset',
      rationale: 'implements part of this ISO/IEC 27400 clause',
      confidence: control.clause.confidence,
      source: control.source,
    };
    return [clauseLink, ...control.mappings, ...(this.derived.get(control.id) ?? [])];
  }

  /**
   * A control mapped to a provision of a framework that has a previous version also meets that provision's
   * predecessor: the same id when the provision was kept, or the ids it `replaces` when it was renumbered or split.
   * A split predecessor asks for more than one part, so the control meets only a subset of it.
   */
  private previousVersionMappings(control: CatalogControl, parts: ReadonlyMap<string, number>): CatalogMapping[] {
    const byTarget = new Map<string, CatalogMapping[]>();
    for (const mapping of control.mappings) {
      const requirement = this.requirement(mapping.target);
      const framework = requirement && this.frameworks.get(requirement.framework);
      const previous = framework?.previousVersion ? this.frameworks.get(framework.previousVersion) : undefined;
      if (!requirement || !framework || !previous) continue;
      const predecessors = requirement.replaces ?? (previous.requirements.has(requirement.id) ? [requirement.id] : []);
      for (const id of predecessors) {
        const target = `${previous.id}:${id}`;
        byTarget.set(target, [...(byTarget.get(target) ?? []), mapping]);
      }
    }
    return [...byTarget].map(([target, via]) => {
      const full = via.every((m) => m.relationship === 'equal' || m.relationship === 'superset');
      const relationship =
        via.length >= (parts.get(target) ?? 1) && full
          ? via.every((m) => m.relationship === 'equal')
            ? 'equal'
            : 'superset'
          : via.every((m) => m.relationship === 'intersects')
            ? 'intersects'
            : 'subset';
      return {
        target,
        relationship,
        rationale: `derived from ${via.map((m) => m.target).join(' and ')}, the current version of this provision`,
        confidence: via[0]!.confidence,
        source: via[0]!.source,
      };
    });
  }

  /** For each earlier requirement that a newer version splits or renumbers (`prev-framework:id`), into how many parts. */
  private replacementParts(): Map<string, number> {
    const parts = new Map<string, number>();
    for (const framework of this.frameworks.values()) {
      if (!framework.previousVersion) continue;
      for (const requirement of framework.requirements.values()) {
        for (const id of requirement.replaces ?? []) {
          const key = `${framework.previousVersion}:${id}`;
          parts.set(key, (parts.get(key) ?? 0) + 1);
        }
      }
    }
    return parts;
  }

  /** A requirement by `framework:id`. */
  requirement(ref: string): CatalogRequirement | undefined {
    const colon = ref.indexOf(':');
    if (colon < 0) return undefined;
    return this.frameworks.get(ref.slice(0, colon))?.requirements.get(ref.slice(colon + 1));
  }

  /** Controls that map to a requirement. */
  controlsFor(ref: string): MappedControl[] {
    return this.byRequirement.get(ref) ?? [];
  }

  children(ref: string): CatalogRequirement[] {
    return this.childrenOf.get(ref) ?? [];
  }

  /** Requirements a framework asks something of (not the clauses that only group them). */
  assessableRequirements(frameworkId: string): CatalogRequirement[] {
    const framework = this.frameworks.get(frameworkId);
    if (!framework) return [];
    return [...framework.requirements.values()].filter((r) => r.status === 'mandatory' || r.status === 'recommended');
  }

  stageSet(id: string): CatalogStageSet | undefined {
    return this.stageSets.get(id);
  }
}
