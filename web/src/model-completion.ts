/**
 * Completion in the model editor: the keys the schema allows in the mapping at the cursor, and the enumerated
 * values of the key whose value is being typed. The place is read from the indentation of the lines above, not
 * from a parse: while someone types, the document is usually not valid YAML (a half-written key is, to a parser,
 * the continuation of the value above).
 */
import { alternatives, type JsonSchema, type Path, schemasAt } from './model-schema.js';

export interface Candidate {
  label: string;
  /** what is inserted */
  apply: string;
  kind: 'key' | 'value';
  /** the schema's description of the key or value */
  info?: string;
}

export interface CompletionContext {
  /** the mapping (a key is being typed) or the key whose value is being typed */
  path: Path;
  kind: 'key' | 'value';
  /** where the word being typed starts, and the word so far */
  from: number;
  word: string;
  /** an item of a list is being typed: scalar items are values too */
  listItem: boolean;
  /** keys already in the mapping at `path` */
  siblings: string[];
}

interface LineToken {
  kind: 'dash' | 'key';
  column: number;
  name?: string;
}

/** A mapping key at the start of a line: quoted, or plain (a plain key may hold ":" not followed by a space). */
const KEY = /^("(?:[^"\\]|\\.)*"|'[^']*'|(?:[^\s#'"?:,[\]{}-]|-(?=\S))(?:[^:#]|:(?=\S))*?)\s*:(?=\s|$)/;

/** The dashes and the key at the start of a line ("  - - name: x" gives two dashes and a key), with columns. */
function tokens(line: string): LineToken[] {
  const found: LineToken[] = [];
  let at = line.length - line.trimStart().length;
  while (/^-(\s|$)/.test(line.slice(at))) {
    found.push({ kind: 'dash', column: at });
    const rest = line.slice(at + 1);
    at += 1 + rest.length - rest.trimStart().length;
  }
  const key = KEY.exec(line.slice(at));
  if (key) found.push({ kind: 'key', column: at, name: unquote(key[1]!.trim()) });
  return found;
}

const unquote = (key: string) => (/^(["']).*\1$/.test(key) ? key.slice(1, -1) : key);

const meaningful = (line: string) => line.trim() !== '' && !line.trimStart().startsWith('#');

/**
 * The path to the collection that holds `column` on the line `index`, walking up through the keys and list items
 * that contain it. `dashes` are the dashes before the cursor on its own line; list items are path entries 0 (the
 * schema is the same for every item).
 */
function ancestors(lines: string[], index: number, column: number, dashes: LineToken[]): Path {
  const path: Path = [];
  let limit = column;
  // a list may sit at its key's own indentation ("elements:\n- id: x"), so after a dash a key at its column counts
  let afterDash = false;
  const visit = (line: LineToken[]) => {
    for (const token of [...line].reverse()) {
      const inside = token.column < limit || (afterDash && token.kind === 'key' && token.column === limit);
      if (!inside) continue;
      path.unshift(token.kind === 'dash' ? 0 : token.name!);
      afterDash = token.kind === 'dash';
      limit = token.column;
    }
  };
  visit(dashes);
  for (let i = index - 1; i >= 0 && (limit > 0 || afterDash); i--) if (meaningful(lines[i]!)) visit(tokens(lines[i]!));
  return path;
}

/** Keys already written at `column` in the same mapping as line `index` (scanning up and down to its edges). */
function siblingKeys(lines: string[], index: number, column: number): string[] {
  const keys: string[] = [];
  const scan = (step: 1 | -1) => {
    for (let i = index + step; i >= 0 && i < lines.length; i += step) {
      if (!meaningful(lines[i]!)) continue;
      const line = tokens(lines[i]!);
      const outer = (line[0]?.column ?? lines[i]!.length - lines[i]!.trimStart().length) < column;
      // going up, the line that opens the mapping ("- id: x") still holds one of its keys; going down it starts another
      if (outer && step === 1) return;
      const key = line.find((t) => t.kind === 'key' && t.column === column);
      if (key) keys.push(key.name!);
      if (outer) return;
    }
  };
  scan(-1);
  scan(1);
  return keys;
}

/** Where the cursor is, in terms of the model: which mapping or key, and the word being typed. */
export function contextAt(text: string, offset: number): CompletionContext | undefined {
  const lines = text.slice(0, offset).split('\n');
  const index = lines.length - 1;
  const before = lines[index]!;
  const all = text.split('\n');
  const line = tokens(before);
  const dashes = line.filter((t) => t.kind === 'dash');
  const key = line.find((t) => t.kind === 'key');
  if (key) {
    const value = /:\s+(\S*)$/.exec(before);
    if (!value) return undefined;
    const word = unquote(value[1]!).replace(/^["']/, '');
    return {
      path: [...ancestors(all, index, key.column, dashes), key.name!],
      kind: 'value',
      from: offset - word.length,
      word,
      listItem: false,
      siblings: [],
    };
  }
  const bare = /^(\s*(?:-\s+)*)([\w.-]*)$/.exec(before);
  if (!bare) return undefined;
  const column = bare[1]!.length;
  const word = bare[2]!;
  const listItem = dashes.length > 0;
  return {
    path: ancestors(all, index, column, dashes),
    kind: 'key',
    from: offset - word.length,
    word,
    listItem,
    // a new list item has no keys yet
    siblings: listItem ? [] : siblingKeys(all, index, column),
  };
}

/** The candidates for a context: keys of the mapping's schema, or the enumerated values of the key. */
export function candidates(schema: JsonSchema, context: CompletionContext): Candidate[] {
  const schemas = schemasAt(schema, context.path);
  const found = new Map<string, Candidate>();
  const add = (c: Candidate) => {
    if (c.label.startsWith(context.word) && !found.has(c.label)) found.set(c.label, c);
  };
  if (context.kind === 'key') {
    for (const s of schemas)
      for (const [name, property] of Object.entries(s.properties ?? {}))
        if (!context.siblings.includes(name))
          add({ label: name, apply: `${name}: `, kind: 'key', info: descriptionOf(property) });
  }
  if (context.kind === 'value' || context.listItem) for (const s of schemas) valuesOf(s).forEach(add);
  return [...found.values()];
}

/** The description of a key: its own, or the one its alternatives share. */
function descriptionOf(schema: JsonSchema): string | undefined {
  return schema.description ?? alternatives(schema).find((s) => s.description)?.description;
}

function valuesOf(schema: JsonSchema): Candidate[] {
  const values = [
    ...(schema.enum ?? []),
    ...(schema.const !== undefined ? [schema.const] : []),
    ...(schema.type === 'boolean' ? [true, false] : []),
  ];
  return values
    .filter((v) => typeof v !== 'object')
    .map((v) => ({ label: String(v), apply: String(v), kind: 'value' as const, info: schema.description }));
}
