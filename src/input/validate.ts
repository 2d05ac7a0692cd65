/**
 * Turns schema violations into diagnostics a person can act on: the file position of the offending node, the path,
 * what was found, what was expected, and a "did you mean" where the value looks like a typo.
 */
import { z } from 'zod';
import { type Diagnostic, formatPath, InputError, SECRET_KEY, shortToken } from '../util/diagnostics.js';
import { getOrCreate } from '../util/maps.js';
import { closest } from '../util/suggest.js';
import { withArticle } from '../util/words.js';
import { fastParser, NOT_PARSED } from './fast-parse.js';
import type { SourceDocument } from './source.js';

/**
 * From this many characters of text, zod's compiled parsers are used where zod parses: a document the fast parser
 * does not accept, and the nodes the fast parser leaves to zod (a diff's assessments are such nodes whole). zod
 * compiles a parser for each object schema the first time it parses with it (`new Function`), which pays off over
 * many objects: a 100 000-element model validated in 1.4 s compiled and 2.4 s interpreted. For a small model the
 * compiling was most of the time (about 25 ms of CPU of `validate` on the camera example); interpreting gives the
 * same results (zod's own tests run both ways).
 */
const COMPILED_PARSE_FROM = 1 << 20;

/**
 * Each schema's fast parsers (fast-parse.ts), made the first time a document is validated against it: one leaves the
 * nodes it does not parse itself to zod interpreting, the other to zod's compiled parsers.
 */
const fastParsers = {
  interpreted: new WeakMap<z.ZodType, (value: unknown) => unknown>(),
  compiled: new WeakMap<z.ZodType, (value: unknown) => unknown>(),
};

/**
 * Validates the document's value (or a value made from it, such as a decoded assessment, whose paths are the
 * document's) against `schema`; returns the typed value or throws an InputError. A valid value takes the fast
 * parser's way, which gives zod's result; anything it does not accept goes through zod, for zod's result or issues.
 */
export function validateDocument<S extends z.ZodType>(
  doc: SourceDocument,
  schema: S,
  value: unknown = doc.value,
): z.output<S> {
  const jitless = doc.text.length < COMPILED_PARSE_FROM;
  const parsers = jitless ? fastParsers.interpreted : fastParsers.compiled;
  const parsed = getOrCreate(parsers, schema, () => fastParser(schema, { jitless }))(value);
  if (parsed !== NOT_PARSED) return parsed as z.output<S>;
  const result = schema.safeParse(value, { jitless });
  if (result.success) return result.data;
  const diagnostics = result.error.issues.flatMap((issue) => issueDiagnostics(doc, value, schema, issue));
  throw new InputError(sortDiagnostics(diagnostics));
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.column ?? 0) - (b.position?.column ?? 0),
  );
}

function issueDiagnostics(
  doc: SourceDocument,
  root: unknown,
  schema: z.ZodType,
  issue: z.core.$ZodIssue,
): Diagnostic[] {
  const path = issue.path as PropertyKey[];
  const value = valueAt(root, path);
  const secret = path.some((segment) => typeof segment === 'string' && SECRET_KEY.test(segment));
  const found = secret ? new Secret(value) : value;
  const at = (p: PropertyKey[], key = false): Pick<Diagnostic, 'position' | 'path' | 'file' | 'severity'> => ({
    severity: 'error',
    file: doc.file,
    position: doc.locate(p, { key }),
    path: formatPath(p),
  });

  if (value === undefined && issue.code !== 'unrecognized_keys' && path.length > 0) {
    const expected = schemaAt(schema, path)?.description;
    return [
      {
        ...at(path.slice(0, -1)),
        message: `"${String(path[path.length - 1])}" is required but missing`,
        hint: expected ? `expected ${expected}` : undefined,
      },
    ];
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = objectKeysAt(schema, path);
      return issue.keys.map((key) => {
        const suggestion = closest(key, allowed);
        return {
          ...at([...path, key], true),
          message: `unknown key "${shortToken(key)}"`,
          hint: suggestion
            ? `did you mean "${suggestion}"?`
            : /\s/.test(key)
              ? 'inside { … } a comma ends the value: put quotes around a value that contains a comma'
              : `the keys allowed here are: ${allowed.join(', ') || '(none)'}`,
        };
      });
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const suggestion = typeof found === 'string' ? closest(found, options) : undefined;
      return [
        {
          ...at(path),
          message: `found ${describe(found)}, expected ${options.length === 1 ? options[0] : `one of: ${options.join(', ')}`}`,
          hint: suggestion ? `did you mean "${suggestion}"?` : undefined,
        },
      ];
    }
    case 'invalid_type': {
      return [{ ...at(path), message: `found ${describe(found)}, expected ${withArticle(issue.expected)}` }];
    }
    case 'invalid_union': {
      // A union of literals and patterns (e.g. retention): say what the union describes.
      const description = schemaAt(schema, path)?.description;
      return [{ ...at(path), message: `found ${describe(found)}, expected ${description ?? 'a different value'}` }];
    }
    default:
      return [{ ...at(path), message: `found ${describe(found)}: ${issue.message}` }];
  }
}

/** A value under a secret key: described by its kind and length only. */
class Secret {
  constructor(readonly value: unknown) {}
}

function describe(value: unknown): string {
  if (value instanceof Secret) {
    const v = value.value;
    const kind =
      typeof v === 'string'
        ? `a string of ${v.length} characters`
        : typeof v === 'object'
          ? describe(v)
          : withArticle(typeof v);
    return `${kind} (not shown: it is a secret)`;
  }
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${shortToken(value)}"`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

/** The schema that validates the value at `path`, walking objects, arrays, records and optionals. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    current = current && child(unwrap(current), segment);
  }
  return current;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) {
    s = s.unwrap() as z.ZodType;
  }
  return s;
}

function child(schema: z.ZodType, segment: PropertyKey): z.ZodType | undefined {
  if (schema instanceof z.ZodObject) return (schema.shape as Record<string, z.ZodType>)[String(segment)];
  if (schema instanceof z.ZodArray) return schema.element as z.ZodType;
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType;
  return undefined;
}

function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const target = schemaAt(schema, path);
  const object = target && unwrap(target);
  return object instanceof z.ZodObject ? Object.keys(object.shape) : [];
}
