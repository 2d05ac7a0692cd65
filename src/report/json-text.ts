/**
 * JSON text as a stream of chunks: exactly what `JSON.stringify(value, null, indent)` returns, produced piece by piece
 * so a document of hundreds of megabytes (SARIF or OSCAL of 100 000 elements) never has to be one string — V8 refuses
 * strings above about 512 MiB ("Invalid string length").
 */
import { createHash } from 'node:crypto';
import { batched } from '../util/text-chunks.js';
import { LazyList } from './lazy-list.js';

/**
 * Containers nested this deep or deeper are small (one OSCAL risk or finding, one SARIF result's parts); each is
 * stringified whole. The fleet-sized lists (OSCAL's risks at depth 4, SARIF's results at 3) are above it.
 */
const STREAM_DEPTH = 5;
/** Chunks are joined up to about this many characters before they are written or hashed. */
const BATCH = 1 << 16;

/**
 * `JSON.stringify(value, null, indent)` in pieces; with `itemLinesFrom`, each item of a list nested that deep or
 * deeper is written on a line of its own, as JSON.stringify writes it without indentation.
 */
export function* jsonText(
  value: unknown,
  indent = 0,
  depth = 0,
  itemLinesFrom = Number.POSITIVE_INFINITY,
): Generator<string> {
  const list = Array.isArray(value) || value instanceof LazyList;
  const itemLines = list && depth + 1 >= itemLinesFrom;
  if (value === null || typeof value !== 'object' || (depth >= STREAM_DEPTH && !itemLines)) {
    yield stringifyAt(value, indent, depth);
    return;
  }
  const pad = indent > 0 ? `\n${' '.repeat(indent * (depth + 1))}` : '';
  const end = indent > 0 ? `\n${' '.repeat(indent * depth)}` : '';
  if (list) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    let first = true;
    for (const item of value as Iterable<unknown>) {
      yield first ? pad : `,${pad}`;
      first = false;
      // as JSON.stringify does: what has no JSON form is null in an array
      const element = item === undefined || typeof item === 'function' ? null : item;
      if (itemLines) yield JSON.stringify(element);
      else yield* jsonText(element, indent, depth + 1, itemLinesFrom);
    }
    yield `${end}]`;
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  const colon = indent > 0 ? ': ' : ':';
  for (let i = 0; i < entries.length; i++) {
    const [key, item] = entries[i]!;
    yield `${i === 0 ? pad : `,${pad}`}${JSON.stringify(key)}${colon}`;
    yield* jsonText(item, indent, depth + 1, itemLinesFrom);
  }
  yield `${end}}`;
}

/**
 * JSON.stringify of a value nested `depth` levels deep: its inner lines indented as they would be in place. An object
 * is stringified inside `depth` one-item arrays, which JSON.stringify indents itself, and cut out of them: indenting
 * its text afterwards was a second pass over every OSCAL risk and SARIF result (about a third of OSCAL's time).
 */
function stringifyAt(value: unknown, indent: number, depth: number): string {
  if (indent === 0 || depth === 0 || value === null || typeof value !== 'object') {
    return JSON.stringify(value, null, indent) ?? 'null';
  }
  let nested: unknown = value;
  for (let i = 0; i < depth; i++) nested = [nested];
  const text = JSON.stringify(nested, null, indent);
  // level k opens with its indent, "[" and a line break, and closes with a line break, its indent and "]"; the item's
  // own first line is indented by `depth` levels
  const tail = (indent * depth * (depth - 1)) / 2 + 2 * depth;
  return text.slice(tail + indent * depth, text.length - tail);
}

/**
 * A document written pretty (two spaces) with a final line break, built only when the file is written. With
 * `itemLinesFrom`, each item of a list nested that deep is written on a line of its own, as the assessment file
 * writes the items of its lists: a fleet's OSCAL risks or SARIF results one per line, which halves the largest files.
 */
export function* prettyJsonFile(build: () => unknown, itemLinesFrom?: number): Generator<string> {
  yield* jsonText(build(), 2, 0, itemLinesFrom);
  yield '\n';
}

/** SHA-256 (hex) of `JSON.stringify(value)`, without making that string. */
export const jsonDigest = (value: unknown): string => textDigest(jsonText(value));

/** SHA-256 (hex) of a text given in pieces. */
export function textDigest(chunks: Iterable<string>): string {
  let digest = '';
  for (const _ of digesting(chunks, (d) => (digest = d)));
  return digest;
}

/** The text's pieces as they pass, and when the last has passed, its SHA-256 (hex) to `done`. */
export function* digesting(chunks: Iterable<string>, done: (digest: string) => void): Generator<string> {
  const hash = createHash('sha256');
  for (const piece of batched(chunks, BATCH)) {
    hash.update(piece);
    yield piece;
  }
  done(hash.digest('hex'));
}
