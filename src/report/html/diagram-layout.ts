/**
 * Layout of the system diagram with ELK's layered algorithm, top to bottom. Domains are partitions, so each lane is
 * a band of layers in the order of DOMAIN_ORDER; nodes are given in lane and zone order; zones are drawn as frames
 * around the laid-out nodes of a zone within a lane. Frames must not overlap, so the layout is tried with
 * increasingly strict constraints until they do not: (1) domains as partitions, (2) the same with the node order
 * within each layer forced to zone order, (3) every domain × zone its own partition (frames in separate layers).
 * Flows are orthogonal edges with their label centred. Coordinates come back absolute (ROOT).
 */
import elkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK, ELKConstructorArguments, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { type DiagramNode, type DiagramSpec, domainIndex } from './diagram-model.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Lane extends Box {
  domain: string;
}

export interface LaidOutEdge {
  points: { x: number; y: number }[];
  label?: Box;
}

export interface Layout {
  width: number;
  height: number;
  nodes: Map<string, Box>;
  frames: Map<string, Box>;
  edges: Map<string, LaidOutEdge>;
  lanes: Lane[];
  /** text lines of each node, wrapped to its width */
  text: Map<string, string[]>;
  /** which layout attempt gave frames that do not overlap */
  strategy: Strategy;
}

export const LANE_HEADER_WIDTH = 132;
export const NODE_WIDTH = 184;
const CHAR_WIDTH = 6.9;
const LINE = 15;
const DETAIL_LINE = 14;
export const NODE_PADDING = 7;
const LABEL_HEIGHT = 16;
export const FRAME_LABEL_HEIGHT = 16;
/** space between a frame and its nodes; at the top, room for the zone's name */
export const FRAME_PADDING = 10;
export const FRAME_TOP = FRAME_LABEL_HEIGHT + 8;

/** Splits text into at most `maxLines` lines of `width` characters, with an ellipsis when cut. */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const cut = lines.length > maxLines;
  const shown = lines.slice(0, maxLines).map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (cut) shown[maxLines - 1] = `${shown[maxLines - 1]!.slice(0, width - 1)}…`;
  return shown.length > 0 ? shown : [''];
}

export function textWidth(text: string, charWidth = CHAR_WIDTH): number {
  return Math.ceil(text.length * charWidth);
}

const MAX_CHARS = Math.floor((NODE_WIDTH - 2 * NODE_PADDING) / CHAR_WIDTH);

function nodeText(spec: DiagramSpec): Map<string, string[]> {
  return new Map(spec.nodes.map((n) => [n.key, n.lines.flatMap((l) => wrap(l, MAX_CHARS, 2))]));
}

function elkNode(key: string, lines: number, partition: number | undefined): ElkNode {
  const node: ElkNode = { id: key, width: NODE_WIDTH, height: 2 * NODE_PADDING + lines * LINE + DETAIL_LINE };
  if (partition !== undefined) node.layoutOptions = { 'elk.partitioning.partition': String(partition) };
  return node;
}

/**
 * How the layout was constrained: `lanes` (domains as partitions), `ordered` (also the node order in each layer
 * forced to zone order), `split` (also some lanes split into one partition per zone).
 */
export type Strategy = 'lanes' | 'ordered' | 'split';

interface Constraints {
  forceOrder: boolean;
  /** lanes whose zones get a partition each */
  split: ReadonlySet<string>;
}

/** Nodes in lane order, then by zone (first appearance), so model order groups each zone. */
export function orderedNodes(spec: DiagramSpec): DiagramNode[] {
  const frameOrder = new Map(spec.frames.map((f, i) => [f.key, i]));
  const rank = (n: DiagramNode) => (n.frame === undefined ? -1 : frameOrder.get(n.frame)!);
  return [...spec.nodes].sort((a, b) => domainIndex(a.domain) - domainIndex(b.domain) || rank(a) - rank(b));
}

/** Partition of a node: its lane; in a split lane, one partition per zone (in zone order). */
function partition(n: DiagramNode, frameIndex: Map<string, number>, split: ReadonlySet<string>): number {
  const lane = domainIndex(n.domain) * 10000;
  if (!split.has(n.domain)) return lane;
  return lane + (n.frame === undefined ? 0 : frameIndex.get(n.frame)! + 1);
}

/** The ELK graph: one flat level of nodes, partitioned by lane (or lane × zone) and given in zone order. */
export function elkGraph(spec: DiagramSpec, text: Map<string, string[]>, c: Constraints): ElkNode {
  const frameIndex = new Map(spec.frames.map((f, i) => [f.key, i]));
  const children = orderedNodes(spec).map((n) =>
    elkNode(n.key, text.get(n.key)?.length ?? 1, partition(n, frameIndex, c.split)),
  );
  const edges: ElkExtendedEdge[] = spec.edges.map((e) => ({
    id: e.key,
    sources: [e.from],
    targets: [e.to],
    labels: [{ text: e.label, width: textWidth(e.label, 6.2) + 8, height: LABEL_HEIGHT }],
  }));
  const layoutOptions = { ...ROOT_OPTIONS };
  // Network simplex places nodes best but grows fast with long edges; summaries use the linear Brandes-Köpf.
  if (spec.mode !== 'detailed') layoutOptions['elk.layered.nodePlacement.strategy'] = 'BRANDES_KOEPF';
  if (c.forceOrder) layoutOptions['elk.layered.crossingMinimization.forceNodeModelOrder'] = 'true';
  return { id: 'root', layoutOptions, children, edges };
}

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.partitioning.activate': 'true',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.spacing.nodeNode': `${2 * FRAME_PADDING + 10}`,
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.edgeLabel': '3',
  'elk.layered.spacing.nodeNodeBetweenLayers': `${FRAME_PADDING + FRAME_TOP + 6}`,
  'elk.layered.spacing.edgeNodeBetweenLayers': '10',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '8',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.padding': `[top=${FRAME_TOP + 14},left=${LANE_HEADER_WIDTH + FRAME_PADDING + 14},bottom=${FRAME_PADDING + 14},right=${FRAME_PADDING + 14}]`,
};

/**
 * elk.bundled.js is CommonJS (`module.exports = ELK`) but its typings say `export default`, which NodeNext reads as
 * `module.exports.default`; at run time the default import is the constructor itself.
 */
const ElkConstructor = elkBundled as unknown as new (args?: ELKConstructorArguments) => ELK;

const box = (n: { x?: number; y?: number; width?: number; height?: number }): Box => ({
  x: n.x ?? 0,
  y: n.y ?? 0,
  width: n.width ?? 0,
  height: n.height ?? 0,
});

/** Rectangles around the nodes of each frame, with room for the label at the top. */
export function frameBoxes(spec: DiagramSpec, nodes: Map<string, Box>): Map<string, Box> {
  const frames = new Map<string, Box>();
  for (const n of spec.nodes) {
    const b = n.frame === undefined ? undefined : nodes.get(n.key);
    if (!b || n.frame === undefined) continue;
    const f = frames.get(n.frame);
    const x1 = Math.min(f ? f.x : b.x - FRAME_PADDING, b.x - FRAME_PADDING);
    const y1 = Math.min(f ? f.y : b.y - FRAME_TOP, b.y - FRAME_TOP);
    const x2 = Math.max(f ? f.x + f.width : 0, b.x + b.width + FRAME_PADDING);
    const y2 = Math.max(f ? f.y + f.height : 0, b.y + b.height + FRAME_PADDING);
    frames.set(n.frame, { x: x1, y: y1, width: x2 - x1, height: y2 - y1 });
  }
  return frames;
}

const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Lanes where two frames overlap or a frame covers a node that is not in it. */
export function overlappingLanes(spec: DiagramSpec, nodes: Map<string, Box>, frames: Map<string, Box>): Set<string> {
  const domainOf = new Map(spec.frames.map((f) => [f.key, f.domain]));
  const list = [...frames.entries()];
  const lanes = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      if (!intersects(list[i]![1], list[j]![1])) continue;
      lanes.add(domainOf.get(list[i]![0])!);
      lanes.add(domainOf.get(list[j]![0])!);
    }
  }
  for (const n of spec.nodes) {
    const b = nodes.get(n.key);
    if (!b) continue;
    for (const [key, f] of list) {
      if (key === n.frame || !intersects(f, b)) continue;
      lanes.add(n.domain);
      lanes.add(domainOf.get(key)!);
    }
  }
  return lanes;
}

async function attempt(spec: DiagramSpec, text: Map<string, string[]>, c: Constraints) {
  const result = await new ElkConstructor().layout(elkGraph(spec, text, c));
  const nodes = new Map((result.children ?? []).map((n) => [n.id, box(n)]));
  const frames = frameBoxes(spec, nodes);
  return { result, nodes, frames, overlaps: overlappingLanes(spec, nodes, frames) };
}

/**
 * Lays out with domains as partitions; while frames overlap, forces zone order within layers and then splits the
 * lanes where they still overlap into one partition per zone (which cannot overlap), one round per lane at most.
 */
async function constrainedLayout(spec: DiagramSpec, text: Map<string, string[]>) {
  let strategy: Strategy = 'lanes';
  let current = await attempt(spec, text, { forceOrder: false, split: new Set() });
  if (current.overlaps.size === 0) return { ...current, strategy };
  const split = new Set<string>();
  strategy = 'ordered';
  current = await attempt(spec, text, { forceOrder: true, split });
  for (let round = 0; current.overlaps.size > 0 && round <= spec.lanes.length; round++) {
    const before = split.size;
    for (const lane of current.overlaps) split.add(lane);
    if (split.size === before) for (const lane of spec.lanes) split.add(lane);
    strategy = 'split';
    current = await attempt(spec, text, { forceOrder: true, split });
  }
  return { ...current, strategy };
}

export async function layoutDiagram(spec: DiagramSpec): Promise<Layout> {
  const text = nodeText(spec);
  const { result, nodes, frames, strategy } = await constrainedLayout(spec, text);
  const edges = new Map<string, LaidOutEdge>();
  for (const e of result.edges ?? []) {
    const s = e.sections?.[0];
    if (!s) continue;
    const label = e.labels?.[0];
    edges.set(e.id, { points: [s.startPoint, ...(s.bendPoints ?? []), s.endPoint], label: label && box(label) });
  }
  const width = result.width ?? 0;
  const height = result.height ?? 0;
  return { width, height, nodes, frames, edges, text, strategy, lanes: lanes(spec, nodes, frames, width, height) };
}

/** Horizontal bands, one per domain, split half-way between the content of neighbouring lanes. */
export function lanes(
  spec: DiagramSpec,
  nodes: Map<string, Box>,
  frames: Map<string, Box>,
  width: number,
  height: number,
): Lane[] {
  const extent = new Map<string, { top: number; bottom: number }>();
  const extend = (domain: string, b: Box) => {
    const e = extent.get(domain) ?? { top: Number.POSITIVE_INFINITY, bottom: Number.NEGATIVE_INFINITY };
    extent.set(domain, { top: Math.min(e.top, b.y), bottom: Math.max(e.bottom, b.y + b.height) });
  };
  for (const f of spec.frames) {
    const b = frames.get(f.key);
    if (b) extend(f.domain, b);
  }
  for (const n of spec.nodes) {
    const b = nodes.get(n.key);
    if (b && n.frame === undefined) extend(n.domain, b);
  }
  const ordered = spec.lanes.filter((d) => extent.has(d)).sort((a, b) => extent.get(a)!.top - extent.get(b)!.top);
  return ordered.map((domain, i) => {
    const prev = i > 0 ? extent.get(ordered[i - 1]!)! : undefined;
    const next = i < ordered.length - 1 ? extent.get(ordered[i + 1]!)! : undefined;
    const own = extent.get(domain)!;
    const top = prev ? (prev.bottom + own.top) / 2 : 0;
    const bottom = next ? (own.bottom + next.top) / 2 : height;
    return { domain, x: 0, y: top, width, height: bottom - top };
  });
}
