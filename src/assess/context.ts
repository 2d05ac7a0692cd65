/** What every pipeline step reads: the model, its graph and facts, the catalog, the matrix and the stages in scope. */
import type { Catalog, CatalogStageSet } from '../catalog/catalog.js';
import type { Observation } from '../evidence/observation.js';
import type { FactResult } from '../model/facts.js';
import type { SystemGraph } from '../model/graph.js';
import type { RiskMatrix } from '../model/schema.js';
import type { ModelEvidence, SystemModel } from '../model/types.js';
import type { Stakeholder } from '../model/vocabulary.js';

/** A result of an automated check (from `iotassure verify`), as evidence on the controls it speaks to. */
export type { Observation };

export interface AssessOptions {
  /** Assessment date (YYYY-MM-DD); defaults to today. Evidence expiry is judged against it. */
  date?: string;
  stakeholder?: Stakeholder;
  stage?: string;
  observations?: readonly Observation[];
}

export interface AssessContext {
  model: SystemModel;
  graph: SystemGraph;
  catalog: Catalog;
  facts: ReadonlyMap<string, FactResult>;
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
