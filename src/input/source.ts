/**
 * Reads a YAML or JSON document into plain data while remembering where every node came from.
 *
 * js-yaml's event parser gives source offsets; we build the values ourselves from its events so that we can keep a
 * position for every mapping key and sequence item, and so that hostile input (alias bombs, duplicate keys,
 * prototype-polluting keys, unknown tags, deep nesting, huge files) is refused with a precise message.
 */
import {
  EVENT_ID,
  type Event,
  getScalarValue,
  type MappingEvent,
  parseEvents,
  SCALAR_STYLE,
  type ScalarEvent,
  type SequenceEvent,
} from 'js-yaml';
import { InputError, inputError, SECRET_KEY, type SourcePosition, shortToken } from '../util/diagnostics.js';
import { sharedList } from '../util/maps.js';
import { readInput } from './read.js';

export const SOURCE_LIMITS = {
  /**
   * Largest file we read: the size of a document bounds how many nodes it writes. A 250 000-element model written
   * with templates (bench/synthetic.ts) is about 105 MiB.
   */
  maxBytes: 256 * 1024 * 1024,
  /** Deepest nesting of mappings and sequences. Real models need fewer than 10 levels. */
  maxDepth: 64,
  /**
   * Most nodes YAML aliases may add, counting each alias as a copy of what its anchor holds (which is what any later
   * traversal visits). Aliases that refer to aliases multiply ("alias bomb": 9 levels of 10 make 10^9), so this is
   * counted without expanding anything; nodes written out in the document count only against maxBytes.
   */
  maxAliasNodes: 10_000_000,
} as const;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Where a mapping or sequence and its parts are. Kept as flat arrays of numbers: a fleet model has hundreds of
 * thousands of keys, and a map with a pair per key cost five times the parsed values themselves.
 */
interface NodeInfo {
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
function keySlot(info: NodeInfo, key: string): number {
  const names = info.names!;
  if (names.length <= INDEXED_KEYS) return names.indexOf(key);
  info.index ??= new Map(names.map((name, i) => [name, i]));
  return info.index.get(key) ?? -1;
}

/** Sets where a key and its value are, replacing an earlier entry of the same key (a merged one). */
function setKey(info: NodeInfo, key: string, keyOffset: number, valueOffset: number): void {
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

/** Reads and parses a file; every failure is an InputError naming the file. */
export function readSourceFile(file: string): SourceDocument {
  return parseSource(file, readInput(file, SOURCE_LIMITS.maxBytes).toString('utf8'));
}

/** Parses YAML (or JSON, which is YAML) text into a SourceDocument. */
export function parseSource(file: string, text: string): SourceDocument {
  if (text.length > SOURCE_LIMITS.maxBytes) {
    throw inputError(file, `document is larger than ${SOURCE_LIMITS.maxBytes} bytes`);
  }
  if (text.includes('\u0000')) throw inputError(file, 'file contains NUL bytes; it is not a text file');
  // A byte-order mark says the file is UTF-8 and is not part of the document; positions count from after it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let events: Event[];
  try {
    events = parseEvents(body, { filename: file, maxDepth: SOURCE_LIMITS.maxDepth });
  } catch (error) {
    throw syntaxError(file, body, error);
  }
  return new Builder(file, body, events).build();
}

function syntaxError(file: string, text: string, error: unknown): InputError {
  const e = error as { reason?: string; mark?: { line: number; column: number }; message?: string };
  const reason = e.reason ?? e.message ?? String(error);
  if (reason.includes('maxDepth')) {
    return inputError(file, `nesting is deeper than ${SOURCE_LIMITS.maxDepth} levels`, {
      hint: 'a system model needs only a few levels; check for runaway nesting',
    });
  }
  const position = e.mark ? { file, line: e.mark.line + 1, column: e.mark.column + 1 } : undefined;
  const token = e.mark && offendingToken(text, e.mark.line, e.mark.column);
  return new InputError([
    {
      severity: 'error',
      file,
      position,
      message: `YAML syntax error: ${reason}`,
      hint: token ? `at: ${token}` : undefined,
    },
  ]);
}

/**
 * The text where a syntax error was found, up to the next space and at most 40 characters — never the whole line,
 * and nothing on a line that sets a secret (a password in a targets file).
 */
/** A line that sets a secret key (`password: …`, also inside `{ … }`). */
const SECRET_LINE = new RegExp(`(${SECRET_KEY.source})\\w*["']?\\s*:`, 'i');

function offendingToken(text: string, line: number, column: number): string | undefined {
  let start = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return undefined;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  const lineText = text.slice(start, end === -1 ? undefined : end);
  if (SECRET_LINE.test(lineText)) return undefined;
  const token = /^\S{1,40}/.exec(lineText.slice(column))?.[0];
  return token === undefined ? undefined : JSON.stringify(token);
}

/** A mapping or sequence being read; `nodesBefore` counts the nodes before it, which gives an anchor's size. */
type Frame = { nodesBefore: number } & (
  | {
      kind: 'mapping';
      value: Record<string, unknown>;
      info: NodeInfo;
      /** a key read whose value is still to come, and where it is */
      pendingKey?: string;
      pendingKeyOffset: number;
      anchor?: string;
      /** keys copied in by a merge key (<<), which the mapping's own keys may override */
      merged?: Set<string>;
    }
  | { kind: 'sequence'; value: unknown[]; info: NodeInfo; anchor?: string }
);

const ALLOWED_TAGS = new Set(['!!str', '!!int', '!!float', '!!bool', '!!null', '!!map', '!!seq']);

class Builder {
  private readonly info = new Map<object, NodeInfo>();
  private readonly doc: SourceDocument;
  private readonly anchors = new Map<string, { value: unknown; size: number }>();
  private readonly stack: Frame[] = [];
  /** nodes so far, aliases counted as copies: gives an anchor's size */
  private expandedNodes = 0;
  /** nodes so far that aliases added */
  private aliasNodes = 0;
  private root: unknown = null;
  private documents = 0;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly events: (Event | undefined)[],
  ) {
    this.doc = new SourceDocument(file, text, undefined, this.info);
  }

  build(): SourceDocument {
    // By index: this runs for every node of a fleet model, and the iterator's results were a tenth of reading it.
    for (let i = 0; i < this.events.length; i++) {
      const event = this.events[i]!;
      // Read once: let it go. The events of a fleet model take twice the memory of the values built from them.
      this.events[i] = undefined;
      switch (event.type) {
        case EVENT_ID.DOCUMENT:
          if (++this.documents > 1) {
            this.fail(this.text.length, 'the file holds more than one YAML document', 'put one system model per file');
          }
          break;
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE:
          this.open(event.type === EVENT_ID.MAPPING, event);
          break;
        case EVENT_ID.POP:
          this.close();
          break;
        case EVENT_ID.SCALAR: {
          const value = this.scalar(event);
          this.expandedNodes++;
          const anchor = this.anchorName(event);
          if (anchor !== undefined) this.anchors.set(anchor, { value, size: 1 });
          this.attach(value, event.valueStart);
          break;
        }
        case EVENT_ID.ALIAS: {
          const name = this.text.slice(event.anchorStart, event.anchorEnd);
          const offset = Math.max(0, event.anchorStart - 1);
          const target = this.anchors.get(name);
          if (!target)
            this.fail(offset, `alias *${shortToken(name)} refers to an anchor that is not defined before it`);
          this.countAlias(target.size, offset);
          this.attach(target.value, offset);
          break;
        }
      }
    }
    return new SourceDocument(this.file, this.text, this.root, this.info);
  }

  private fail(offset: number, message: string, hint?: string): never {
    throw new InputError([{ severity: 'error', file: this.file, position: this.doc.position(offset), message, hint }]);
  }

  private open(isMapping: boolean, event: MappingEvent | SequenceEvent): void {
    this.checkTag(event, event.start);
    const anchor = this.anchorName(event);
    this.expandedNodes++;
    const nodesBefore = this.expandedNodes;
    const frame: Frame = isMapping
      ? {
          kind: 'mapping',
          value: {},
          info: { offset: event.start, names: [], offsets: [] },
          anchor,
          pendingKeyOffset: 0,
          nodesBefore,
        }
      : { kind: 'sequence', value: [], info: { offset: event.start, offsets: [] }, anchor, nodesBefore };
    // A sequence joins its parent when it is complete (close), as an array of its exact length.
    if (isMapping) {
      this.info.set(frame.value, frame.info);
      this.attach(frame.value, event.start);
    }
    this.stack.push(frame);
  }

  private close(): void {
    const frame = this.stack.pop();
    if (!frame) return; // the end of the document
    // Arrays grown item by item keep room for more; the document is kept as long as the model, so what it keeps is
    // copied to its exact length (a fifth of the positions of a fleet model).
    frame.info.offsets = frame.info.offsets.slice();
    let value: object = frame.value;
    if (frame.kind === 'mapping') {
      if (frame.pendingKey !== undefined) this.fail(frame.pendingKeyOffset, 'mapping key without a value');
      frame.info.names = sharedList(this.names, frame.info.names!);
    } else {
      value = frame.value.slice();
      this.info.set(value, frame.info);
      this.attach(value, frame.info.offset);
    }
    if (frame.anchor !== undefined) {
      this.anchors.set(frame.anchor, { value, size: this.expandedNodes - frame.nodesBefore + 1 });
    }
  }

  /**
   * One list per sequence of keys, for mappings that are complete: a fleet's flows and elements write their keys in a
   * few orders, and a list each was a fifth of the positions kept for the whole document.
   */
  private readonly names = new Map<string, string[]>();

  /** Counts the nodes an alias stands for as if they were copied (see SOURCE_LIMITS.maxAliasNodes). */
  private countAlias(size: number, offset: number): void {
    this.expandedNodes += size;
    this.aliasNodes += size;
    if (this.aliasNodes > SOURCE_LIMITS.maxAliasNodes) {
      this.fail(
        offset,
        `YAML aliases expand to more than ${SOURCE_LIMITS.maxAliasNodes} nodes (each alias counts as a copy of what its anchor holds)`,
        'aliases that refer to aliases multiply (an "alias bomb"); use element templates instead',
      );
    }
  }

  private anchorName(event: { anchorStart: number; anchorEnd: number }): string | undefined {
    return event.anchorStart >= 0 ? this.text.slice(event.anchorStart, event.anchorEnd) : undefined;
  }

  private checkTag(event: { tagStart: number; tagEnd: number }, offset: number): string | undefined {
    if (event.tagStart < 0) return undefined;
    const tag = this.text.slice(event.tagStart, event.tagEnd);
    if (!ALLOWED_TAGS.has(tag))
      this.fail(offset, `YAML tag ${shortToken(tag)} is not supported`, 'remove it: only plain data is read');
    return tag;
  }

  private scalar(event: ScalarEvent): unknown {
    const raw = this.intern(getScalarValue(this.text, event));
    const tag = this.checkTag(event, event.valueStart);
    if (tag === '!!str') return raw;
    if (tag === undefined && event.style !== SCALAR_STYLE.PLAIN) return raw;
    const resolved = resolvePlainScalar(raw);
    if (tag === '!!int' && !Number.isInteger(resolved)) this.fail(event.valueStart, `"${raw}" is not an integer`);
    return resolved;
  }

  /**
   * One string object per distinct short scalar: a fleet model repeats its ids (in flows, products, statuses) and its
   * words (`coap`, `psk`) tens of thousands of times. Shared, they cost memory once, and every map lookup or
   * comparison of two of them later finds the same object instead of comparing characters.
   */
  private intern(value: string): string {
    if (value.length > 64) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  private readonly strings = new Map<string, string>();

  private attach(value: unknown, offset: number): void {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      this.root = value;
    } else if (parent.kind === 'sequence') {
      parent.value.push(value);
      parent.info.offsets.push(offset);
    } else if (parent.pendingKey === undefined) {
      parent.pendingKey = this.key(parent, value, offset);
      parent.pendingKeyOffset = offset;
    } else {
      const key = parent.pendingKey;
      const keyOffset = parent.pendingKeyOffset;
      parent.pendingKey = undefined;
      if (key === '<<') this.merge(parent, value, offset);
      else {
        parent.value[key] = value;
        setKey(parent.info, key, keyOffset, offset);
      }
    }
  }

  private key(parent: Extract<Frame, { kind: 'mapping' }>, value: unknown, offset: number): string {
    if (typeof value === 'object' && value !== null)
      this.fail(offset, 'mapping keys must be plain words, not structures');
    const key = value === null ? 'null' : String(value);
    if (FORBIDDEN_KEYS.has(key))
      this.fail(offset, `the key "${key}" is not allowed`, 'it could alter object behaviour; rename it');
    const previous = keySlot(parent.info, key);
    if (previous !== -1 && key !== '<<' && !parent.merged?.delete(key)) {
      const first = this.doc.position(parent.info.offsets[2 * previous]!);
      this.fail(
        offset,
        `duplicate key "${shortToken(key)}"`,
        `it is already given at line ${first.line}; keep one of them`,
      );
    }
    return key;
  }

  /** YAML merge keys (`<<: *defaults`): copy the keys the mapping does not set itself. */
  private merge(parent: Extract<Frame, { kind: 'mapping' }>, value: unknown, offset: number): void {
    for (const source of Array.isArray(value) ? value : [value]) {
      if (source === null || typeof source !== 'object' || Array.isArray(source)) {
        this.fail(offset, 'a merge key (<<) needs a mapping or a list of mappings');
      }
      const sourceInfo = this.info.get(source);
      parent.merged ??= new Set();
      for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
        if (keySlot(parent.info, k) !== -1) continue;
        parent.value[k] = v;
        const slot = sourceInfo ? keySlot(sourceInfo, k) : -1;
        if (slot === -1) setKey(parent.info, k, offset, offset);
        else setKey(parent.info, k, sourceInfo!.offsets[2 * slot]!, sourceInfo!.offsets[2 * slot + 1]!);
        parent.merged.add(k);
      }
    }
  }
}

/** The plain scalars that are null or a boolean (YAML 1.2 core schema); the empty scalar is null too. */
const KEYWORDS: ReadonlyMap<string, null | boolean> = new Map([
  ...['~', 'null', 'Null', 'NULL'].map((word) => [word, null] as const),
  ...['true', 'True', 'TRUE'].map((word) => [word, true] as const),
  ...['false', 'False', 'FALSE'].map((word) => [word, false] as const),
]);

/** The first characters a number can have. */
const NUMBER_START = new Set('-+.0123456789');

/** YAML 1.2 core schema resolution of plain scalars. Dates stay strings on purpose. */
export function resolvePlainScalar(raw: string): unknown {
  if (raw === '') return null;
  const keyword = KEYWORDS.get(raw);
  if (keyword !== undefined) return keyword;
  // Most scalars are words (ids, kinds, protocols): one look at the first character spares them six regexes, which
  // were half the time of reading a fleet model.
  if (!NUMBER_START.has(raw[0]!)) return raw;
  if (/^[-+]?[0-9]+$/.test(raw)) return Number.parseInt(raw, 10);
  if (/^0o[0-7]+$/.test(raw)) return Number.parseInt(raw.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(raw)) return Number.parseInt(raw.slice(2), 16);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(raw)) return Number.parseFloat(raw);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(raw))
    return raw.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^\.(nan|NaN|NAN)$/.test(raw)) return Number.NaN;
  return raw;
}
