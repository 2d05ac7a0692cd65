/**
 * A parsed YAML or JSON document: its plain-data value, and where every mapping key, value and sequence item is in its
 * text. Both readers (source.ts reads any YAML through js-yaml's events, plain-yaml.ts the plain subset fleet models are
 * written in) build it with the same parts, so that a document reads the same whichever read it.
 */
import type { SourcePosition } from '../util/diagnostics.js';
import { sharedList } from '../util/maps.js';

/** Keys that could alter object behaviour if set on a value: refused in any document. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Where a mapping or sequence and its parts are. Kept as flat arrays of numbers: a fleet model has hundreds of
 * thousands of keys, and a map with a pair per key cost five times the parsed values themselves.
 */
export interface NodeInfo {
  offset: number;
  /** mapping: its keys, each once; key i is at offsets[2i] and its value at offsets[2i + 1] */
  names?: string[];
  /** mapping: the key and value offsets; sequence: the item offsets */
  offsets: number[];
  /** mapping with many keys: key → i, built on the first lookup */
  index?: Map<string, number>;
}

/** Mappings with more keys than this get an index; smaller ones are searched. */
const INDEXED_KEYS = 16;

/** The slot of a key in a mapping's info, or -1. */
export function keySlot(info: NodeInfo, key: string): number {
  const names = info.names!;
  if (names.length <= INDEXED_KEYS) return names.indexOf(key);
  info.index ??= new Map(names.map((name, i) => [name, i]));
  return info.index.get(key) ?? -1;
}

/** Sets where a key and its value are, replacing an earlier entry of the same key (a merged one). */
export function setKey(info: NodeInfo, key: string, keyOffset: number, valueOffset: number): void {
  let slot = keySlot(info, key);
  if (slot === -1) {
    slot = info.names!.push(key) - 1;
    info.index?.set(key, slot);
  }
  info.offsets[2 * slot] = keyOffset;
  info.offsets[2 * slot + 1] = valueOffset;
}

export class SourceDocument {
  readonly file: string;
  readonly text: string;
  readonly value: unknown;
  private readonly info: Map<object, NodeInfo>;
  private lineStarts: number[] | undefined;

  constructor(file: string, text: string, value: unknown, info: Map<object, NodeInfo>) {
    this.file = file;
    this.text = text;
    this.value = value;
    this.info = info;
  }

  /** Position of the node at `path`; falls back to the deepest ancestor we know. With `key`, the key's position. */
  locate(path: readonly PropertyKey[], options: { key?: boolean } = {}): SourcePosition {
    let node: unknown = this.value;
    let offset = 0;
    for (let i = 0; i < path.length; i++) {
      if (node === null || typeof node !== 'object') break;
      const info = this.info.get(node);
      if (info === undefined) break;
      offset = info.offset;
      const segment = path[i];
      const isLast = i === path.length - 1;
      if (info.names && typeof segment === 'string') {
        const slot = keySlot(info, segment);
        if (slot === -1) break;
        offset = info.offsets[isLast && options.key ? 2 * slot : 2 * slot + 1]!;
        node = (node as Record<string, unknown>)[segment];
      } else if (!info.names && typeof segment === 'number') {
        const itemOffset = info.offsets[segment];
        if (itemOffset === undefined) break;
        offset = itemOffset;
        node = (node as unknown[])[segment];
      } else break;
    }
    if (path.length === 0 && node !== null && typeof node === 'object') offset = this.info.get(node)?.offset ?? 0;
    return this.position(offset);
  }

  /** Position of an object node itself (an element, a flow…), if it came from this document. */
  positionOf(node: object): SourcePosition | undefined {
    const info = this.info.get(node);
    return info === undefined ? undefined : this.position(info.offset);
  }

  position(offset: number): SourcePosition {
    this.lineStarts ??= computeLineStarts(this.text);
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * What a reader keeps while it builds a document: where every mapping and sequence is, one string object per distinct
 * short scalar, and one key list per order of keys.
 */
export class DocumentParts {
  readonly info = new Map<object, NodeInfo>();
  private readonly strings = new Map<string, string>();
  private readonly names = new Map<string, string[]>();

  /**
   * One string object per distinct short scalar: a fleet model repeats its ids (in flows, products, statuses) and its
   * words (`coap`, `psk`) tens of thousands of times. Shared, they cost memory once, and every map lookup or
   * comparison of two of them later finds the same object instead of comparing characters.
   */
  intern(value: string): string {
    if (value.length > 64) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  /**
   * One list per sequence of keys, for mappings that are complete: a fleet's flows and elements write their keys in a
   * few orders, and a list each was a fifth of the positions kept for the whole document.
   */
  keyList(names: string[]): string[] {
    return sharedList(this.names, names);
  }

  document(file: string, text: string, value: unknown): SourceDocument {
    return new SourceDocument(file, text, value, this.info);
  }
}
