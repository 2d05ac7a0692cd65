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
 * Where a mapping or sequence and its parts are, as a reader builds the document. A finished document keeps them in a
 * SourceIndex instead.
 */
export interface NodeInfo {
  /** its number in the document (DocumentParts.add) */
  id: number;
  offset: number;
  /** mapping: its keys, each once, key i in slot i */
  names?: string[];
  /**
   * Per key of a mapping, three numbers: where the key is, where its value is, and the value's node (-1: a scalar).
   * Per item of a sequence, two: where it is, and its node.
   */
  slots: number[];
}

/** Key lists longer than this get an index (key → slot); shorter ones are searched. */
const INDEXED_KEYS = 16;

/** The index of each long key list, built on its first lookup; lists are shared by the mappings that write them. */
const KEY_INDEXES = new WeakMap<readonly string[], Map<string, number>>();

/** The slot of a key in a list of keys, or -1. */
function slotIn(names: readonly string[], key: string): number {
  if (names.length <= INDEXED_KEYS) return names.indexOf(key);
  let index = KEY_INDEXES.get(names);
  if (index === undefined) {
    index = new Map(names.map((name, i) => [name, i]));
    KEY_INDEXES.set(names, index);
  }
  return index.get(key) ?? -1;
}

/** The slot of a key in a mapping's info, or -1. */
export function keySlot(info: NodeInfo, key: string): number {
  return slotIn(info.names!, key);
}

/** Sets where a key and its value are and the value's node, replacing an earlier entry of the key (a merged one). */
export function setKey(info: NodeInfo, key: string, keyOffset: number, valueOffset: number, node: number): void {
  const slot = keySlot(info, key);
  if (slot === -1) addKey(info, key, keyOffset, valueOffset, node);
  else {
    info.slots[3 * slot] = keyOffset;
    info.slots[3 * slot + 1] = valueOffset;
    info.slots[3 * slot + 2] = node;
  }
}

/** Adds a key the mapping does not have yet, where it and its value are, and the value's node. */
export function addKey(info: NodeInfo, key: string, keyOffset: number, valueOffset: number, node: number): void {
  const names = info.names!;
  const slot = names.push(key) - 1;
  KEY_INDEXES.get(names)?.set(key, slot);
  info.slots.push(keyOffset, valueOffset, node);
}

/** Where key `slot` of a mapping is written. */
export function keyOffset(info: NodeInfo, slot: number): number {
  return info.slots[3 * slot]!;
}

/** Where the value of key `slot` of a mapping is written. */
export function valueOffset(info: NodeInfo, slot: number): number {
  return info.slots[3 * slot + 1]!;
}

export class SourceDocument {
  readonly file: string;
  readonly text: string;
  readonly value: unknown;
  /** Where every part of the document is, without the document: what a loaded model keeps to locate its parts. */
  readonly index: SourceIndex;

  constructor(file: string, text: string, value: unknown, nodes: readonly NodeInfo[], root: number) {
    this.file = file;
    this.text = text;
    this.value = value;
    this.index = new SourceIndex(file, text, nodes, root);
  }

  /** Position of the node at `path`; falls back to the deepest ancestor we know. With `key`, the key's position. */
  locate(path: readonly PropertyKey[], options: { key?: boolean } = {}): SourcePosition {
    return this.index.locate(path, options);
  }

  position(offset: number): SourcePosition {
    return this.index.position(offset);
  }
}

/**
 * The positions of a document's mappings and sequences as a tree of numbers, in flat typed arrays. A loaded model
 * keeps this rather than its document: at 100 000 elements the parsed values and a NodeInfo per mapping and sequence
 * held 190 MB of V8's heap to the end of the run; these arrays take 47 MB, outside the heap, where the collector does
 * not trace them.
 */
export class SourceIndex {
  /** per node: where it starts, its first slot (its slots run to the next node's first), its key list (-1: a sequence) */
  private readonly nodeOffset: Int32Array;
  private readonly nodeFirst: Int32Array;
  private readonly nodeNames: Int32Array;
  /** per slot (a key and its value, or an item): the key's offset (mappings), the value's, and its node or -1 */
  private readonly slotKey: Int32Array;
  private readonly slotValue: Int32Array;
  private readonly slotNode: Int32Array;
  /** the key lists of mappings, each once */
  private readonly names: (readonly string[])[] = [];
  private readonly lines: TextLines;
  /** the root's node, or -1 when the document is a scalar */
  private readonly root: number;

  constructor(file: string, text: string, nodes: readonly NodeInfo[], root: number) {
    this.lines = new TextLines(file, text);
    this.root = root;
    let slots = 0;
    for (const node of nodes) slots += node.names ? node.names.length : node.slots.length / 2;
    this.nodeOffset = new Int32Array(nodes.length);
    this.nodeFirst = new Int32Array(nodes.length);
    this.nodeNames = new Int32Array(nodes.length);
    this.slotKey = new Int32Array(slots);
    this.slotValue = new Int32Array(slots);
    this.slotNode = new Int32Array(slots);
    this.build(nodes);
  }

  /** Lays out each node's slots one after the other, and each key list once. */
  private build(nodes: readonly NodeInfo[]): void {
    const nameLists = new Map<readonly string[], number>();
    let slot = 0;
    for (let n = 0; n < nodes.length; n++) {
      const { offset, names, slots } = nodes[n]!;
      this.nodeOffset[n] = offset;
      this.nodeFirst[n] = slot;
      if (names) {
        let list = nameLists.get(names);
        if (list === undefined) {
          list = this.names.push(names) - 1;
          nameLists.set(names, list);
        }
        this.nodeNames[n] = list;
        for (let i = 0; i < slots.length; i += 3, slot++) {
          this.slotKey[slot] = slots[i]!;
          this.slotValue[slot] = slots[i + 1]!;
          this.slotNode[slot] = slots[i + 2]!;
        }
      } else {
        this.nodeNames[n] = -1;
        for (let i = 0; i < slots.length; i += 2, slot++) {
          this.slotKey[slot] = -1;
          this.slotValue[slot] = slots[i]!;
          this.slotNode[slot] = slots[i + 1]!;
        }
      }
    }
  }

  /** Position of the node at `path`; falls back to the deepest ancestor we know. With `key`, the key's position. */
  locate(path: readonly PropertyKey[], options: { key?: boolean } = {}): SourcePosition {
    let node = this.root;
    let offset = node === -1 ? 0 : this.nodeOffset[node]!;
    for (let i = 0; i < path.length && node !== -1; i++) {
      offset = this.nodeOffset[node]!;
      const segment = path[i];
      const names = this.nodeNames[node]!;
      let slot: number;
      if (names !== -1 && typeof segment === 'string') slot = slotIn(this.names[names]!, segment);
      else if (names === -1 && typeof segment === 'number' && Number.isInteger(segment)) slot = segment;
      else break;
      const first = this.nodeFirst[node]!;
      const end = node + 1 < this.nodeFirst.length ? this.nodeFirst[node + 1]! : this.slotValue.length;
      if (slot < 0 || slot >= end - first) break;
      slot += first;
      offset = i === path.length - 1 && options.key && names !== -1 ? this.slotKey[slot]! : this.slotValue[slot]!;
      node = this.slotNode[slot]!;
    }
    return this.position(offset);
  }

  position(offset: number): SourcePosition {
    return this.lines.position(offset);
  }
}

/** Lines and columns of the offsets in a text. */
export class TextLines {
  private readonly starts: Int32Array;

  constructor(
    readonly file: string,
    text: string,
  ) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = Int32Array.from(starts);
  }

  position(offset: number): SourcePosition {
    const { starts } = this;
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

/**
 * What a reader keeps while it builds a document: where every mapping and sequence is, one string object per distinct
 * short scalar, and one key list per order of keys.
 */
export class DocumentParts {
  /** every mapping and sequence, by number */
  private readonly nodes: NodeInfo[] = [];

  /** Keeps where a mapping or sequence is, numbering it. */
  add(info: NodeInfo): void {
    info.id = this.nodes.push(info) - 1;
  }

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

  /** The document, whose root is node `root` (-1: a scalar). */
  document(file: string, text: string, value: unknown, root: number): SourceDocument {
    return new SourceDocument(file, text, value, this.nodes, root);
  }
}
