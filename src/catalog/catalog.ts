/** The loaded catalog and its query API: lookups by id and the reverse index from requirements to controls. */

import type { SourcePosition } from '../util/diagnostics.js';
import { getOrCreate } from '../util/maps.js';
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
import type { Relationship } from './vocabulary.js';

export const ISO_27400 = 'iso-iec-27400';
export const GENERIC_STAGE_SET = 'iotassure-generic';

export type CatalogMapping = Mapping & { source: SourcePosition };

/** "Title (version)", without repeating a version the title already names ("OWASP … Top 10 (2018)"). */
export const frameworkName = (f: { title: string; version: string }): string =>
  f.title.includes(f.version) ? f.title : `${f.title} (${f.version})`;

export interface CatalogRequirement extends Requirement {
  framework: string;
  /** `framework:id` */
  ref: string;
  source: SourcePosition;
}

export interface CatalogFramework extends FrameworkHeader {
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

export interface TestCaseCoverage {
  id: string;
  title: string;
  testTypes: string[];
  /** ref of the requirement the test case assesses */
  assesses?: string;
  checks: string[];
  /** controls of the assessed requirement whose evidence answers the test case */
  controls: string[];
  uncoveredReason?: string;
  evidence: 'automated' | 'manual' | 'uncovered' | 'missing';
}

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
  /** SHA-256 over the files' contents in load order: which catalog an assessment used. */
  readonly digest: string;
  private readonly byRequirement = new Map<string, MappedControl[]>();
  private readonly childrenOf = new Map<string, CatalogRequirement[]>();
  /** test groups by the ref of the requirement they assess */
  private readonly testGroupsByTarget = new Map<string, CatalogRequirement[]>();
  /** mappings to earlier framework versions, derived from the mappings to the current version */
  private readonly derived = new Map<string, CatalogMapping[]>();

  constructor(parts: {
    frameworks: ReadonlyMap<string, CatalogFramework>;
    controls: ReadonlyMap<string, CatalogControl>;
    riskSources: ReadonlyMap<string, CatalogRiskSource>;
    stageSets: ReadonlyMap<string, CatalogStageSet>;
    files: readonly string[];
    digest: string;
  }) {
    this.frameworks = parts.frameworks;
    this.controls = parts.controls;
    this.riskSources = parts.riskSources;
    this.stageSets = parts.stageSets;
    this.files = parts.files;
    this.digest = parts.digest;
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
        if (requirement.tests !== undefined) {
          const groups = this.testGroupsByTarget.get(requirement.tests) ?? [];
          groups.push(requirement);
          this.testGroupsByTarget.set(requirement.tests, groups);
        }
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
   * A split predecessor asks for more than one part, so the control meets only a subset of it. Where the control
   * maps to the predecessor itself (because the provision changed), that mapping stands and none is derived.
   */
  private previousVersionMappings(control: CatalogControl, parts: ReadonlyMap<string, number>): CatalogMapping[] {
    const byTarget = new Map<string, CatalogMapping[]>();
    // A mapping written for the earlier version itself says more than one derived through a changed provision.
    const direct = new Set(control.mappings.map((m) => m.target));
    for (const mapping of control.mappings) {
      const requirement = this.requirement(mapping.target);
      const framework = requirement && this.frameworks.get(requirement.framework);
      const previous = framework?.previousVersion ? this.frameworks.get(framework.previousVersion) : undefined;
      if (!requirement || !framework || !previous) continue;
      const predecessors = requirement.replaces ?? (previous.requirements.has(requirement.id) ? [requirement.id] : []);
      for (const id of predecessors) {
        const target = `${previous.id}:${id}`;
        if (!direct.has(target)) getOrCreate(byTarget, target, () => []).push(mapping);
      }
    }
    return [...byTarget].map(([target, all]) => {
      // A complementary mapping helps another party meet a requirement and says nothing about how much of it the
      // control meets; the predecessor is complementary only when the control meets none of its parts itself.
      const via = all.filter((m) => m.relationship !== 'complementary');
      const full = via.every((m) => m.relationship === 'equal' || m.relationship === 'superset');
      const relationship: Relationship =
        via.length === 0
          ? 'complementary'
          : via.length >= (parts.get(target) ?? 1) && full
            ? via.every((m) => m.relationship === 'equal')
              ? 'equal'
              : 'superset'
            : via.every((m) => m.relationship === 'intersects')
              ? 'intersects'
              : 'subset';
      return {
        target,
        relationship,
        rationale: `derived from ${all.map((m) => m.target).join(' and ')}, the current version of this provision`,
        confidence: all[0]!.confidence,
        source: all[0]!.source,
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

  /**
   * The assessable requirements that a target security level asks for (IEC 62443 SL-T of a zone, or the SL-C a
   * component is to be certified at): those graded at or below the level, and those the framework does not grade.
   */
  requirementsAtLevel(frameworkId: string, level: number): CatalogRequirement[] {
    return this.assessableRequirements(frameworkId).filter(
      (r) => r.securityLevel === undefined || r.securityLevel <= level,
    );
  }

  /** The test groups of test frameworks (ETSI TS 103 701) that assess a requirement, each with its test cases. */
  testGroupsFor(ref: string): { group: CatalogRequirement; cases: CatalogRequirement[] }[] {
    return (this.testGroupsByTarget.get(ref) ?? []).map((group) => ({
      group,
      cases: this.children(group.ref).filter((r) => r.kind === 'test-case'),
    }));
  }

  /** The test cases of a framework, in file order. */
  testCases(frameworkId: string): CatalogRequirement[] {
    return [...(this.frameworks.get(frameworkId)?.requirements.values() ?? [])].filter((r) => r.kind === 'test-case');
  }

  /** The requirement a test case (or a test group) assesses. */
  assessedRequirement(test: CatalogRequirement): CatalogRequirement | undefined {
    const group = test.kind === 'test-case' ? this.requirement(`${test.framework}:${test.parent}`) : test;
    return group?.tests === undefined ? undefined : this.requirement(group.tests);
  }

  /**
   * How evidence for each test case of a framework can be had: from `iotassure verify` checks (automated), from the
   * evidence recorded on the controls of the requirement it assesses (manual: a document review or a test report),
   * or not at all, with the reason the framework gives (`uncovered`). Complementary controls are another party's
   * and cannot answer a test of the product, so they do not count.
   */
  testCaseCoverage(frameworkId: string): TestCaseCoverage[] {
    const uncovered = new Map((this.frameworks.get(frameworkId)?.uncovered ?? []).map((u) => [u.id, u.reason]));
    return this.testCases(frameworkId).map((test) => {
      const assessed = this.assessedRequirement(test);
      const controls = assessed
        ? this.controlsFor(assessed.ref)
            .filter((m) => m.mapping.relationship !== 'complementary')
            .map((m) => m.control.id)
        : [];
      const checks = test.checks ?? [];
      const reason = uncovered.get(test.id);
      return {
        id: test.id,
        title: test.title,
        testTypes: test.testTypes ?? [],
        assesses: assessed?.ref,
        checks,
        controls,
        uncoveredReason: reason,
        evidence: checks.length > 0 ? 'automated' : controls.length > 0 ? 'manual' : reason ? 'uncovered' : 'missing',
      };
    });
  }

  stageSet(id: string): CatalogStageSet | undefined {
    return this.stageSets.get(id);
  }
}
