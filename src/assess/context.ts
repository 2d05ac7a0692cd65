/** What every pipeline step reads: the model, its graph and facts, the catalog, the matrix and the stages in scope. */
import type { Catalog, CatalogStageSet } from '../catalog/catalog.js';
import { FACT_DEFINITIONS, type FactResult, judgeFact, type Scope } from '../model/facts.js';
import type { SystemGraph } from '../model/graph.js';
import type { RiskMatrix } from '../model/schema.js';
import type { ModelEvidence, SystemModel } from '../model/types.js';
import type { Stakeholder } from '../model/vocabulary.js';

/** A result of an automated check (from `iotassure verify`), as evidence on the controls it speaks to. */
export interface Observation {
  id: string;
  check: string;
  title: string;
  /** e.g. tcp://127.0.0.1:1883 or the SBOM file */
  target: string;
  /** the model element the target belongs to */
  element?: string;
  verdict: 'PASS' | 'FAIL' | 'INCONCLUSIVE' | 'NOT_APPLICABLE';
  controls: string[];
  requirements: string[];
  summary: string;
  /** ISO 8601 timestamp */
  collected: string;
}

export interface AssessOptions {
  /** Assessment date (YYYY-MM-DD); defaults to today. Evidence expiry is judged against it. */
  date?: string;
  stakeholder?: Stakeholder;
  stage?: string;
  observations?: readonly Observation[];
  /** SHA-256 of the model file's bytes, for the provenance block (the CLI computes it) */
  modelSha256?: string;
  /** the git commit the model is at, for the provenance block (the CLI asks git) */
  git?: { commit: string; dirty: boolean };
}

/** A fact by id on one scope, judged the first time it is asked for. */
export type FactLookup = (id: string) => FactResult | undefined;

/**
 * Facts per scope (the system, a product, an element, a flow, a data asset), each judged once and only when some
 * condition asks for it: per-element applicability over a large fleet needs a few facts per element, not all.
 */
export class ScopedFacts {
  private readonly cache = new Map<string, Map<string, FactResult>>();
  constructor(private readonly graph: SystemGraph) {}

  lookup(key: string, scope: () => Scope): FactLookup {
    let facts = this.cache.get(key);
    if (!facts) this.cache.set(key, (facts = new Map()));
    let resolved: Scope | undefined;
    const known = facts;
    return (id) => {
      let result = known.get(id);
      if (result) return result;
      const definition = FACT_DEFINITIONS.get(id);
      if (!definition) return undefined;
      resolved ??= scope();
      result = judgeFact(definition, this.graph, resolved);
      known.set(id, result);
      return result;
    };
  }
}

export interface AssessContext {
  model: SystemModel;
  graph: SystemGraph;
  catalog: Catalog;
  /** every fact on the whole system */
  facts: ReadonlyMap<string, FactResult>;
  scopedFacts: ScopedFacts;
  matrix: RiskMatrix;
  stageSet: CatalogStageSet;
  /** the model's stages in scope, in the vocabulary of its stage set */
  stages: string[];
  date: string;
  observationsByControl: ReadonlyMap<string, Observation[]>;
  /** the model's evidence by id */
  evidence: ReadonlyMap<string, ModelEvidence>;
  options: AssessOptions;
}
