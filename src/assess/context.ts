/** What every pipeline step reads: the model, its graph and facts, the catalog, the matrix and the stages in scope. */
import type { Catalog, CatalogStageSet } from '../catalog/catalog.js';
import type { Observation } from '../evidence/observation.js';
import {
  FACT_DEFINITIONS,
  type FactDefinition,
  type FactResult,
  holdsOn,
  judgeFact,
  type Scope,
} from '../model/facts.js';
import type { SystemGraph } from '../model/graph.js';
import type { RiskMatrix } from '../model/schema.js';
import type { ModelEvidence, ModelProduct, SystemModel } from '../model/types.js';
import type { Stakeholder } from '../model/vocabulary.js';

/** A result of an automated check (from `iotassure verify`), as evidence on the controls it speaks to. */
export type { Observation };

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
 * Facts on the system and on each product, each judged once and only when some condition asks for it, with the items
 * that establish them. The per-item answers of the system-wide evaluation are what facts on smaller scopes (one
 * element, flow or data asset) are read from, without judging any item again (see part-facts.ts).
 */
export class ScopedFacts {
  /** per product id */
  private readonly cache = new Map<string, { facts: Map<string, FactResult>; scope?: Scope; lookup: FactLookup }>();
  constructor(
    private readonly graph: SystemGraph,
    private readonly systemFacts: ReadonlyMap<string, FactResult>,
  ) {}

  /** A fact on the whole system. */
  system(id: string): FactResult {
    return this.systemFacts.get(id)!;
  }

  private readonly byProduct = new Map<string, Map<string, FactResult>>();

  /**
   * A fact on a product, with its subjects, from the per-item answers of the system evaluation: one pass over the
   * items that establish or leave it open gives the answer for every product at once.
   */
  private productFact(definition: FactDefinition, productId: string, scope: () => Scope): FactResult {
    if (definition.over === 'scope') return judgeFact(definition, this.graph, scope());
    if (definition.over === 'organisations') return this.systemFacts.get(definition.id)!;
    let results = this.byProduct.get(definition.id);
    if (!results) {
      const index = this.graph.productsOfPart(
        definition.over === 'flows' ? 'flow' : definition.over === 'dataAssets' ? 'data-asset' : 'element',
      );
      // each product's subjects and unknown items, by the product's position in the model
      const products = this.graph.model.products;
      const position = new Map(products.map((product, k) => [product, k]));
      const split = (ids: readonly string[]): string[][] => {
        const lists = products.map((): string[] => []);
        for (const id of ids) for (const product of index.get(id) ?? []) lists[position.get(product)!]!.push(id);
        return lists;
      };
      const system = this.systemFacts.get(definition.id)!;
      const subjectsOf = split(system.subjects);
      const unknownOf = split(system.unknown);
      results = new Map(
        products.map((p, k) => {
          const subjects = subjectsOf[k]!;
          const unknown = unknownOf[k]!;
          const holds = holdsOn(subjects, unknown);
          return [p.id, { id: definition.id, title: definition.title, holds, subjects, unknown }];
        }),
      );
      this.byProduct.set(definition.id, results);
    }
    return results.get(productId)!;
  }

  /** The facts of the system, or of one product, with their subjects; a product's scope is built when a fact needs it. */
  of(product?: ModelProduct): FactLookup {
    if (!product) return (id) => this.systemFacts.get(id);
    const cached = this.cache.get(product.id);
    if (cached) return cached.lookup;
    const entry: { facts: Map<string, FactResult>; scope?: Scope; lookup: FactLookup } = {
      facts: new Map(),
      lookup: (id) => {
        let result = entry.facts.get(id);
        if (result) return result;
        const definition = FACT_DEFINITIONS.get(id);
        if (!definition) return undefined;
        result = this.productFact(definition, product.id, () => (entry.scope ??= this.graph.productScope(product)));
        entry.facts.set(id, result);
        return result;
      },
    };
    this.cache.set(product.id, entry);
    return entry.lookup;
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
