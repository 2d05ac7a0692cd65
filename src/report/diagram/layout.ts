/**
 * Layout of the system diagram with ELK's layered algorithm, top to bottom, as one hierarchical graph: each zone
 * frame is a compound node holding its elements (and the frames of zones inside it), so a zone is always one
 * rectangle and frames never overlap; flows are orthogonal edges routed across the hierarchy. ELK reserves room for
 * each flow label but may place it beside its edge, where it reads as belonging to a neighbour: the label is moved
 * onto the nearest point of its own edge. Boundary outlines are drawn around their frame in room left for them.
 * Coordinates are absolute. Every renderer (SVG, PDF, the workspace) draws this layout through the scene (scene.ts).
 */
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { DiagramEdge, DiagramSpec } from './model.js';

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutEdge {
  points: Point[];
  /** the label, centred on a point of the edge */
  label?: Box;
}

export interface LaidOutBoundary {
  outline: Box;
  label: Box;
}

export interface Layout {
  width: number;
  height: number;
  nodes: Map<string, Box>;
  frames: Map<string, Box>;
  edges: Map<string, LaidOutEdge>;
  boundaries: Map<string, LaidOutBoundary>;
  /** text lines of each node, wrapped to its width */
  text: Map<string, string[]>;
}

const NODE_WIDTH = 184;
const CHAR_WIDTH = 6.9;
/** average width of a character of label text (11 px) */
const LABEL_CHAR_WIDTH = 6.2;
const LINE = 15;
const DETAIL_LINE = 14;
export const NODE_PADDING = 7;
export const LABEL_LINE = 14;
export const LABEL_PADDING = 4;
/** the personal-data badge before a flow label's first line */
export const BADGE_WIDTH = 22;
export const FRAME_LABEL_HEIGHT = 16;
/** average width of a character of a zone's name (11.5 px, bold) */
export const ZONE_LABEL_CHAR_WIDTH = 6.6;
/** space between a frame and its nodes; at the top, room for the zone's name */
const FRAME_PADDING = 10;
const FRAME_TOP = FRAME_LABEL_HEIGHT + 8;
/** distance between a frame and its boundary outline, and between two outlines of one frame */
const OUTLINE_STEP = 6;
const BOUNDARY_LABEL_HEIGHT = 15;
const MARGIN = 14;

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

function textWidth(text: string, charWidth = CHAR_WIDTH): number {
  return Math.ceil(text.length * charWidth);
}

const MAX_CHARS = Math.floor((NODE_WIDTH - 2 * NODE_PADDING) / CHAR_WIDTH);

function nodeText(spec: DiagramSpec): Map<string, string[]> {
  return new Map(spec.nodes.map((n) => [n.key, n.lines.flatMap((l) => wrap(l, MAX_CHARS, 2))]));
}

/** The lines of a flow's label: protocol (and warning), then the data carried when named. */
export function labelLines(e: DiagramEdge): string[] {
  return e.data ? [e.label, e.data] : [e.label];
}

function labelSize(e: DiagramEdge): { width: number; height: number } {
  const lines = labelLines(e);
  const badge = e.personal ? BADGE_WIDTH + 4 : 0;
  const width = Math.max(
    textWidth(lines[0]!, LABEL_CHAR_WIDTH) + badge,
    ...lines.map((l) => textWidth(l, LABEL_CHAR_WIDTH)),
  );
  return { width: width + 2 * LABEL_PADDING, height: lines.length * LABEL_LINE + LABEL_PADDING };
}

/** Room around frames for the boundary outlines of the frame with the most boundaries. */
function outlineRoom(spec: DiagramSpec): number {
  const perFrame = new Map<string, number>();
  for (const b of spec.boundaries) perFrame.set(b.frame, (perFrame.get(b.frame) ?? 0) + 1);
  const most = Math.max(0, ...perFrame.values());
  return most === 0 ? 0 : most * OUTLINE_STEP + BOUNDARY_LABEL_HEIGHT / 2;
}

/** The ELK graph: frames as compound nodes holding their nodes and inner frames; edges at the root. */
function elkGraph(spec: DiagramSpec, text: Map<string, string[]>): ElkNode {
  const room = outlineRoom(spec);
  const framePadding = `[top=${FRAME_TOP + room},left=${FRAME_PADDING + room},bottom=${FRAME_PADDING + room},right=${FRAME_PADDING + room}]`;
  const compound = new Map<string, ElkNode>(
    spec.frames.map((f) => [f.key, { id: f.key, layoutOptions: { 'elk.padding': framePadding }, children: [] }]),
  );
  const root: ElkNode = { id: 'root', layoutOptions: rootOptions(spec, room), children: [] };
  const parentOf = (frame: string | undefined) => (frame === undefined ? root : (compound.get(frame) ?? root));
  for (const f of spec.frames) parentOf(f.parent).children!.push(compound.get(f.key)!);
  for (const n of spec.nodes) {
    const lines = text.get(n.key)?.length ?? 1;
    parentOf(n.frame).children!.push({
      id: n.key,
      width: NODE_WIDTH,
      height: 2 * NODE_PADDING + lines * LINE + DETAIL_LINE,
    });
  }
  root.edges = spec.edges.map(
    (e): ElkExtendedEdge => ({
      id: e.key,
      sources: [e.from],
      targets: [e.to],
      labels: [{ text: labelLines(e).join('\n'), ...labelSize(e) }],
    }),
  );
  return root;
}

function rootOptions(spec: DiagramSpec, room: number): Record<string, string> {
  const options: Record<string, string> = {
    'elk.algorithm': 'layered',
    'elk.direction': 'DOWN',
    'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
    'elk.json.shapeCoords': 'ROOT',
    'elk.json.edgeCoords': 'ROOT',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.edgeLabels.placement': 'CENTER',
    'elk.spacing.nodeNode': `${2 * room + 24}`,
    'elk.spacing.edgeNode': '14',
    'elk.spacing.edgeEdge': '10',
    'elk.spacing.edgeLabel': '3',
    'elk.layered.spacing.nodeNodeBetweenLayers': `${2 * room + 24}`,
    'elk.layered.spacing.edgeNodeBetweenLayers': '12',
    'elk.layered.spacing.edgeEdgeBetweenLayers': '8',
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
    'elk.padding': `[top=${MARGIN + room},left=${MARGIN + room},bottom=${MARGIN + room},right=${MARGIN + room}]`,
  };
  // Network simplex places nodes best but grows fast with long edges; summaries use the linear Brandes-Köpf.
  if (spec.mode !== 'detailed') options['elk.layered.nodePlacement.strategy'] = 'BRANDES_KOEPF';
  return options;
}

const box = (n: { x?: number; y?: number; width?: number; height?: number }): Box => ({
  x: n.x ?? 0,
  y: n.y ?? 0,
  width: n.width ?? 0,
  height: n.height ?? 0,
});

/** The point of a polyline nearest to `p`. */
function nearestPoint(points: Point[], p: Point): Point {
  let best: Point = points[0] ?? p;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const length = dx * dx + dy * dy;
    const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length));
    const q = { x: a.x + t * dx, y: a.y + t * dy };
    const d = (q.x - p.x) ** 2 + (q.y - p.y) ** 2;
    if (d < bestDistance) {
      best = q;
      bestDistance = d;
    }
  }
  return best;
}

const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Points on the edge where its label may be centred: the nearest to ELK's spot, then along each segment. */
function labelCandidates(points: Point[], near: Point): Point[] {
  const out = [nearestPoint(points, near)];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    for (const t of [0.5, 0.3, 0.7, 0.15, 0.85]) out.push({ x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) });
  }
  return out;
}

/**
 * Labels centred on their own edge: of the candidate points, the one whose label covers the fewest elements and
 * labels already placed, then the fewest zone and boundary names, then the nearest to where ELK reserved room for it.
 */
function placeLabels(edges: Map<string, LaidOutEdge>, elkLabels: Map<string, Box>, nodes: Box[], names: Box[]): void {
  const placed: Box[] = [];
  for (const [key, edge] of edges) {
    const elk = elkLabels.get(key);
    if (!elk) continue;
    const near = { x: elk.x + elk.width / 2, y: elk.y + elk.height / 2 };
    let best: { box: Box; score: number } | undefined;
    for (const c of labelCandidates(edge.points, near)) {
      const box = { ...elk, x: c.x - elk.width / 2, y: c.y - elk.height / 2 };
      const covered = nodes.filter((n) => intersects(n, box)).length + placed.filter((l) => intersects(l, box)).length;
      const hidden = names.filter((n) => intersects(n, box)).length;
      const score = covered * 1e6 + hidden * 1e4 + Math.hypot(c.x - near.x, c.y - near.y);
      if (!best || score < best.score) best = { box, score };
    }
    edge.label = best!.box;
    placed.push(best!.box);
  }
}

/** Where each zone's name is written: the top left of its frame. */
function frameNameBoxes(spec: DiagramSpec, frames: Map<string, Box>): Box[] {
  return spec.frames.flatMap((f) => {
    const b = frames.get(f.key);
    if (!b) return [];
    return [
      {
        x: b.x,
        y: b.y,
        width: Math.min(b.width, textWidth(f.label, ZONE_LABEL_CHAR_WIDTH) + 16),
        height: FRAME_LABEL_HEIGHT + 2,
      },
    ];
  });
}

/** Every node and frame of the laid-out hierarchy, by id (coordinates are absolute). */
function collectBoxes(node: ElkNode, into: Map<string, Box>): Map<string, Box> {
  for (const c of node.children ?? []) {
    into.set(c.id, box(c));
    collectBoxes(c, into);
  }
  return into;
}

const inflate = (b: Box, by: number): Box => ({
  x: b.x - by,
  y: b.y - by,
  width: b.width + 2 * by,
  height: b.height + 2 * by,
});

/**
 * Each boundary of a frame is an outline OUTLINE_STEP further out than the previous one; its label sits on the
 * outline's bottom edge, right-aligned, each further label to the left of the previous one.
 */
function boundaryOutlines(spec: DiagramSpec, frames: Map<string, Box>): Map<string, LaidOutBoundary> {
  const out = new Map<string, LaidOutBoundary>();
  const perFrame = new Map<string, { count: number; right: number }>();
  for (const b of spec.boundaries) {
    const frame = frames.get(b.frame);
    if (!frame) continue;
    const seen = perFrame.get(b.frame) ?? { count: 0, right: Number.POSITIVE_INFINITY };
    const outline = inflate(frame, (seen.count + 1) * OUTLINE_STEP);
    const width = textWidth(b.label, LABEL_CHAR_WIDTH) + 2 * LABEL_PADDING;
    const right = Math.min(seen.right, outline.x + outline.width - 12);
    const label = {
      x: right - width,
      y: outline.y + outline.height - BOUNDARY_LABEL_HEIGHT / 2,
      width,
      height: BOUNDARY_LABEL_HEIGHT,
    };
    out.set(b.key, { outline, label });
    perFrame.set(b.frame, { count: seen.count + 1, right: label.x - 6 });
  }
  return out;
}

/**
 * Lays the spec out with `elk`: the command line's runs in its own thread (elk.ts), the workspace's in a web worker,
 * so a large diagram does not freeze the page.
 */
export async function layoutDiagram(spec: DiagramSpec, elk: Pick<ELK, 'layout'>): Promise<Layout> {
  const text = nodeText(spec);
  const result = await elk.layout(elkGraph(spec, text));
  const boxes = collectBoxes(result, new Map());
  const pick = (keys: string[]) => new Map(keys.flatMap((k) => (boxes.has(k) ? [[k, boxes.get(k)!]] : [])));
  const nodes = pick(spec.nodes.map((n) => n.key));
  const frames = pick(spec.frames.map((f) => f.key));
  const edges = new Map<string, LaidOutEdge>();
  const elkLabels = new Map<string, Box>();
  for (const e of result.edges ?? []) {
    const s = e.sections?.[0];
    if (!s) continue;
    edges.set(e.id, { points: [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] });
    const label = e.labels?.[0];
    if (label) elkLabels.set(e.id, box(label));
  }
  const boundaries = boundaryOutlines(spec, frames);
  const names = [...frameNameBoxes(spec, frames), ...[...boundaries.values()].map((b) => b.label)];
  placeLabels(edges, elkLabels, [...nodes.values()], names);
  // a label moved onto its edge may reach past what ELK measured
  const labels = [...edges.values()].flatMap((e) => (e.label ? [e.label] : []));
  const right = Math.max(result.width ?? 0, ...labels.map((b) => b.x + b.width + MARGIN));
  const bottom = Math.max(result.height ?? 0, ...labels.map((b) => b.y + b.height + MARGIN));
  return { width: right, height: bottom, nodes, frames, edges, boundaries, text };
}
