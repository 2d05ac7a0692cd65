/**
 * The laid-out diagram as drawing primitives (rectangles, lines, filled polygons, text at a baseline) with their
 * colours, in paint order. The SVG (HTML report) and the PDF draw this same scene, so positions, arrowheads and
 * colours are computed once; a renderer only translates primitives. Text is raw here: each renderer escapes or
 * transcodes it for its own format.
 */
import {
  BADGE_WIDTH,
  type Box,
  FRAME_LABEL_HEIGHT,
  LABEL_LINE,
  LABEL_PADDING,
  type LaidOutBoundary,
  type LaidOutEdge,
  type Layout,
  labelLines,
  NODE_PADDING,
  type Point,
  wrap,
  ZONE_LABEL_CHAR_WIDTH,
} from './layout.js';
import {
  type DiagramBoundary,
  type DiagramEdge,
  type DiagramFrame,
  type DiagramSpec,
  DOMAIN_TITLES,
  type Protection,
} from './model.js';

export interface Paint {
  fill?: string;
  fillOpacity?: number;
  stroke?: string;
  strokeWidth?: number;
  dash?: readonly number[];
}

export interface Font {
  size: number;
  bold: boolean;
  colour: string;
  anchor: 'start' | 'middle';
  /** a background-coloured outline so a line under the text does not hide it */
  halo?: string;
}

export type Shape =
  | { type: 'rect'; box: Box; radius: number; paint: Paint }
  | { type: 'polyline'; points: Point[]; paint: Paint }
  | { type: 'polygon'; points: Point[]; paint: Paint }
  | { type: 'text'; x: number; y: number; text: string; font: Font };

export type ItemKind = 'zone' | 'boundary' | 'flow' | 'zone-label' | 'node' | 'flow-label' | 'boundary-label';

export interface SceneItem {
  kind: ItemKind;
  /** classes for the SVG (and tests) */
  classes: string[];
  /** attributes naming the model object (`data-…` in SVG) */
  data: Record<string, string>;
  /** tooltip: full text of what is shortened on the drawing */
  title: string;
  shapes: Shape[];
}

export interface Scene {
  width: number;
  height: number;
  items: SceneItem[];
}

const DOMAIN_FILL: Record<string, string> = {
  PED: '#f4ecdf',
  SCD: '#e6f0ff',
  OMD: '#efe8fb',
  ASD: '#e4f6ec',
  RAID: '#fff1dc',
  UD: '#fde8f0',
};

const FLOW_PAINT: Record<Protection, Paint> = {
  protected: { stroke: '#4b5563', strokeWidth: 1.4 },
  unauthenticated: { stroke: '#b45309', strokeWidth: 2, dash: [7, 4] },
  cleartext: { stroke: '#b91c1c', strokeWidth: 2.6 },
};
const LABEL_TEXT: Record<Protection, { colour: string; bold: boolean }> = {
  protected: { colour: '#374151', bold: false },
  unauthenticated: { colour: '#92400e', bold: true },
  cleartext: { colour: '#991b1b', bold: true },
};
const ZONE_PAINT: Paint = { fill: '#f5f7fa', fillOpacity: 0.55, stroke: '#5b6678', strokeWidth: 1.3, dash: [6, 4] };
const BOUNDARY_PAINT: Paint = { stroke: '#0f766e', strokeWidth: 1.8, dash: [2, 3] };
const BOUNDARY_TEXT = '#0f5e57';
const PERSONAL = '#6d28d9';
const NODE_STROKE = '#334155';
const ARROW_LENGTH = 9;
const ARROW_HALF_WIDTH = 4.5;

const text = (x: number, y: number, value: string, font: Font): Shape => ({ type: 'text', x, y, text: value, font });

/** A filled arrowhead with its tip at `tip`, pointing away from `from`. */
function arrowHead(tip: Point, from: Point, colour: string, scale = 1): Shape {
  const dx = tip.x - from.x;
  const dy = tip.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length;
  const uy = dy / length;
  const l = ARROW_LENGTH * scale;
  const w = ARROW_HALF_WIDTH * scale;
  const base = { x: tip.x - ux * l, y: tip.y - uy * l };
  return {
    type: 'polygon',
    points: [tip, { x: base.x - uy * w, y: base.y + ux * w }, { x: base.x + uy * w, y: base.y - ux * w }],
    paint: { fill: colour },
  };
}

/** The point `by` back from the end of the segment `from` → `to` (so a thick line stops inside its arrowhead). */
function pullBack(to: Point, from: Point, by: number): Point {
  const length = Math.hypot(to.x - from.x, to.y - from.y) || 1;
  const t = Math.min(1, by / length);
  return { x: to.x - (to.x - from.x) * t, y: to.y - (to.y - from.y) * t };
}

/** The flow's line and its arrowheads: at the target, and at the source too when data moves both ways. */
function flowShapes(points: Point[], mark: Protection, bidirectional: boolean): Shape[] {
  const paint = FLOW_PAINT[mark];
  const colour = paint.stroke!;
  const scale = Math.max(1, (paint.strokeWidth ?? 1) / 1.6);
  const n = points.length;
  if (n < 2) return [];
  const line = [...points];
  const heads = [arrowHead(points[n - 1]!, points[n - 2]!, colour, scale)];
  line[n - 1] = pullBack(points[n - 1]!, points[n - 2]!, ARROW_LENGTH * scale * 0.7);
  if (bidirectional) {
    heads.push(arrowHead(points[0]!, points[1]!, colour, scale));
    line[0] = pullBack(points[0]!, points[1]!, ARROW_LENGTH * scale * 0.7);
  }
  return [{ type: 'polyline', points: line, paint }, ...heads];
}

/** The "PD" badge: this flow carries personal data. */
function personalBadge(x: number, y: number): Shape[] {
  return [
    { type: 'rect', box: { x, y, width: BADGE_WIDTH, height: 12 }, radius: 3, paint: { fill: PERSONAL } },
    text(x + BADGE_WIDTH / 2, y + 9.5, 'PD', { size: 9, bold: true, colour: '#ffffff', anchor: 'middle' }),
  ];
}

function labelShapes(e: DiagramEdge, b: Box): Shape[] {
  const style = LABEL_TEXT[e.mark];
  const font: Font = { size: 11, bold: false, colour: '#374151', anchor: 'middle' };
  const lines = labelLines(e);
  const shapes: Shape[] = [
    {
      type: 'rect',
      box: b,
      radius: 3,
      paint: { fill: '#ffffff', fillOpacity: 0.95, stroke: FLOW_PAINT[e.mark].stroke, strokeWidth: 0.8 },
    },
  ];
  const left = b.x + LABEL_PADDING;
  const right = b.x + b.width - LABEL_PADDING;
  const baseline = (i: number) => b.y + LABEL_PADDING / 2 + (i + 1) * LABEL_LINE - 3;
  if (e.personal) shapes.push(...personalBadge(left, baseline(0) - 9.5));
  const firstLeft = e.personal ? left + BADGE_WIDTH + 4 : left;
  shapes.push(text((firstLeft + right) / 2, baseline(0), lines[0]!, { ...font, ...style }));
  lines.slice(1).forEach((l, i) => {
    shapes.push(text((left + right) / 2, baseline(i + 1), l, { ...font, size: 10.5, colour: '#4b5563' }));
  });
  return shapes;
}

function nodeShapes(domain: string, b: Box, lines: string[], detail: string): Shape[] {
  const cx = b.x + b.width / 2;
  const top = b.y + NODE_PADDING + 12;
  return [
    {
      type: 'rect',
      box: b,
      radius: 6,
      paint: { fill: DOMAIN_FILL[domain] ?? '#ffffff', stroke: NODE_STROKE, strokeWidth: 1.2 },
    },
    ...lines.map((l, i) => text(cx, top + i * 15, l, { size: 12, bold: true, colour: '#0f172a', anchor: 'middle' })),
    text(cx, top + lines.length * 15, detail, { size: 11, bold: false, colour: '#475569', anchor: 'middle' }),
  ];
}

const data = (name: string, value: string | undefined): Record<string, string> =>
  value === undefined ? {} : { [name]: value };

const item = (
  kind: ItemKind,
  data: Record<string, string>,
  title: string,
  shapes: Shape[],
  classes: string[] = [kind],
): SceneItem => ({
  kind,
  classes,
  data,
  title,
  shapes,
});

/** Each frame, node… of the spec that the layout placed, as scene items. */
function each<T extends { key: string }, B>(list: T[], boxes: Map<string, B>, make: (t: T, b: B) => SceneItem) {
  return list.flatMap((t) => {
    const b = boxes.get(t.key);
    return b === undefined ? [] : [make(t, b)];
  });
}

function flowItem(e: DiagramEdge, l: LaidOutEdge): SceneItem {
  // an aggregated edge is drawn wider the more flows it stands for
  const widen = e.count > 1 ? Math.min(5, 1.4 + Math.log10(e.count)) : undefined;
  const shapes = flowShapes(l.points, e.mark, e.bidirectional).map((s) =>
    s.type === 'polyline' && widen !== undefined ? { ...s, paint: { ...s.paint, strokeWidth: widen } } : s,
  );
  return item('flow', data('flow-id', e.flowId), e.tooltip, shapes, flowClasses('flow', e));
}

function boundaryLabel(bd: DiagramBoundary, b: LaidOutBoundary): SceneItem {
  const font: Font = { size: 10.5, bold: true, colour: BOUNDARY_TEXT, anchor: 'middle' };
  const shapes: Shape[] = [
    {
      type: 'rect',
      box: b.label,
      radius: 3,
      paint: { fill: '#ffffff', stroke: BOUNDARY_PAINT.stroke, strokeWidth: 0.8 },
    },
    text(b.label.x + b.label.width / 2, b.label.y + b.label.height - 4, bd.label, font),
  ];
  return item('boundary-label', { 'boundary-id': bd.boundaryId }, bd.tooltip, shapes);
}

function zoneLabel(f: DiagramFrame, b: Box): SceneItem {
  const label = wrap(f.label, Math.floor((b.width - 16) / ZONE_LABEL_CHAR_WIDTH), 1)[0]!;
  const font: Font = { size: 11.5, bold: true, colour: '#334155', anchor: 'start', halo: '#ffffff' };
  return item('zone-label', { 'zone-id': f.zoneId }, f.tooltip, [
    text(b.x + 8, b.y + FRAME_LABEL_HEIGHT - 1, label, font),
  ]);
}

/** The scene in paint order: frames, outlines, flows, zone names, elements, then labels on top. */
export function diagramScene(spec: DiagramSpec, layout: Layout): Scene {
  const labels = new Map([...layout.edges].flatMap(([k, e]) => (e.label === undefined ? [] : [[k, e.label] as const])));
  const items: SceneItem[] = [
    ...each(spec.frames, layout.frames, (f, b) =>
      item('zone', { 'zone-id': f.zoneId }, f.tooltip, [{ type: 'rect', box: b, radius: 8, paint: ZONE_PAINT }]),
    ),
    ...each(spec.boundaries, layout.boundaries, (bd, b) =>
      item('boundary', { 'boundary-id': bd.boundaryId }, bd.tooltip, [
        { type: 'rect', box: b.outline, radius: 10, paint: BOUNDARY_PAINT },
      ]),
    ),
    ...each(spec.edges, layout.edges, flowItem),
    ...each(spec.frames, layout.frames, zoneLabel),
    ...each(spec.nodes, layout.nodes, (n, b) =>
      item(
        'node',
        data('element-id', n.elementId),
        n.tooltip,
        nodeShapes(n.domain, b, layout.text.get(n.key) ?? n.lines, n.detail),
        ['node', `node-${n.domain}`],
      ),
    ),
    ...each(spec.edges, labels, (e, b) =>
      item('flow-label', data('flow-id', e.flowId), e.tooltip, labelShapes(e, b), flowClasses('flow-label', e)),
    ),
    ...each(spec.boundaries, layout.boundaries, boundaryLabel),
  ];
  return { width: layout.width, height: layout.height, items };
}

function flowClasses(base: string, e: DiagramEdge): string[] {
  return [base, `flow-${e.mark}`, ...(e.personal ? ['flow-personal'] : []), ...(e.bidirectional ? ['flow-both'] : [])];
}

export interface LegendEntry {
  /** a sample drawing in a LEGEND_SAMPLE box */
  sample: Shape[];
  text: string;
}

export const LEGEND_SAMPLE = { width: 44, height: 14 };

/** The legend, drawn by both renderers: what each mark on the diagram means (only the domains present). */
export function legendEntries(spec: DiagramSpec): LegendEntry[] {
  const { width: w, height: h } = LEGEND_SAMPLE;
  const line = (mark: Protection, both = false) =>
    flowShapes(
      [
        { x: 2, y: h / 2 },
        { x: w - 2, y: h / 2 },
      ],
      mark,
      both,
    );
  const frame = (paint: Paint): Shape[] => [
    { type: 'rect', box: { x: 2, y: 1, width: w - 4, height: h - 2 }, radius: 3, paint },
  ];
  const entries: LegendEntry[] = [
    { sample: line('protected'), text: 'flow: protocol, then the data it carries' },
    { sample: line('protected', true), text: 'flow in both directions' },
    { sample: line('unauthenticated'), text: 'crosses a trust boundary without authentication (⚠ no auth)' },
    { sample: line('cleartext'), text: 'crosses a trust boundary in cleartext (⚠ cleartext)' },
    { sample: personalBadge(11, 1), text: 'carries personal data' },
    { sample: frame(ZONE_PAINT), text: spec.mode === 'zone-kinds' ? 'zones of one kind' : 'zone' },
  ];
  if (spec.boundaries.length > 0)
    entries.push({ sample: frame(BOUNDARY_PAINT), text: 'modelled trust boundary, around the zone it protects' });
  for (const d of spec.domains) {
    entries.push({
      sample: [
        {
          type: 'rect',
          box: { x: 8, y: 0, width: w - 16, height: h },
          radius: 3,
          paint: { fill: DOMAIN_FILL[d] ?? '#ffffff', stroke: NODE_STROKE, strokeWidth: 1 },
        },
      ],
      text: `${d}: ${DOMAIN_TITLES[d] ?? d} domain`,
    });
  }
  return entries;
}
