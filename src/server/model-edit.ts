/**
 * Every change the workspace makes to a model text, and nothing else does. Each function says what it edits in the
 * model's words; below them, two text-level primitives change only the lines concerned, keeping the user's
 * comments, key order, quoting and folded text, so a revision made in the browser diffs cleanly in git.
 *
 * The fields written follow the model schema of this build: a field the schema does not (yet) know, such as a
 * risk acceptance's approver, is left out of the YAML (the workspace records it beside the model) rather than
 * producing a model that does not validate.
 */
import {
  isMap,
  isScalar,
  isSeq,
  type Node,
  type ParsedNode,
  parseDocument,
  stringify,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { z } from 'zod';
import { ControlState, Evidence, RiskTreatment } from '../model/schema.js';

type Path = readonly (string | number)[];
type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain | undefined };

export class ModelEditError extends Error {
  /** `exists`: the edit would add what the model already has (a conflict, not a mistake in the request) */
  constructor(
    message: string,
    readonly kind: 'invalid' | 'exists' = 'invalid',
  ) {
    super(message);
  }
}

// What the workspace edits --------------------------------------------------------------------------------------

export interface ControlUpdate {
  status?: string;
  owner?: string;
  due?: string;
  justification?: string;
  notes?: string;
}

/** The subjects a control status entry is for; none (or only empty lists) means the whole system. */
export type ControlScope = Partial<Record<ScopeKey, string[]>>;
export const SCOPE_KEYS = ['products', 'elements', 'flows', 'dataAssets'] as const;
type ScopeKey = (typeof SCOPE_KEYS)[number];

/**
 * Sets the status (and owner, due date, justification, notes) of a control: of its entry for the whole system
 * without `scope`, else of its entry for exactly those products or elements, adding that entry where the model has
 * none (a single entry becomes a list of two). Whether the scope fits the control is the model check's to say.
 */
export function setControlState(text: string, control: string, update: ControlUpdate, scope?: ControlScope): string {
  const fields = supported(ControlState, update);
  const entry = controlEntry(text, control, scope, fields);
  return entry.created ? entry.text : setFields(entry.text, entry.path, fields);
}

export interface EvidenceEntry {
  id: string;
  kind: string;
  title: string;
  location?: string;
  collected?: string;
  expires?: string;
  by?: string;
  reviewer?: string;
  sha256?: string;
}

/**
 * Adds an evidence entry and, when `control` is given, lists it under that control's entry for `scope` (as
 * setControlState finds it); a control first mentioned by its evidence is given the status `implemented`, since an
 * entry needs a status to validate.
 */
export function addEvidence(text: string, evidence: EvidenceEntry, control?: string, scope?: ControlScope): string {
  const existing = (parseDocument(text).toJS() as { assessment?: { evidence?: { id: string }[] } })?.assessment
    ?.evidence;
  if (existing?.some((e) => e.id === evidence.id))
    throw new ModelEditError(`evidence ${evidence.id} is already in the model`, 'exists');
  const out = appendItem(text, ['assessment', 'evidence'], supported(Evidence, evidence));
  if (!control) return out;
  const entry = controlEntry(out, control, scope, { status: 'implemented', evidence: [evidence.id] });
  if (entry.created) return entry.text;
  const linked = parseDocument(entry.text).getIn([...entry.path, 'evidence']) as YAMLSeq | undefined;
  if (linked?.items?.some((i) => isScalar(i) && i.value === evidence.id)) return entry.text;
  return appendItem(entry.text, [...entry.path, 'evidence'], evidence.id);
}

/**
 * The path of a control's status entry for exactly `scope`. Where there is none, it is added with `fields` (its
 * status first, then its scope, as the examples write them): as the control's only entry, or as a new list item.
 */
function controlEntry(
  text: string,
  control: string,
  scope: ControlScope | undefined,
  fields: Record<string, Plain>,
): { text: string; path: Path; created: boolean } {
  const path: Path = ['assessment', 'controls', control];
  const wanted = scopeOf(scope ?? {});
  const current = parseDocument(text).getIn(path, true) as Node | undefined;
  const entries = isSeq(current) ? current.items : isMap(current) ? [current] : [];
  const index = entries.findIndex((e) => isMap(e) && scopeOf(e.toJSON() as ControlScope) === wanted);
  if (index >= 0) return { text, path: isSeq(current) ? [...path, index] : path, created: false };

  if (fields.status === undefined) {
    throw new ModelEditError(
      `${control} has no status ${wanted === '' ? 'for the whole system' : `for ${describeScope(scope!)}`} yet: give one`,
    );
  }
  const { status, ...rest } = fields;
  const scoped = Object.fromEntries(SCOPE_KEYS.flatMap((k) => (scope?.[k]?.length ? [[k, scope[k]]] : [])));
  const entry: Record<string, Plain> = { status, ...scoped, ...rest };
  if (entries.length === 0) return { text: setValue(text, path, entry), path, created: true };
  const listed = isSeq(current) ? text : toList(text, path);
  return { text: appendItem(listed, path, entry), path: [...path, entries.length], created: true };
}

/** A scope as one comparable string: the subjects named per key, in order; '' for the whole system. */
function scopeOf(scope: ControlScope): string {
  return SCOPE_KEYS.filter((k) => (scope[k]?.length ?? 0) > 0)
    .map((k) => `${k}=${[...new Set(scope[k])].sort().join(',')}`)
    .join(';');
}

const describeScope = (scope: ControlScope): string =>
  SCOPE_KEYS.filter((k) => (scope[k]?.length ?? 0) > 0)
    .map((k) => `${k} ${scope[k]!.join(', ')}`)
    .join(' and ');

export interface RiskTreatmentUpdate {
  treatment: string;
  owner?: string;
  justification?: string;
  ticket?: string;
  reviewed?: string;
  approver?: string;
  approvedOn?: string;
  reviewBy?: string;
  transferredTo?: string;
}

/** Sets the treatment of a risk (by risk id, or by rule id for all its risks). */
export function setRiskTreatment(text: string, risk: string, update: RiskTreatmentUpdate): string {
  return setFields(text, ['assessment', 'risks', risk], supported(RiskTreatment, update));
}

/** The fields of `values` the schema knows, without undefined ones. */
function supported(schema: z.ZodObject, values: object): Record<string, Plain> {
  const known = new Set(Object.keys(schema.shape));
  return Object.fromEntries(
    Object.entries(values).filter(([key, value]) => value !== undefined && known.has(key)),
  ) as Record<string, Plain>;
}

// Text-level primitives -------------------------------------------------------------------------------------------

/** Sets each field of the mapping at `path`, creating the mapping (and its parents) where missing. */
export function setFields(text: string, path: Path, fields: Record<string, Plain>): string {
  let out = text;
  for (const [key, value] of Object.entries(fields)) out = setValue(out, [...path, key], value);
  return out;
}

/** Sets the value at `path` (mapping keys only), replacing the old value's text or inserting a new key. */
export function setValue(text: string, path: Path, value: Plain): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new ModelEditError(`the model is not valid YAML: ${doc.errors[0]!.message}`);
  const { node, depth, parent } = deepest(doc.contents as ParsedNode | null, path);
  if (depth === path.length) return replaceNode(text, node!, value, parent!);
  // path[depth] is missing from the mapping `node`: insert it with the rest of the path as nested mappings.
  const nested = path.slice(depth + 1).reduceRight<Plain>((inner, key) => ({ [String(key)]: inner }), value);
  return insertKey(text, node, String(path[depth]), nested, parent);
}

/** Appends an item to the sequence at `path`, creating the sequence (and its parents) where missing. */
export function appendItem(text: string, path: Path, item: Plain): string {
  const doc = parseDocument(text);
  const { node, depth } = deepest(doc.contents as ParsedNode | null, path);
  if (depth < path.length || !isSeq(node) || node.items.length === 0) {
    const current = depth === path.length && isSeq(node) ? [] : undefined;
    if (current === undefined && depth === path.length && node && !(isScalar(node) && node.value === null)) {
      throw new ModelEditError(`${path.join('.')} is not a list`);
    }
    return setValue(text, path, [item]);
  }
  if (node.flow) return replaceRange(text, node.range!, flow([...(node.toJSON() as Plain[]), item]));
  const last = node.items.at(-1) as ParsedNode;
  const indent = column(text, node.range![0]);
  // Follow the neighbours' style: one-line `- { … }` items stay one-line.
  const block =
    (isMap(last) || isSeq(last)) && last.flow ? `- ${flow(item)}` : stringify([item], { lineWidth: 0 }).trimEnd();
  return insertAfterLine(text, last.range![1], indentLines(block, indent));
}

/**
 * Turns the mapping at `path` into the first item of a list, its text kept: a one-line `{ … }` becomes a `- { … }`
 * line under the key; a block mapping gets a `- ` before its first key and its other lines move two columns right.
 */
function toList(text: string, path: Path): string {
  const doc = parseDocument(text);
  const { node, depth, parent } = deepest(doc.contents as ParsedNode | null, path);
  if (depth < path.length || !isMap(node) || !parent) throw new ModelEditError(`${path.join('.')} is not a mapping`);
  const [start, end] = node.range!;
  if (node.flow) {
    const colon = text.lastIndexOf(':', start);
    const item = indentLines(`- ${text.slice(start, end)}`, column(text, parent.keyOffset) + 2);
    return `${text.slice(0, colon + 1)}\n${item}${text.slice(end)}`;
  }
  // The mapping's own lines: from its first key to its last value (its range may run on to the next line).
  let last = end;
  while (last > start && /\s/.test(text[last - 1]!)) last--;
  const lines = text.slice(start, last).split('\n');
  const moved = lines.map((line, i) => (i === 0 ? `- ${line}` : line === '' ? line : `  ${line}`)).join('\n');
  return replaceRange(text, [start, last], moved);
}

interface Found {
  node: ParsedNode | null;
  depth: number;
  /** the mapping holding `node`, with its key's offset (to know the key's column) */
  parent?: { map: YAMLMap; keyOffset: number };
}

function deepest(root: ParsedNode | null, path: Path): Found {
  let node = root;
  let parent: Found['parent'];
  for (let depth = 0; depth < path.length; depth++) {
    const step = path[depth]!;
    if (typeof step === 'number' && isSeq(node)) {
      node = (node.items[step] as ParsedNode | undefined) ?? null;
      if (!isMap(node)) throw new ModelEditError(`${path.slice(0, depth + 1).join('.')} is not a mapping`);
      continue;
    }
    if (!isMap(node)) {
      if (node === null || (isScalar(node) && node.value === null)) return { node, depth, parent };
      throw new ModelEditError(`${path.slice(0, depth).join('.') || 'the model'} is not a mapping`);
    }
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(path[depth]));
    if (!pair) return { node, depth, parent };
    parent = { map: node as YAMLMap, keyOffset: (pair.key as ParsedNode).range![0] };
    node = (pair.value as ParsedNode | null) ?? null;
    // `key:` with nothing after it: an empty value right after the colon.
    if (node === null) return { node: null, depth: depth + 1, parent };
  }
  return { node, depth: path.length, parent };
}

function replaceNode(
  text: string,
  node: ParsedNode | null,
  value: Plain,
  parent: NonNullable<Found['parent']>,
): string {
  const keyColumn = column(text, parent.keyOffset);
  if (node === null || (isScalar(node) && node.value === null && node.range![0] === node.range![1])) {
    // `key:` followed by nothing: write the value after the colon.
    const colon = text.indexOf(':', parent.keyOffset);
    return insertValueAfterColon(text, colon, value, keyColumn);
  }
  if (value !== null && typeof value === 'object') {
    if ((isMap(node) || isSeq(node)) && (node as YAMLMap).flow) return replaceRange(text, node.range!, flow(value));
    if (!Array.isArray(value) && isMap(node)) return mergeInto(text, node, value);
    const colon = text.lastIndexOf(':', node.range![0]);
    return replaceRange(text, [colon + 1, node.range![1]], blockAfterColon(value, keyColumn));
  }
  return replaceRange(text, node.range!, scalar(value));
}

/** Sets each field of `value` inside an existing block mapping. */
function mergeInto(text: string, map: ParsedNode, value: Record<string, Plain | undefined>): string {
  let out = text;
  const start = map.range![0];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const doc = parseDocument(out);
    const found = findMapAt(doc.contents as ParsedNode, start);
    if (!found) throw new ModelEditError('the model changed while it was being edited');
    const pair = found.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (pair?.value) {
      out = replaceNode(out, pair.value as ParsedNode, v, {
        map: found,
        keyOffset: (pair.key as ParsedNode).range![0],
      });
    } else out = insertKey(out, found as unknown as ParsedNode, key, v, undefined);
  }
  return out;
}

function findMapAt(node: Node | null, start: number): YAMLMap | undefined {
  if (!node) return undefined;
  if (isMap(node) && (node as ParsedNode).range![0] === start) return node as YAMLMap;
  if (isMap(node) || isSeq(node)) {
    for (const item of (node as YAMLMap | YAMLSeq).items) {
      const child = isMap(node) ? ((item as { value: Node | null }).value ?? null) : (item as Node);
      const found = findMapAt(child, start);
      if (found) return found;
    }
  }
  return undefined;
}

function insertKey(
  text: string,
  map: ParsedNode | null,
  key: string,
  value: Plain,
  parent: Found['parent'] | undefined,
): string {
  if (map === null || (isScalar(map) && map.value === null)) {
    if (!parent)
      return `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${indentLines(stringify({ [key]: value }, { lineWidth: 0 }).trimEnd(), 0)}\n`;
    const colon = text.indexOf(':', parent.keyOffset);
    return insertValueAfterColon(text, colon, { [key]: value }, column(text, parent.keyOffset));
  }
  if (!isMap(map)) throw new ModelEditError(`cannot add ${key}: its parent is not a mapping`);
  if (map.flow) return replaceRange(text, map.range!, flow({ ...(map.toJSON() as object), [key]: value } as Plain));
  const first = map.items[0]?.key as ParsedNode | undefined;
  const indent = first ? column(text, first.range![0]) : 0;
  const last = map.items.at(-1);
  const neighbour = last?.value as Node | null | undefined;
  // Follow the neighbours' style: where siblings are one-line `{ … }` mappings, so is the new one.
  const block =
    value !== null && typeof value === 'object' && (isMap(neighbour) || isSeq(neighbour)) && neighbour.flow
      ? `${stringify(key).trimEnd()}: ${flow(value)}`
      : stringify({ [key]: value }, { lineWidth: 0 }).trimEnd();
  const end = last
    ? ((last.value as ParsedNode | null)?.range?.[1] ?? (last.key as ParsedNode).range![1])
    : map.range![1];
  return insertAfterLine(text, end, indentLines(block, indent));
}

function insertValueAfterColon(text: string, colon: number, value: Plain, keyColumn: number): string {
  const lineEnd = endOfLine(text, colon);
  const rest = text.slice(colon + 1, lineEnd);
  const comment = /\s*#.*$/.exec(rest)?.[0] ?? '';
  const rendered =
    value !== null && typeof value === 'object' ? blockAfterColon(value, keyColumn) : ` ${scalar(value)}`;
  // A comment after `key:` stays on the key's line.
  if (value !== null && typeof value === 'object') {
    return `${text.slice(0, colon + 1)}${comment}${rendered}${text.slice(lineEnd)}`;
  }
  return `${text.slice(0, colon + 1)}${rendered}${comment}${text.slice(lineEnd)}`;
}

/** A mapping or sequence as a block under a key at `keyColumn`, starting with the newline after the colon. */
function blockAfterColon(value: Plain, keyColumn: number): string {
  const block = stringify(value, { lineWidth: 0 }).trimEnd();
  return `\n${indentLines(block, keyColumn + 2)}`;
}

const scalar = (value: Plain): string => stringify(value, { lineWidth: 0 }).trimEnd();
/** One-line YAML as the examples write it: `{ key: value }` mappings and `[a, b]` lists. */
function flow(value: Plain | undefined): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (value === null || typeof value !== 'object') return flowScalar(value ?? null);
  const pairs = Object.entries(value).filter(([, v]) => v !== undefined);
  return pairs.length === 0 ? '{}' : `{ ${pairs.map(([k, v]) => `${flowScalar(k)}: ${flow(v)}`).join(', ')} }`;
}

/** A scalar quoted where a flow collection needs it (`a, b` is plain in a block, not inside `[…]`). */
const flowScalar = (value: Plain): string =>
  stringify([value], { lineWidth: 0, collectionStyle: 'flow', flowCollectionPadding: false }).trimEnd().slice(1, -1);

function indentLines(block: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return block
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

function replaceRange(text: string, range: readonly number[], replacement: string): string {
  return text.slice(0, range[0]) + replacement + text.slice(range[1]);
}

function insertAfterLine(text: string, offset: number, lines: string): string {
  // The node's range may end at the start of the next line; step back onto the node's last line.
  let at = offset;
  while (at > 0 && (text[at - 1] === '\n' || text[at - 1] === ' ')) at--;
  const end = endOfLine(text, at);
  return `${text.slice(0, end)}\n${lines}${text.slice(end)}`;
}

function endOfLine(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}
