/**
 * The model's JSON Schema in the browser: what is allowed at a path (for completion) and what is wrong with a value
 * (for the editor's diagnostics while typing). Only the keywords `iotassure schema` writes are understood (a test
 * checks that list against the real schema); a general validator such as Ajv compiles schemas to code with
 * `new Function`, which the workspace's Content-Security-Policy (script-src 'self') rightly refuses.
 */

export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

/** The keywords this module acts on or may ignore (annotations; `format` is also written as a `pattern`). */
export const UNDERSTOOD_KEYWORDS = [
  ...['type', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'prefixItems', 'anyOf'],
  ...['const', 'enum', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'],
  ...['description', 'format', '$schema', '$id', 'title'],
] as const;

/** Keys are mapping keys; numbers are sequence indexes. */
export type Path = (string | number)[];

export interface SchemaIssue {
  path: Path;
  message: string;
  /** the key at `path` is the problem (not its value) */
  onKey?: boolean;
}

/** The alternatives a schema stands for: its anyOf branches, flattened. */
export function alternatives(schema: JsonSchema): JsonSchema[] {
  return schema.anyOf ? schema.anyOf.flatMap(alternatives) : [schema];
}

/** The schemas that may describe the value at `path` (several where an anyOf allows several shapes). */
export function schemasAt(root: JsonSchema, path: Path): JsonSchema[] {
  let current = alternatives(root);
  for (const step of path) {
    current = current.flatMap((s) => {
      const next = typeof step === 'number' ? (s.prefixItems?.[step] ?? s.items) : childOf(s, step);
      return next ? alternatives(next) : [];
    });
  }
  return current;
}

function childOf(schema: JsonSchema, key: string): JsonSchema | undefined {
  const declared = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
  if (declared) return declared;
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;

function typeMatches(schema: JsonSchema, value: unknown): boolean {
  if (schema.type === undefined) return true;
  const actual = typeOf(value);
  const allowed = Array.isArray(schema.type) ? schema.type : [schema.type];
  return allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
}

/** A short human description of what a schema accepts, for "expected …" messages. */
export function describe(schema: JsonSchema): string {
  const branches = alternatives(schema);
  if (branches.length > 1) return orList(branches.map(describe));
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type;
  if (type === 'object') return 'a mapping';
  if (type === 'array') return 'a list';
  return type ? `a ${type}` : 'any value';
}

const orList = (items: string[]) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;

const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** What was found instead, in the words of the messages. */
function found(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : shown(value);
}

/** Everything wrong with `value` under `schema`, each with the path it is at. */
export function check(schema: JsonSchema, value: unknown, path: Path = []): SchemaIssue[] {
  if (schema.anyOf) return checkAnyOf(schema, value, path);
  if (!typeMatches(schema, value) || (schema.const !== undefined && value !== schema.const))
    return [{ path, message: `expected ${describe(schema)}, found ${found(value)}` }];
  if (schema.enum && !schema.enum.includes(value))
    return [{ path, message: `${shown(value)} is not allowed here; expected ${describe(schema)}` }];
  if (typeof value === 'string') return checkString(schema, value, path);
  if (typeof value === 'number') return checkNumber(schema, value, path);
  if (Array.isArray(value)) return checkArray(schema, value, path);
  if (typeof value === 'object' && value !== null) return checkObject(schema, value as Record<string, unknown>, path);
  return [];
}

/**
 * Valid when one branch is. Otherwise a mapping or list is judged by the branch of its type with the fewest issues,
 * and a scalar by the one branch of its type if that is not a fixed value; else one "expected A or B" issue.
 */
function checkAnyOf(schema: JsonSchema, value: unknown, path: Path): SchemaIssue[] {
  const branches = alternatives(schema).filter((b) => typeMatches(b, value));
  const results = branches.map((b) => check(b, value, path));
  if (results.some((r) => r.length === 0)) return [];
  const collection = typeof value === 'object' && value !== null;
  const telling = collection ? results.length > 0 : results.length === 1 && branches[0]!.const === undefined;
  if (!telling) return [{ path, message: `expected ${describe(schema)}, found ${found(value)}` }];
  return results.reduce((best, r) => (r.length < best.length ? r : best));
}

function checkString(schema: JsonSchema, value: string, path: Path): SchemaIssue[] {
  const what = schema.description ? ` (${schema.description})` : '';
  if (schema.minLength !== undefined && value.length < schema.minLength)
    return [{ path, message: `at least ${schema.minLength} characters expected${what}` }];
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    return [{ path, message: `at most ${schema.maxLength} characters allowed${what}` }];
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value))
    return [{ path, message: `${shown(value)} does not have the expected form${what || ` (${schema.pattern})`}` }];
  return [];
}

function checkNumber(schema: JsonSchema, value: number, path: Path): SchemaIssue[] {
  if (schema.minimum !== undefined && value < schema.minimum)
    return [{ path, message: `${value} is below the minimum ${schema.minimum}` }];
  if (schema.maximum !== undefined && value > schema.maximum)
    return [{ path, message: `${value} is above the maximum ${schema.maximum}` }];
  return [];
}

function checkArray(schema: JsonSchema, value: unknown[], path: Path): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  if (schema.minItems !== undefined && value.length < schema.minItems)
    issues.push({ path, message: `at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'} expected` });
  if (schema.maxItems !== undefined && value.length > schema.maxItems)
    issues.push({ path, message: `at most ${schema.maxItems} item${schema.maxItems === 1 ? '' : 's'} allowed` });
  value.forEach((item, i) => {
    const itemSchema = schema.prefixItems?.[i] ?? schema.items;
    if (itemSchema) issues.push(...check(itemSchema, item, [...path, i]));
  });
  return issues;
}

function checkObject(schema: JsonSchema, value: Record<string, unknown>, path: Path): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  for (const key of schema.required ?? [])
    if (!Object.hasOwn(value, key)) issues.push({ path, message: `the key "${key}" is required here` });
  for (const [key, item] of Object.entries(value)) {
    const declared = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    if (!declared && schema.propertyNames) {
      const name = check(schema.propertyNames, key, [...path, key]);
      issues.push(...name.map((i) => ({ ...i, onKey: true })));
      if (name.length > 0) continue;
    }
    const child = childOf(schema, key);
    if (child) issues.push(...check(child, item, [...path, key]));
    else if (schema.additionalProperties === false) issues.push(unknownKey(schema, key, path));
  }
  return issues;
}

function unknownKey(schema: JsonSchema, key: string, path: Path): SchemaIssue {
  const known = Object.keys(schema.properties ?? {});
  return {
    path: [...path, key],
    onKey: true,
    message: `unknown key "${key}"${known.length > 0 ? `; expected one of ${known.join(', ')}` : ''}`,
  };
}
