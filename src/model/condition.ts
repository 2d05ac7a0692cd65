/**
 * When a control or requirement applies, as a small expression over facts: a fact id, or `all` / `any` / `not` of
 * expressions. Parsed data, never evaluated code.
 */
import { z } from 'zod';
import type { FactResult, Truth } from './types.js';

export type { Truth };

/** A three-valued answer: a fact holds, fails, or the model does not say. */

export type Condition = string | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.string().describe('a fact id'),
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
);

export interface ConditionResult<F = FactResult> {
  holds: Truth;
  /** The facts that decided the result, with the elements that establish them (or leave it open). */
  because: F[];
}

/**
 * Evaluates a condition in three-valued (Kleene) logic: `all` fails when any part fails and is unknown when none
 * fails but one is unknown; `any` holds when any part holds and is unknown when none holds but one is unknown.
 * `lookup` gives each fact's result; it throws for an id the catalog loader should have refused.
 */
export function evaluateCondition<F extends { holds: Truth }>(
  condition: Condition,
  lookup: ReadonlyMap<string, F> | ((id: string) => F | undefined),
): ConditionResult<F> {
  if (typeof condition === 'string') {
    const fact = typeof lookup === 'function' ? lookup(condition) : lookup.get(condition);
    if (!fact) throw new Error(`internal: unknown fact ${condition} (catalog validation checks fact ids)`);
    return { holds: fact.holds, because: [fact] };
  }
  if ('not' in condition) {
    const inner = evaluateCondition(condition.not, lookup);
    return { holds: inner.holds === 'unknown' ? 'unknown' : !inner.holds, because: inner.because };
  }
  const all = 'all' in condition;
  const parts = (all ? condition.all : condition.any).map((c) => evaluateCondition(c, lookup));
  const decisive = !all;
  const holds: Truth = parts.some((p) => p.holds === decisive)
    ? decisive
    : parts.some((p) => p.holds === 'unknown')
      ? 'unknown'
      : !decisive;
  // Explain with the parts that agree with the outcome: for "any" that held, the facts that held, and so on.
  const deciding = parts.filter((p) => p.holds === holds);
  return { holds, because: deciding.flatMap((p) => p.because) };
}

export function factsIn(condition: Condition): string[] {
  if (typeof condition === 'string') return [condition];
  if ('not' in condition) return factsIn(condition.not);
  return ('all' in condition ? condition.all : condition.any).flatMap(factsIn);
}

export function describeCondition(condition: Condition): string {
  if (typeof condition === 'string') return condition;
  if ('not' in condition) return `not ${describeCondition(condition.not)}`;
  const parts = ('all' in condition ? condition.all : condition.any).map(describeCondition);
  return `(${parts.join('all' in condition ? ' and ' : ' or ')})`;
}
