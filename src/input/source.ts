/**
 * Reads a YAML or JSON document into plain data while remembering where every node came from.
 *
 * The plain YAML that models are mostly written in is read by plain-yaml.ts. Everything else is read here: js-yaml's
 * event parser gives source offsets, and we build the values ourselves from its events so that we can keep a position
 * for every mapping key and sequence item, and so that hostile input (alias bombs, duplicate keys, prototype-polluting
 * keys, unknown tags, deep nesting, huge files) is refused with a precise message.
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
import { InputError, inputError, SECRET_KEY, shortToken } from '../util/diagnostics.js';
import { resolvePlainScalar } from './plain-scalar.js';
import { readPlainYaml } from './plain-yaml.js';
import { readInput } from './read.js';
import {
  DocumentParts,
  FORBIDDEN_KEYS,
  keyOffset,
  keySlot,
  type NodeInfo,
  type SourceDocument,
  setKey,
  TextLines,
  valueOffset,
} from './source-document.js';

export type { SourceDocument } from './source-document.js';

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
  return readPlainYaml(file, body, SOURCE_LIMITS.maxDepth) ?? parseYamlEvents(file, body);
}

/**
 * Reads any YAML through js-yaml's events: what the plain reader leaves (anchors, tags, block scalars, multi-line
 * values…) and every malformed document, which only this reader explains. Exported so that
 * tests hold the plain reader to its results.
 */
export function parseYamlEvents(file: string, body: string): SourceDocument {
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
  private readonly parts = new DocumentParts();
  /** each mapping and sequence's info, to find a merge key's source and an alias's node */
  private readonly info = new Map<object, NodeInfo>();
  /** where offsets are, for messages: made on the first one */
  private lines: TextLines | undefined;
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
  ) {}

  private position(offset: number) {
    this.lines ??= new TextLines(this.file, this.text);
    return this.lines.position(offset);
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
    return this.parts.document(this.file, this.text, this.root, this.nodeOf(this.root));
  }

  private fail(offset: number, message: string, hint?: string): never {
    throw new InputError([{ severity: 'error', file: this.file, position: this.position(offset), message, hint }]);
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
          info: { id: -1, offset: event.start, names: [], slots: [] },
          anchor,
          pendingKeyOffset: 0,
          nodesBefore,
        }
      : { kind: 'sequence', value: [], info: { id: -1, offset: event.start, slots: [] }, anchor, nodesBefore };
    // A sequence joins its parent when it is complete (close), as an array of its exact length.
    if (isMapping) {
      this.register(frame.value, frame.info);
      this.attach(frame.value, event.start);
    }
    this.stack.push(frame);
  }

  private close(): void {
    const frame = this.stack.pop();
    if (!frame) return; // the end of the document
    let value: object = frame.value;
    if (frame.kind === 'mapping') {
      if (frame.pendingKey !== undefined) this.fail(frame.pendingKeyOffset, 'mapping key without a value');
      frame.info.names = this.parts.keyList(frame.info.names!);
    } else {
      value = frame.value.slice();
      this.register(value, frame.info);
      this.attach(value, frame.info.offset);
    }
    if (frame.anchor !== undefined) {
      this.anchors.set(frame.anchor, { value, size: this.expandedNodes - frame.nodesBefore + 1 });
    }
  }

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
    const raw = this.parts.intern(getScalarValue(this.text, event));
    const tag = this.checkTag(event, event.valueStart);
    if (tag === '!!str') return raw;
    if (tag === undefined && event.style !== SCALAR_STYLE.PLAIN) return raw;
    const resolved = resolvePlainScalar(raw);
    if (tag === '!!int' && !Number.isInteger(resolved)) this.fail(event.valueStart, `"${raw}" is not an integer`);
    return resolved;
  }

  private register(value: object, info: NodeInfo): void {
    this.parts.add(info);
    this.info.set(value, info);
  }

  /** The node of a value: its mapping's or sequence's number, -1 for a scalar. */
  private nodeOf(value: unknown): number {
    return value !== null && typeof value === 'object' ? (this.info.get(value)?.id ?? -1) : -1;
  }

  private attach(value: unknown, offset: number): void {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      this.root = value;
    } else if (parent.kind === 'sequence') {
      parent.value.push(value);
      parent.info.slots.push(offset, this.nodeOf(value));
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
        setKey(parent.info, key, keyOffset, offset, this.nodeOf(value));
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
      const first = this.position(keyOffset(parent.info, previous));
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
        if (slot === -1) setKey(parent.info, k, offset, offset, this.nodeOf(v));
        else setKey(parent.info, k, keyOffset(sourceInfo!, slot), valueOffset(sourceInfo!, slot), this.nodeOf(v));
        parent.merged.add(k);
      }
    }
  }
}
