/**
 * Where things are in a YAML text: the source range of the node at a path (for the schema's diagnostics) and the
 * offset of a 1-based line and column (for the CLI's). Pure: used by the editor and by unit tests under Node.
 */
import { type Document, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Path } from './model-schema.js';

/** A span of the text, as offsets: [from, to). */
export interface Span {
  from: number;
  to: number;
}

const spanOf = (node: Node | null | undefined): Span | undefined =>
  node?.range ? { from: node.range[0], to: node.range[1] } : undefined;

/**
 * The span of the node at `path` (of its key when `onKey`). Where the path goes further than the document (a key
 * that is missing, a value that is empty), the deepest node on the way stands for it, so every issue has a place.
 * A mapping or list is shown at its key (or its first line): underlining all of it would hide everything inside.
 */
export function spanAt(text: string, doc: Document, path: Path, onKey = false): Span {
  let node = doc.contents as Node | null;
  let key: Span | undefined;
  for (const [i, step] of path.entries()) {
    let next: Node | null | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
      if (pair) {
        key = spanOf(pair.key as Node) ?? key;
        if (i === path.length - 1 && onKey && key) return key;
        next = pair.value as Node | null;
      }
    } else if (isSeq(node) && typeof step === 'number') {
      next = node.items[step] as Node | null;
      if (next) key = undefined;
    }
    if (!next?.range) break;
    node = next;
  }
  const span = spanOf(node);
  if (!span || span.from === span.to) return key ?? firstLine(text, span?.from ?? 0);
  if (isMap(node) || isSeq(node)) return key ?? firstLine(text, span.from);
  return span;
}

function firstLine(text: string, from: number): Span {
  const end = text.indexOf('\n', from);
  return { from, to: end < 0 ? text.length : end };
}

/** The offset of a 1-based line and column, clamped to the text (a stale position still lands somewhere). */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const end = text.indexOf('\n', offset);
  const lineEnd = end < 0 ? text.length : end;
  return Math.min(offset + Math.max(column - 1, 0), lineEnd);
}

/** The span of a whole 1-based line, without its line break. */
export function lineSpan(text: string, line: number): Span {
  return firstLine(text, offsetOf(text, line, 1));
}
