/**
 * Facts and conditions on every part of a fine-grained level at once — each element, flow or data asset, judged on
 * its own scope (its flows and data, its ends, its stores and carriers) — as one answer per part, by index.
 *
 * The answers are those of judging each part's scope alone, read from the items the system-wide evaluation judged:
 * a fact holds on a scope when one of its items establishes it, so each item that establishes a fact (or leaves it
 * open) marks the parts whose scope contains it. That is one pass over those items per fact and level, instead of a
 * pass over every part's scope for every condition that asks: a fleet of ten thousand devices costs a few array
 * operations per condition.
 */
import type { Condition, Truth } from '../model/condition.js';
import { FACT_DEFINITIONS, type FactDefinition } from '../model/facts.js';
import type { SystemGraph } from '../model/graph.js';
import type { Scope } from '../model/types.js';
import { getOrCreate } from '../util/maps.js';
import type { ScopedFacts } from './context.js';

export type PartLevel = 'element' | 'flow' | 'data-asset';

/** Truth values as bytes, so that a level's answers are one typed array. */
const FALSE = 0;
const TRUE = 1;
const UNKNOWN = 2;
export type TruthCode = typeof FALSE | typeof TRUE | typeof UNKNOWN;
const CODES = [false, true, 'unknown'] as const;
export const truthOfCode = (code: number): Truth => CODES[code]!;

/** The parts of a level: their ids in order, and each one's scope (built only for facts judged per scope). */
export interface LevelParts {
  ids: readonly string[];
  /** part index by id */
  index: ReadonlyMap<string, number>;
  scope(index: number): Scope;
}

export class PartFacts {
  private readonly facts = new Map<string, Uint8Array>();
  private readonly conditions = new Map<string, Uint8Array>();

  constructor(
    private readonly graph: SystemGraph,
    private readonly scoped: ScopedFacts,
    private readonly partsOf: (level: PartLevel) => LevelParts,
  ) {}

  /** A condition's answer on every part of a level; `key` names the condition (conditions are cached by it). */
  condition(condition: Condition, level: PartLevel, key: string): Uint8Array {
    return getOrCreate(this.conditions, `${level}|${key}`, () => this.evaluate(condition, level));
  }

  /** Kleene logic, part by part, as in evaluateCondition. */
  private evaluate(condition: Condition, level: PartLevel): Uint8Array {
    if (typeof condition === 'string') return this.fact(condition, level);
    if ('not' in condition) return this.evaluate(condition.not, level).map((v) => (v === UNKNOWN ? UNKNOWN : 1 - v));
    const all = 'all' in condition;
    const operands = (all ? condition.all : condition.any).map((c) => this.evaluate(c, level));
    const decisive = all ? FALSE : TRUE;
    const out = new Uint8Array(this.partsOf(level).ids.length).fill(all ? TRUE : FALSE);
    for (let i = 0; i < out.length; i++) {
      for (const operand of operands) {
        const v = operand[i]!;
        if (v === decisive) {
          out[i] = decisive;
          break;
        }
        if (v === UNKNOWN) out[i] = UNKNOWN;
      }
    }
    return out;
  }

  private fact(id: string, level: PartLevel): Uint8Array {
    return getOrCreate(this.facts, `${level}|${id}`, () => {
      const definition = FACT_DEFINITIONS.get(id);
      if (!definition) throw new Error(`internal: unknown fact ${id} (catalog validation checks fact ids)`);
      return this.judge(definition, level);
    });
  }

  private judge(definition: FactDefinition, level: PartLevel): Uint8Array {
    const parts = this.partsOf(level);
    const out = new Uint8Array(parts.ids.length);
    if (definition.over === 'organisations') return out.fill(codeOf(this.scoped.system(definition.id).holds));
    if (definition.over === 'scope') {
      for (let i = 0; i < out.length; i++) out[i] = codeOf(definition.judge(parts.scope(i), this.graph).holds);
      return out;
    }
    const { subjects, unknown } = this.scoped.system(definition.id);
    const kind = definition.over === 'flows' ? 'flow' : definition.over === 'dataAssets' ? 'data-asset' : 'element';
    const markTrue = (i: number) => {
      out[i] = TRUE;
    };
    const markOpen = (i: number) => {
      if (out[i] === FALSE) out[i] = UNKNOWN;
    };
    for (let k = 0; k < subjects.length; k++) this.eachPartContaining(level, kind, subjects[k]!, markTrue);
    for (let k = 0; k < unknown.length; k++) this.eachPartContaining(level, kind, unknown[k]!, markOpen);
    return out;
  }

  /**
   * Calls `visit` with each part of a level whose scope contains an item (by the scopes of graph.scopeOf, flowScope
   * and dataScope). A callback, not a generator: this runs for every item of every fact, and each step of a generator
   * allocates.
   */
  private eachPartContaining(level: PartLevel, kind: PartLevel, id: string, visit: (index: number) => void): void {
    const { graph } = this;
    const { index } = this.partsOf(level);
    if (level === kind) visitPart(index, id, visit);
    else if (level === 'element') {
      // an element's scope: itself, the flows that touch it, the data it stores or those flows carry
      if (kind === 'flow') {
        const flow = graph.flows.get(id);
        if (flow) {
          visitPart(index, flow.from, visit);
          visitPart(index, flow.to, visit);
        }
      } else {
        const asset = graph.dataAssets.get(id);
        if (!asset) return;
        for (const element of asset.storedIn) visitPart(index, element, visit);
        for (const flow of graph.carriersOf(asset)) {
          visitPart(index, flow.from, visit);
          visitPart(index, flow.to, visit);
        }
      }
    } else if (level === 'flow') {
      // a flow's scope: itself, its two ends, the data it carries
      const asset = kind === 'data-asset' ? graph.dataAssets.get(id) : undefined;
      const flows = kind === 'element' ? graph.flowsOf(graph.element(id)) : asset ? graph.carriersOf(asset) : [];
      for (const flow of flows) visitPart(index, flow.id, visit);
    } else if (kind === 'element') {
      // a data asset's scope: itself, the elements that store it, the flows that carry it
      for (const asset of graph.dataStoredIn(graph.element(id))) visitPart(index, asset.id, visit);
    } else for (const asset of graph.flows.get(id)?.data ?? []) visitPart(index, asset, visit);
  }
}

function visitPart(index: ReadonlyMap<string, number>, partId: string, visit: (index: number) => void): void {
  const i = index.get(partId);
  if (i !== undefined) visit(i);
}

function codeOf(truth: Truth): TruthCode {
  return truth === true ? TRUE : truth === false ? FALSE : UNKNOWN;
}
