/**
 * When a control or requirement applies, as a small expression over facts: a fact id, or `all` / `any` / `not` of
 * expressions. Parsed data, never evaluated code.
 */
import { z } from 'zod';
import type { FactResult } from './facts.js';

export type Condition = string | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.string().describe('a fact id'),
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
);

export interface ConditionResult {
  holds: boolean;
  /** The facts that decided the result, with the elements that establish them. */
  because: FactResult[];
}

export function evaluateCondition(condition: Condition, facts: ReadonlyMap<string, FactResult>): ConditionResult {
  if (typeof condition === 'string') {
    const fact = facts.get(condition);
    if (!fact) throw new Error(`internal: unknown fact ${condition} (catalog validation checks fact ids)`);
    return { holds: fact.holds, because: [fact] };
  }
  if ('not' in condition) {
    const inner = evaluateCondition(condition.not, facts);
    return { holds: !inner.holds, because: inner.because };
  }
  const parts = ('all' in condition ? condition.all : condition.any).map((c) => evaluateCondition(c, facts));
  const holds = 'all' in condition ? parts.every((p) => p.holds) : parts.some((p) => p.holds);
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
