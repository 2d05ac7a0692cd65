/**
 * A quicker way through a zod schema for values that are valid. zod gives each node a payload, an issue list and a
 * call through its checks; for a fleet model that is millions of objects that live for a moment, and about a quarter
 * of loading it (docs/performance.md, 2026-12-05). `fastParser(schema)` walks the schema's definition once and
 * returns a parser that gives what zod's parse gives — a copy, each object's keys in the schema's order, absent
 * optional keys left out — or NOT_PARSED at the first value it does not accept. It decides nothing on its own where
 * zod's rules are more than a type test: checks (lengths, patterns, formats, ranges) run zod's own check functions,
 * and kinds of schema it does not know go through zod's own parse for that node. So it gives a value only where zod
 * gives the same; on NOT_PARSED the caller runs zod, whose issues make the diagnostics. test/fast-parse.test.ts holds
 * the two to the same results.
 */
import type { z } from 'zod';
import { isRecord } from '../util/objects.js';

export const NOT_PARSED: unique symbol = Symbol('not parsed');

type Parse = (value: unknown) => unknown;

type Def = z.core.$ZodTypeDef & Record<string, unknown>;

/** A parser that gives zod's result for the schema, or NOT_PARSED where zod would report an issue. */
export function fastParser(schema: z.core.$ZodType, { jitless = true } = {}): Parse {
  return compile(schema, { parsers: new Map(), zod: { async: false, jitless } });
}

/**
 * The parsers made so far, and how zod is to parse the nodes left to it: interpreted, or with the parsers zod compiles
 * (which repay themselves only on large documents; see COMPILED_PARSE_FROM in validate.ts).
 */
interface Compiling {
  parsers: Map<z.core.$ZodType, Parse>;
  zod: z.core.ParseContext<z.core.$ZodIssue> & { async: false };
}

function compile(schema: z.core.$ZodType, compiling: Compiling): Parse {
  const known = compiling.parsers.get(schema);
  if (known) return known;
  // a schema met again inside itself (a shape that refers to its own object) goes through this entry, filled in below
  let parse: Parse | undefined;
  compiling.parsers.set(schema, (value) => parse!(value));
  parse = compileDef(schema, compiling);
  compiling.parsers.set(schema, parse);
  return parse;
}

function compileDef(schema: z.core.$ZodType, compiling: Compiling): Parse {
  const def = schema._zod.def as Def;
  const structure = compileStructure(schema, def, compiling);
  if (!structure) return byZod(schema, compiling.zod);
  // a schema that is a check itself (z.iso.date(), z.int()…) runs first among its checks, as zod runs it
  const own = schema._zod.traits.has('$ZodCheck') ? [schema as unknown as z.core.$ZodCheck<unknown>] : [];
  const checks = [...own, ...((def.checks ?? []) as z.core.$ZodCheck<unknown>[])];
  return checks.length === 0 ? structure : withChecks(structure, checks);
}

/** The node's own type test and parts, where that is all zod does for it; undefined where zod decides more. */
function compileStructure(schema: z.core.$ZodType, def: Def, compiling: Compiling): Parse | undefined {
  if (def.coerce) return undefined;
  switch (def.type) {
    case 'string':
      return (value) => (typeof value === 'string' ? value : NOT_PARSED);
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : NOT_PARSED);
    case 'number':
      return (value) => (typeof value === 'number' && Number.isFinite(value) ? value : NOT_PARSED);
    case 'literal':
    case 'enum': {
      // the values zod itself accepts
      const values = schema._zod.values;
      return values && ((value) => (values.has(value as never) ? value : NOT_PARSED));
    }
    case 'optional': {
      const inner = def.innerType as z.core.$ZodType;
      if (inner._zod.optin === 'defaulted') return undefined;
      const parse = compile(inner, compiling);
      return (value) => (value === undefined ? undefined : parse(value));
    }
    case 'union': {
      // the first option that accepts the value gives it, as in zod
      const options = (def.options as z.core.$ZodType[]).map((option) => compile(option, compiling));
      return (value) => {
        for (const option of options) {
          const parsed = option(value);
          if (parsed !== NOT_PARSED) return parsed;
        }
        return NOT_PARSED;
      };
    }
    case 'array': {
      const element = compile(def.element as z.core.$ZodType, compiling);
      return (value) => {
        if (!Array.isArray(value)) return NOT_PARSED;
        const out: unknown[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const parsed = element(value[i]);
          if (parsed === NOT_PARSED) return NOT_PARSED;
          out[i] = parsed;
        }
        return out;
      };
    }
    case 'object':
      return compileObject(def, compiling);
    default:
      return undefined;
  }
}

/** zod's checks of a node (lengths, patterns, ranges), run by zod's own code on the parsed value, in zod's order. */
function withChecks(structure: Parse, checks: readonly z.core.$ZodCheck<unknown>[]): Parse {
  return (value) => {
    const parsed = structure(value);
    if (parsed === NOT_PARSED) return NOT_PARSED;
    const payload: z.core.ParsePayload = { value: parsed, issues: [] };
    for (const check of checks) {
      const when = check._zod.def.when;
      if (when && !when(payload)) continue;
      if (check._zod.check(payload) instanceof Promise) return NOT_PARSED;
      if (payload.issues.length > 0) return NOT_PARSED;
    }
    return payload.value;
  };
}

/**
 * An object with its shape's keys in order, absent optional keys left out (as zod does), and, for a strict object,
 * no other key. Objects that strip or pass through other keys, or check the whole object, are left to zod.
 */
function compileObject(def: Def, compiling: Compiling): Parse | undefined {
  const catchall = def.catchall as z.core.$ZodType | undefined;
  if (catchall?._zod.def.type !== 'never') return undefined;
  const shape = def.shape as Record<string, z.core.$ZodType>;
  const keys = Object.keys(shape);
  if (keys.length !== Reflect.ownKeys(shape).length || keys.includes('__proto__')) return undefined;
  const fields = keys.map((key) => {
    const field = shape[key]!._zod;
    // absent, such a key is left out; any other absent key is for zod to judge
    return {
      key,
      parse: compile(shape[key]!, compiling),
      omittable: field.optin === 'optional' && field.optout === 'optional',
    };
  });
  const allowed = new Set(keys);
  return (value) => {
    if (!isRecord(value)) return NOT_PARSED;
    const out: Record<string, unknown> = {};
    for (const { key, parse, omittable } of fields) {
      if (!(key in value)) {
        if (omittable) continue;
        return NOT_PARSED;
      }
      const parsed = parse(value[key]);
      if (parsed === NOT_PARSED) return NOT_PARSED;
      out[key] = parsed;
    }
    // a strict object: any other key is an issue (zod looks with for-in too)
    for (const key in value) if (!allowed.has(key)) return NOT_PARSED;
    return out;
  };
}

/** zod's own parse of one node: for checks, and for kinds of schema not known here. */
function byZod(schema: z.core.$ZodType, ctx: Compiling['zod']): Parse {
  return (value) => {
    const payload = schema._zod.run({ value, issues: [] }, ctx);
    if (payload instanceof Promise) return NOT_PARSED;
    return payload.issues.length === 0 ? payload.value : NOT_PARSED;
  };
}
