/**
 * A reader for the plain YAML that models are written in, fleet models above all: block mappings and sequences, flow
 * collections and scalars on one line, comments; and JSON, a document that is one flow collection laid out over lines
 * or not. It builds the same document as the full reader (source.ts, from js-yaml's events) — the same values, the same
 * position for every key, value and item — without first making the list of the document's events, an object per
 * node, all alive until the last is read: a 100 000-element model took 6.6 s to read with them and 4.7 s without
 * (docs/performance.md).
 *
 * Anything else it does not read: anchors and aliases, tags, block scalars (| and >), values over several lines
 * elsewhere, empty values, merge keys, escapes JSON does not have, directives and document markers, tabs, carriage
 * returns, characters YAML does not allow, and every malformed or doubtful document (a duplicate key, a forbidden key,
 * deep nesting). It then returns undefined and the full reader reads the text, and explains what is wrong with it. Its
 * tests hold it to the full reader's results on every model and catalog file in the repository and on thousands of
 * generated and mutated documents.
 */
import { resolvePlainScalar } from './plain-scalar.js';
import {
  addKey,
  DocumentParts,
  FORBIDDEN_KEYS,
  keySlot,
  type NodeInfo,
  type SourceDocument,
} from './source-document.js';

/**
 * Characters that send a document to the full reader wherever they are: tabs and carriage returns (indentation and line
 * ends this reader does not measure), control characters, surrogates (YAML refuses an unpaired one), line and
 * paragraph separators, and the non-characters U+FFFE and U+FFFF.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding the characters this reader leaves is what this is for
const OUTSIDE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]/;

/** Thrown to leave a document to the full reader. */
const LEAVE = Symbol('leave to the full reader');

const SPACE = 0x20;
const NEWLINE = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const COMMA = 0x2c;
const OPEN_SQUARE = 0x5b;
const CLOSE_SQUARE = 0x5d;
const OPEN_CURLY = 0x7b;
const CLOSE_CURLY = 0x7d;
const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const BACKSLASH = 0x5c;
const DOT = 0x2e;
const PERCENT = 0x25;
const QUESTION = 0x3f;
const PIPE = 0x7c;
const GREATER = 0x3e;

/** YAML's limit on an implicit key; the full reader says what is wrong with a longer one. */
const MAX_KEY_LENGTH = 1024;

const isFlowIndicator = (ch: number) =>
  ch === COMMA || ch === OPEN_SQUARE || ch === CLOSE_SQUARE || ch === OPEN_CURLY || ch === CLOSE_CURLY;
/** Past the end of the text a character code is NaN, which ends the last line. */
const isLineEnd = (ch: number) => ch === NEWLINE || Number.isNaN(ch);
const isBlankOrEnd = (ch: number) => ch === SPACE || isLineEnd(ch);
/**
 * First characters that make a node something other than a plain scalar (an anchor, alias, tag, block scalar,
 * directive, comment, quoted scalar or flow collection), or that this reader leaves to the full one (`:`).
 */
const NOT_PLAIN_START = new Set([...'&*!|>%@`#\'":,[]{}'].map((c) => c.charCodeAt(0)));

/**
 * The document in `text` (with no byte-order mark), or undefined when the full reader is to read it. `maxDepth` is the
 * full reader's limit on nesting; this reader leaves deeper documents to it.
 */
export function readPlainYaml(file: string, text: string, maxDepth: number): SourceDocument | undefined {
  if (OUTSIDE.test(text) || hasConstructsLeft(text)) return undefined;
  try {
    return new PlainReader(text, maxDepth).read(file);
  } catch (error) {
    if (error === LEAVE) return undefined;
    throw error;
  }
}

/**
 * Characters that may start a construct this reader leaves (an anchor, alias, tag, block scalar or directive), and
 * document markers. One pass over the text: about 40 ms for a 100 000-element model, against 1.7 s to read it.
 */
const RARE = /[&*!|>%]|\n(?:---|\.\.\.)/g;
/** What may follow `|` or `>` on a block scalar's header line: chomping and indentation indicators, a comment. */
const BLOCK_HEADER_REST = /^[-+0-9]* *(#.*)?$/;

/**
 * Whether the text holds a construct this reader would leave — an anchor, alias or tag where a node starts, a block
 * scalar's header, a directive or a document marker — found before reading: a fleet model that ends with one (a
 * justification written as a block, say) would otherwise be read almost whole, and then again by the full reader.
 * Only a shortcut: what it misses, the reader leaves when it gets there; what it takes for one (`a *b`, a value ending
 * in ` >`) the full reader reads as well.
 */
export function hasConstructsLeft(text: string): boolean {
  if (text.startsWith('---') || text.startsWith('...')) return true;
  for (RARE.lastIndex = 0; RARE.test(text); ) {
    const at = RARE.lastIndex - 1;
    const ch = text.charCodeAt(at);
    const before = at === 0 ? NEWLINE : text.charCodeAt(at - 1);
    const afterSpace = before === SPACE || before === NEWLINE;
    if (ch === DASH || ch === DOT) return true; // `---` or `...` starting a line
    if (ch === PERCENT) {
      if (before === NEWLINE) return true;
    } else if (ch === PIPE || ch === GREATER) {
      // a block scalar's header: the indicator, chomping and indentation, then nothing but a comment
      const lineEnd = text.indexOf('\n', at);
      if (afterSpace && BLOCK_HEADER_REST.test(text.slice(at + 1, lineEnd === -1 ? undefined : lineEnd))) return true;
    } else if ((afterSpace || isFlowIndicator(before)) && !isBlankOrEnd(text.charCodeAt(at + 1))) return true;
  }
  return false;
}

function leave(): never {
  throw LEAVE;
}

/** A word that a plain scalar reads as, unchanged (not `true`, `null`, `1` or `a b`). */
const readsAsItself = (word: string) => /^[A-Za-z_][\w.-]*$/.test(word) && resolvePlainScalar(word) === word;

/** A mapping being read: its value, its info, and whether its keys so far are those expected. */
class MappingKeys {
  readonly value: Record<string, unknown> = {};
  readonly info: NodeInfo;
  private matching: boolean;

  constructor(
    offset: number,
    private readonly expectedKeys: readonly string[] | undefined,
  ) {
    this.info = { id: -1, offset, names: [], slots: [] };
    this.matching = expectedKeys !== undefined;
  }

  /** The key expected next, while every key so far was. */
  expected(): string | undefined {
    return this.matching ? this.expectedKeys![this.info.names!.length] : undefined;
  }

  unexpected(): void {
    this.matching = false;
  }

  /** Keys never repeat here (mappingKey leaves a repeated one to the full reader): each is appended. */
  add(key: string, keyOffset: number, value: unknown, valueOffset: number, node: number): void {
    this.value[key] = value;
    addKey(this.info, key, keyOffset, valueOffset, node);
  }

  /** True when the keys were exactly those expected: the mapping then shares their list. */
  asExpected(): boolean {
    if (!this.matching || this.info.names!.length !== this.expectedKeys!.length) return false;
    this.info.names = this.expectedKeys as string[];
    return true;
  }
}

/**
 * The reader. Each node reader starts at the node's first character and returns its value; where the node is (its
 * position as the full reader gives it) is `nodeOffset()` taken before.
 */
class PlainReader {
  private readonly parts = new DocumentParts();
  private pos = 0;
  private depth = 0;
  /** The keys of the last mapping read at each depth, when each is a word that reads as itself. */
  private readonly recentKeys: (readonly string[] | undefined)[] = [];
  /** True while reading a flow document, whose collections may go on over lines. */
  private overLines = false;
  /** the mapping or sequence closed last */
  private lastNode = -1;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  private at(offset = this.pos): number {
    return this.text.charCodeAt(offset);
  }

  /** Where the node at the current position is: inside the quotes of a quoted scalar, else its first character. */
  private nodeOffset(): number {
    const ch = this.at();
    return ch === DOUBLE_QUOTE || ch === SINGLE_QUOTE ? this.pos + 1 : this.pos;
  }

  private atDash(): boolean {
    return this.at() === DASH && isBlankOrEnd(this.at(this.pos + 1));
  }

  read(file: string): SourceDocument {
    if (this.nextLine() !== 0) leave(); // an empty document, or one that starts indented
    const first = this.at();
    const root = first === OPEN_CURLY || first === OPEN_SQUARE ? this.flowDocument() : this.blockNode(0);
    if (this.nextLine() !== -1) leave();
    return this.parts.document(file, this.text, root, this.nodeOf(root));
  }

  /**
   * A document that is one flow collection, JSON above all: it may be laid out over lines, each collection's items
   * on lines of their own (what a line may hold stays as in one-line collections: a key, its `:` and its value).
   */
  private flowDocument(): unknown {
    this.overLines = true;
    const value = this.inlineNode(true);
    this.overLines = false;
    this.endOfLine();
    return value;
  }

  /**
   * Moves to the first character of the next line that holds something (past blank and comment lines, from anywhere
   * in the current line's trailing spaces) and returns its column, or -1 at the end of the text.
   */
  private nextLine(): number {
    for (;;) {
      while (this.at() === SPACE) this.pos++;
      const ch = this.at();
      if (ch === HASH) {
        this.pos = this.lineEnd();
        continue;
      }
      if (ch === NEWLINE) {
        this.pos++;
        let column = 0;
        while (this.at() === SPACE) {
          this.pos++;
          column++;
        }
        const first = this.at();
        if (first === NEWLINE || first === HASH) continue;
        // a document marker or directive starting the line: the first pass found it, and it reads as no key or item
        return Number.isNaN(first) ? -1 : column;
      }
      if (Number.isNaN(ch)) return -1;
      // something else on the line: only the caller knows whether it may be there
      return this.pos - this.lineStart();
    }
  }

  private lineStart(): number {
    return this.text.lastIndexOf('\n', this.pos - 1) + 1;
  }

  /** Where the current line ends (its line break, or the end of the text). */
  private lineEnd(): number {
    const end = this.text.indexOf('\n', this.pos);
    return end === -1 ? this.text.length : end;
  }

  private enter(): void {
    // well within the full reader's limit, which counts differently: real models need fewer than ten levels
    if (++this.depth >= this.maxDepth / 2) leave();
  }

  // ---------------------------------------------------------------------------------------------------- block nodes

  /** The block collection at the current position, whose first line is indented by `indent`. */
  private blockNode(indent: number): unknown {
    if (this.atDash()) return this.blockSequence(indent);
    if (this.startsEntry()) return this.blockMapping(indent);
    return leave(); // a scalar or flow collection alone on its line
  }

  /** Whether the current position starts `key:` followed by a space or the line's end. */
  private startsEntry(): boolean {
    const first = this.at();
    if (first === OPEN_CURLY || first === OPEN_SQUARE) return false; // a flow collection: no key
    const saved = this.pos;
    try {
      this.key(false);
      while (this.at() === SPACE) this.pos++; // after a quoted key (a plain one ends at its colon)
      return this.at() === COLON && isBlankOrEnd(this.at(this.pos + 1));
    } catch (error) {
      if (error === LEAVE) return false;
      throw error;
    } finally {
      this.pos = saved;
    }
  }

  private blockMapping(indent: number): unknown {
    const keys = this.openMapping();
    for (;;) {
      const keyOffset = this.nodeOffset();
      const key = this.mappingKey(false, keys);
      while (this.at() === SPACE) this.pos++; // after a quoted key (a plain one ends at its colon)
      if (this.at() !== COLON || !isBlankOrEnd(this.at(this.pos + 1))) leave();
      this.pos++;
      while (this.at() === SPACE) this.pos++;
      let offset: number;
      let value: unknown;
      if (isLineEnd(this.at()) || this.at() === HASH) {
        // the value starts on a later line: a nested block, or a sequence at the key's own indentation
        const column = this.nextLine();
        if (column < indent || (column === indent && !this.atDash())) leave(); // an empty value
        offset = this.pos;
        value = this.blockNode(column);
      } else {
        offset = this.nodeOffset();
        value = this.inlineNode(false);
        this.endOfLine();
      }
      keys.add(key, keyOffset, value, offset, this.nodeOf(value));
      const column = this.nextLine();
      if (column < indent) break;
      if (column > indent) leave(); // a value continued on the next lines, or bad indentation
      if (this.atDash()) break; // the sequence of an outer key
    }
    return this.closeMapping(keys);
  }

  private blockSequence(indent: number): unknown {
    this.enter();
    const offset = this.pos;
    const items: unknown[] = [];
    const slots: number[] = [];
    do {
      this.pos++; // the dash
      while (this.at() === SPACE) this.pos++;
      if (isLineEnd(this.at()) || this.at() === HASH) {
        // the item starts on a later line
        const column = this.nextLine();
        if (column <= indent) leave(); // an empty item
        this.item(items, slots, this.pos, this.blockNode(column));
      } else if (this.atDash()) {
        leave(); // a sequence in a sequence on one line
      } else if (this.startsEntry()) {
        // a mapping that starts on the item's line: its keys are indented as its first one
        this.item(items, slots, this.pos, this.blockMapping(this.pos - this.lineStart()));
      } else {
        this.item(items, slots, this.nodeOffset(), this.inlineNode(false));
        this.endOfLine();
      }
    } while (this.nextItem(indent));
    return this.closeSequence(offset, items, slots);
  }

  /** Whether the block sequence at `indent` goes on with another item, the position then at its dash. */
  private nextItem(indent: number): boolean {
    const column = this.nextLine();
    if (column < indent) return false;
    if (column > indent) leave();
    return this.atDash();
  }

  /** Only spaces and a comment may follow a value on its line. */
  private endOfLine(): void {
    while (this.at() === SPACE) this.pos++;
    const ch = this.at();
    if (ch === HASH && this.at(this.pos - 1) === SPACE) this.pos = this.lineEnd();
    else if (!isLineEnd(ch)) leave();
  }

  // ---------------------------------------------------------------------------------------------------- flow nodes

  /** A value on the current line: a flow collection, a quoted scalar or a plain one. */
  private inlineNode(inFlow: boolean): unknown {
    const ch = this.at();
    if (ch === OPEN_SQUARE) return this.flowSequence();
    if (ch === OPEN_CURLY) return this.flowMapping();
    return this.scalar(inFlow);
  }

  private flowSequence(): unknown {
    this.enter();
    const offset = this.pos;
    const items: unknown[] = [];
    const slots: number[] = [];
    this.pos++;
    this.skipBreaks();
    if (this.at() === CLOSE_SQUARE) this.pos++;
    else {
      for (;;) {
        this.item(items, slots, this.nodeOffset(), this.inlineNode(true));
        this.skipBreaks();
        const ch = this.at();
        this.pos++;
        if (ch === CLOSE_SQUARE) break;
        if (ch !== COMMA) leave(); // a pair in a sequence, or anything else
        this.skipBreaks();
        if (this.at() === CLOSE_SQUARE) leave(); // a trailing comma
      }
    }
    return this.closeSequence(offset, items, slots);
  }

  /** An item of a sequence being read, which starts at `offset`. */
  private item(items: unknown[], slots: number[], offset: number, value: unknown): void {
    items.push(value);
    slots.push(offset, this.nodeOf(value));
  }

  /** As the full reader keeps a sequence: the array at its exact length. */
  private closeSequence(offset: number, items: unknown[], slots: number[]): unknown[] {
    const value = items.slice();
    const info: NodeInfo = { id: -1, offset, slots };
    this.parts.add(info);
    this.lastNode = info.id;
    this.depth--;
    return value;
  }

  /**
   * The node of a value just read: a mapping or sequence is the last one closed (its own were closed before it, and
   * this reader leaves aliases to the full one), a scalar none.
   */
  private nodeOf(value: unknown): number {
    return value !== null && typeof value === 'object' ? this.lastNode : -1;
  }

  private flowMapping(): unknown {
    const keys = this.openMapping();
    this.pos++;
    this.skipBreaks();
    if (this.at() === CLOSE_CURLY) this.pos++;
    else {
      for (;;) {
        const keyOffset = this.nodeOffset();
        const quoted = keyOffset !== this.pos;
        const key = this.mappingKey(true, keys);
        this.skipSpaces();
        if (this.at() !== COLON) leave();
        this.pos++;
        // `{a:b}` is one plain scalar; after a key, YAML wants a space, or nothing if the key was quoted
        if (!isBlankOrEnd(this.at()) && !quoted) leave();
        this.skipSpaces();
        const ch = this.at();
        if (ch === COMMA || ch === CLOSE_CURLY) leave(); // an empty value
        const offset = this.nodeOffset();
        const value = this.inlineNode(true);
        keys.add(key, keyOffset, value, offset, this.nodeOf(value));
        this.skipBreaks();
        const next = this.at();
        this.pos++;
        if (next === CLOSE_CURLY) break;
        if (next !== COMMA) leave();
        this.skipBreaks();
        if (this.at() === CLOSE_CURLY) leave(); // a trailing comma
      }
    }
    return this.closeMapping(keys);
  }

  /** Spaces within a flow collection, on the line. */
  private skipSpaces(): void {
    while (this.at() === SPACE) this.pos++;
    if (isLineEnd(this.at())) leave();
  }

  /** Spaces within a flow collection, and in a flow document the line breaks between its items. */
  private skipBreaks(): void {
    for (;;) {
      while (this.at() === SPACE) this.pos++;
      if (!this.overLines || this.at() !== NEWLINE) break;
      this.pos++;
    }
    if (isLineEnd(this.at())) leave();
  }

  /** A mapping that starts here: it expects the keys of the last mapping read at its depth. */
  private openMapping(): MappingKeys {
    this.enter();
    const keys = new MappingKeys(this.pos, this.recentKeys[this.depth]);
    this.parts.add(keys.info);
    return keys;
  }

  private closeMapping(keys: MappingKeys): Record<string, unknown> {
    const { info } = keys;
    this.lastNode = info.id;
    if (!keys.asExpected()) {
      info.names = this.parts.keyList(info.names!);
      this.recentKeys[this.depth] = info.names.every(readsAsItself) ? info.names : undefined;
    }
    this.depth--;
    return keys.value;
  }

  // ------------------------------------------------------------------------------------------------------- scalars

  /**
   * A mapping's next key. Where the mapping before at this depth had a key in this place and the text has it too,
   * that string is taken as it is: a fleet's flows and elements write the same keys in the same order, tens of
   * thousands of times.
   */
  private mappingKey(inFlow: boolean, keys: MappingKeys): string {
    const expected = keys.expected();
    // as a plain key, or (in JSON) a double-quoted one: a word needs no escape either way
    const quote = this.at() === DOUBLE_QUOTE ? 1 : 0;
    if (expected !== undefined && this.text.startsWith(expected, this.pos + quote)) {
      const end = this.pos + quote + expected.length;
      const after = this.at(end + 1);
      const ends = quote
        ? this.at(end) === DOUBLE_QUOTE
        : this.at(end) === COLON && (isBlankOrEnd(after) || (inFlow && isFlowIndicator(after)));
      if (ends) {
        this.pos = end + quote;
        return expected;
      }
    }
    keys.unexpected();
    const key = this.key(inFlow);
    // a duplicate, a merge or a forbidden key: the full reader judges it
    if (key === '<<' || FORBIDDEN_KEYS.has(key) || keySlot(keys.info, key) !== -1) leave();
    return key;
  }

  /** A mapping key: a scalar, as a string (`1:` is the key "1", `null:` the key "null"). */
  private key(inFlow: boolean): string {
    const ch = this.at();
    if (ch === OPEN_SQUARE || ch === OPEN_CURLY) leave(); // a collection as a key
    const start = this.pos;
    const value = this.scalar(inFlow);
    if (this.pos - start > MAX_KEY_LENGTH) leave();
    return value === null ? 'null' : String(value);
  }

  private scalar(inFlow: boolean): unknown {
    const ch = this.at();
    if (ch === DOUBLE_QUOTE || ch === SINGLE_QUOTE) return this.quoted(ch);
    return this.plain(inFlow);
  }

  /**
   * A quoted scalar that ends on its line. In a double-quoted one, the escapes JSON has mean what they mean in JSON; any
   * other is the full reader's, as are escaped control characters, surrogates and non-characters.
   */
  private quoted(quote: number): string {
    const start = this.pos + 1;
    let end = start;
    let doubled = false;
    let escaped = false;
    for (;;) {
      const ch = this.at(end);
      if (isLineEnd(ch)) leave();
      if (quote === DOUBLE_QUOTE && ch === BACKSLASH) {
        end += this.escapeLength(end);
        escaped = true;
        continue;
      }
      if (ch === quote) {
        if (quote === SINGLE_QUOTE && this.at(end + 1) === SINGLE_QUOTE) {
          doubled = true;
          end += 2;
          continue;
        }
        break;
      }
      end++;
    }
    const raw = this.text.slice(start, end);
    this.pos = end + 1;
    if (escaped) return this.parts.intern(JSON.parse(this.text.slice(start - 1, end + 1)) as string);
    return this.parts.intern(doubled ? raw.replaceAll("''", "'") : raw);
  }

  /** The length of the JSON escape at `at` (a backslash), or leaves the document. */
  private escapeLength(at: number): number {
    const letter = this.text[at + 1];
    if (letter !== undefined && '"\\/bfnrt'.includes(letter)) return 2;
    if (letter !== 'u') leave();
    const hex = this.text.slice(at + 2, at + 6);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) leave();
    const code = Number.parseInt(hex, 16);
    const printable =
      (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code < 0xd800) || (code >= 0xe000 && code < 0xfffe);
    if (!printable) leave();
    return 6;
  }

  /**
   * A plain scalar on one line: up to a `: ` (or `:` before the line's end), a ` #`, the line's end, or in a flow
   * collection a flow indicator, without its trailing spaces. One that would go on to the next line is caught by the
   * caller, which finds that line indented deeper than it may be.
   */
  private plain(inFlow: boolean): unknown {
    const start = this.pos;
    const first = this.at();
    if (NOT_PLAIN_START.has(first) || first === SPACE || isLineEnd(first)) leave();
    // `-` and `?` start a plain scalar only when something other than a space (or in a flow, an indicator) follows
    if (first === DASH || first === QUESTION) {
      const next = this.at(start + 1);
      if (isBlankOrEnd(next) || (inFlow && isFlowIndicator(next))) leave();
    }
    let end = start;
    for (;;) {
      const ch = this.at(end);
      if (isLineEnd(ch)) break;
      if (ch === COLON) {
        const next = this.at(end + 1);
        if (isBlankOrEnd(next) || (inFlow && isFlowIndicator(next))) break;
      } else if (ch === HASH) {
        if (this.at(end - 1) === SPACE) break;
      } else if (inFlow && isFlowIndicator(ch)) break;
      end++;
    }
    this.pos = end;
    while (end > start && this.at(end - 1) === SPACE) end--;
    return resolvePlainScalar(this.parts.intern(this.text.slice(start, end)));
  }
}
