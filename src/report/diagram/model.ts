/**
 * What the system diagram shows, before layout: zones as frames (a zone inside its parent zone's frame), elements as
 * nodes inside their zone's frame with their ISO/IEC 30141 domain written and coloured on the node, flows as edges
 * labelled with protocol and the data they carry, and the model's trust boundaries as dashed outlines.
 *
 * Why zones and not domains are the frames: a zone is a trust boundary, the thing an auditor checks flows against,
 * and it often spans domains (a cloud zone holds application and management services). Domain lanes cut such a
 * zone into several frames; one frame per zone with the domain on each node keeps both readable.
 *
 * Up to DETAIL_MAX_ELEMENTS elements (and DETAIL_MAX_FLOWS flows) every element is drawn; above that the diagram
 * summarises: one node per domain inside each zone frame, flows aggregated per pair of nodes with their count, worst
 * protection and personal data; with more than SUMMARY_MAX_NODES zone × domain pairs, one frame per kind of zone, or
 * else one node per domain. Computed from the assessment's system view only.
 */
import type { SystemView } from '../../assess/assessment.js';

/** Domain order, from the physical world to the user (summary nodes and the legend follow it). */
const DOMAIN_ORDER = ['PED', 'SCD', 'OMD', 'ASD', 'RAID', 'UD'] as const;

export const DOMAIN_TITLES: Record<string, string> = {
  PED: 'Physical entity',
  SCD: 'Sensing & controlling',
  OMD: 'Operation & management',
  ASD: 'Application & service',
  RAID: 'Resource access & interchange',
  UD: 'User',
};

export const DETAIL_MAX_ELEMENTS = 100;
export const DETAIL_MAX_FLOWS = 200;
export const SUMMARY_MAX_NODES = 40;
export const SUMMARY_MAX_EDGES = 40;
/** characters of the data-carried line on an edge; the tooltip has the full list */
const DATA_LABEL_CHARS = 34;

export type Protection = 'protected' | 'unauthenticated' | 'cleartext';
export type DiagramMode = 'detailed' | 'zones' | 'zone-kinds' | 'domains';
type Flow = SystemView['flows'][number];
type Element = SystemView['elements'][number];
type Zone = SystemView['zones'][number];

export interface DiagramNode {
  key: string;
  /** the model element drawn (detailed mode) */
  elementId?: string;
  domain: string;
  /** the frame it sits in (its zone, or kind of zone) */
  frame?: string;
  lines: string[];
  detail: string;
  tooltip: string;
}

export interface DiagramFrame {
  key: string;
  /** the frame it is drawn inside (a zone's parent zone) */
  parent?: string;
  /** the zone id, or the kind of zone in zone-kinds mode */
  zoneId: string;
  label: string;
  tooltip: string;
}

export interface DiagramEdge {
  key: string;
  from: string;
  to: string;
  /** first label line: the protocol (or flow count) and a warning */
  label: string;
  /** second label line: the data carried, shortened; empty when none is named */
  data: string;
  /** it carries personal data (some of its flows, when aggregated) */
  personal: boolean;
  /** data moves both ways: arrowheads at both ends */
  bidirectional: boolean;
  /** how it is drawn: a boundary-crossing flow's protection, or `protected` */
  mark: Protection;
  count: number;
  flowId?: string;
  tooltip: string;
}

/** A modelled trust boundary, drawn as a dashed outline around the frame of the zone it protects. */
export interface DiagramBoundary {
  key: string;
  boundaryId: string;
  /** the frame outlined */
  frame: string;
  label: string;
  tooltip: string;
}

export interface DiagramSpec {
  mode: DiagramMode;
  /** the domains present, in DOMAIN_ORDER */
  domains: string[];
  frames: DiagramFrame[];
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  boundaries: DiagramBoundary[];
  /** aggregated edges not drawn (summary over SUMMARY_MAX_EDGES) */
  omittedEdges: number;
  elements: number;
  flows: number;
  /** flows that cross a boundary in cleartext / without authentication */
  cleartextAcross: number;
  unauthenticatedAcross: number;
  personalFlows: number;
}

const PROTECTION_RANK: Record<Protection, number> = { protected: 0, unauthenticated: 1, cleartext: 2 };
const TRUST_RANK: Record<string, number> = { untrusted: 0, low: 1, medium: 2, high: 3 };

export function protection(flow: Pick<Flow, 'encryption' | 'authentication'>): Protection {
  if (flow.encryption === 'none' || flow.encryption === 'unknown') return 'cleartext';
  if (flow.authentication === 'none' || flow.authentication === 'unknown') return 'unauthenticated';
  return 'protected';
}

/** The mark a flow gets on the diagram: only boundary crossings are flagged. */
function flowMark(flow: Flow): Protection {
  return flow.crossesBoundary ? protection(flow) : 'protected';
}

export function worse(a: Protection, b: Protection): Protection {
  return PROTECTION_RANK[a] >= PROTECTION_RANK[b] ? a : b;
}

function domainIndex(domain: string): number {
  const i = (DOMAIN_ORDER as readonly string[]).indexOf(domain);
  return i < 0 ? DOMAIN_ORDER.length : i;
}

function diagramMode(view: SystemView): DiagramMode {
  if (view.elements.length <= DETAIL_MAX_ELEMENTS && view.flows.length <= DETAIL_MAX_FLOWS) return 'detailed';
  if (groupKeys(view, 'zones').size <= SUMMARY_MAX_NODES) return 'zones';
  return groupKeys(view, 'zone-kinds').size <= SUMMARY_MAX_NODES ? 'zone-kinds' : 'domains';
}

export function diagramSpec(view: SystemView): DiagramSpec {
  const mode = diagramMode(view);
  const text = new ViewText(view);
  const base = mode === 'detailed' ? detailed(view, text) : summarised(view, mode, text);
  const marks = view.flows.map(flowMark);
  return {
    ...base,
    mode,
    domains: [...new Set(view.elements.map((e) => e.domain))].sort((a, b) => domainIndex(a) - domainIndex(b)),
    elements: view.elements.length,
    flows: view.flows.length,
    cleartextAcross: marks.filter((m) => m === 'cleartext').length,
    unauthenticatedAcross: marks.filter((m) => m === 'unauthenticated').length,
    personalFlows: view.flows.filter((f) => f.personalData).length,
  };
}

type Parts = Pick<DiagramSpec, 'frames' | 'nodes' | 'edges' | 'boundaries' | 'omittedEdges'>;

/** Names of zones and data assets, for labels and tooltips. */
class ViewText {
  readonly zones: Map<string, Zone>;
  readonly data: Map<string, string>;
  constructor(view: SystemView) {
    this.zones = new Map(view.zones.map((z) => [z.id, z]));
    this.data = new Map(view.dataAssets.map((d) => [d.id, d.name]));
  }
  zoneName(id: string): string {
    return this.zones.get(id)?.name ?? id;
  }
  dataName(id: string): string {
    return this.data.get(id) ?? id;
  }
}

/* ---- zone frames ---- */

/** One frame per zone that holds an element, directly or through a zone inside it; parents before children. */
function zoneFrames(view: SystemView, text: ViewText): { frames: DiagramFrame[]; frameOf: Map<string, string> } {
  const used = new Set<string>();
  for (const e of view.elements) {
    // a parent chain is finite (the loader refuses cycles); the guard keeps a hand-edited JSON from looping
    for (let z = e.zone, depth = 0; z !== undefined && !used.has(z) && depth < 50; depth++) {
      used.add(z);
      z = text.zones.get(z)?.parent;
    }
  }
  const frameOf = new Map<string, string>();
  const frames: DiagramFrame[] = [];
  const add = (zone: Zone, depth: number) => {
    if (!used.has(zone.id) || frameOf.has(zone.id) || depth > 50) return;
    const parent = zone.parent === undefined ? undefined : text.zones.get(zone.parent);
    if (parent) add(parent, depth + 1);
    const key = `z${frames.length}`;
    frameOf.set(zone.id, key);
    frames.push({
      key,
      parent: zone.parent === undefined ? undefined : frameOf.get(zone.parent),
      zoneId: zone.id,
      label: zone.name,
      tooltip: `Zone ${zone.name} (${zone.id}): ${zone.kind}, trust ${zone.trust}${parent ? `, inside ${parent.name}` : ''}`,
    });
  };
  for (const z of view.zones) add(z, 0);
  return { frames, frameOf };
}

/**
 * A boundary is drawn around the zone it protects: the inner one when one zone is inside the other, else the more
 * trusted one (a firewall guards the trusted side), else the first named.
 */
function boundaries(view: SystemView, frameOf: Map<string, string>, text: ViewText): DiagramBoundary[] {
  const inside = (inner: string, outer: string) => {
    for (let z = text.zones.get(inner)?.parent, depth = 0; z !== undefined && depth < 50; depth++) {
      if (z === outer) return true;
      z = text.zones.get(z)?.parent;
    }
    return false;
  };
  const trust = (id: string) => TRUST_RANK[text.zones.get(id)?.trust ?? ''] ?? -1;
  return (view.boundaries ?? []).flatMap((b, i): DiagramBoundary[] => {
    const [a, c] = b.between;
    const guarded = inside(c, a) ? c : inside(a, c) ? a : trust(c) > trust(a) ? c : a;
    const other = guarded === a ? c : a;
    const frame = frameOf.get(guarded);
    if (frame === undefined) return [];
    const enforcement = b.enforcement.length > 0 ? b.enforcement.join(', ') : 'enforcement not stated';
    return [
      {
        key: `b${i}`,
        boundaryId: b.id,
        frame,
        label: `boundary ${b.id}`,
        tooltip:
          `Trust boundary ${b.id} between ${text.zoneName(guarded)} and ${text.zoneName(other)}: ${enforcement}` +
          (b.description ? `. ${b.description}` : ''),
      },
    ];
  });
}

/* ---- detailed ---- */

function detailed(view: SystemView, text: ViewText): Parts {
  const { frames, frameOf } = zoneFrames(view, text);
  const keyOf = new Map<string, string>();
  const nodes = view.elements.map((e, i): DiagramNode => {
    const key = `n${i}`;
    keyOf.set(e.id, key);
    return {
      key,
      elementId: e.id,
      domain: e.domain,
      frame: e.zone === undefined ? undefined : frameOf.get(e.zone),
      lines: [e.name],
      detail: `${e.domain} · ${e.count > 1 ? `${e.kind} ×${e.count}` : e.kind}`,
      tooltip: elementTooltip(e, text),
    };
  });
  const edges = view.flows.flatMap((f, i): DiagramEdge[] => {
    const from = keyOf.get(f.from);
    const to = keyOf.get(f.to);
    if (!from || !to) return [];
    const mark = flowMark(f);
    const data = f.data.map((d) => text.dataName(d));
    return [
      {
        key: `f${i}`,
        from,
        to,
        label: edgeLabel(f.protocol, mark),
        data: shorten(data.join(', '), DATA_LABEL_CHARS),
        personal: f.personalData,
        bidirectional: f.bidirectional === true,
        mark,
        count: 1,
        flowId: f.id,
        tooltip: flowTooltip(f, text),
      },
    ];
  });
  return { frames, nodes, edges, boundaries: boundaries(view, frameOf, text), omittedEdges: 0 };
}

export function edgeLabel(protocol: string, mark: Protection): string {
  if (mark === 'cleartext') return `${protocol} ⚠ cleartext`;
  if (mark === 'unauthenticated') return `${protocol} ⚠ no auth`;
  return protocol;
}

/** Cut to `max` characters with an ellipsis. */
function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function elementTooltip(e: Element, text: ViewText): string {
  const zone = e.zone === undefined ? 'no zone' : `zone ${text.zoneName(e.zone)}`;
  const count = e.count > 1 ? `, ${e.count} instances` : '';
  return `${e.name} (${e.id}): ${e.kind}, domain ${e.domain} (${DOMAIN_TITLES[e.domain] ?? e.domain}), ${zone}${count}`;
}

function flowTooltip(f: Flow, text: ViewText): string {
  const data =
    f.data.length > 0
      ? `; data: ${f.data.map((d) => `${text.dataName(d)} (${d})`).join(', ')}${f.personalData ? ' — personal data' : ''}`
      : '';
  const across = f.crossesBoundary ? '; crosses a trust boundary' : '';
  const way = f.bidirectional ? '↔' : '→';
  return `${f.id}: ${f.from} ${way} ${f.to} over ${f.protocol}, encryption ${f.encryption}, authentication ${f.authentication}${across}${data}`;
}

/* ---- summaries ---- */

/** The frame an element's summary node sits in: its zone, its kind of zone, or none (domains mode, no zone). */
function frameIdOf(e: Element, mode: DiagramMode, text: ViewText): string | undefined {
  if (mode === 'domains' || e.zone === undefined) return undefined;
  return mode === 'zone-kinds' ? (text.zones.get(e.zone)?.kind ?? e.zone) : e.zone;
}

function groupKeys(view: SystemView, mode: DiagramMode): Set<string> {
  const text = new ViewText(view);
  return new Set(view.elements.map((e) => `${e.domain}\u0000${frameIdOf(e, mode, text) ?? ''}`));
}

interface Group {
  key: string;
  domain: string;
  frame?: string;
  elements: number;
  instances: number;
  kinds: Map<string, number>;
  zones: Set<string>;
  internal: number;
}

/** Frames of a summary: the zones (as in detail) or one per kind of zone. */
function summaryFrames(view: SystemView, mode: DiagramMode, text: ViewText) {
  if (mode === 'zones') return zoneFrames(view, text);
  const frameOf = new Map<string, string>();
  const frames: DiagramFrame[] = [];
  if (mode !== 'zone-kinds') return { frames, frameOf };
  for (const e of view.elements) {
    const kind = frameIdOf(e, mode, text);
    if (kind === undefined || frameOf.has(kind)) continue;
    const key = `k${frames.length}`;
    frameOf.set(kind, key);
    const zones = view.zones.filter((z) => z.kind === kind).length;
    frames.push({ key, zoneId: kind, label: `${kind} zones`, tooltip: `${plural(zones, 'zone')} of kind ${kind}` });
  }
  return { frames, frameOf };
}

function summarised(view: SystemView, mode: DiagramMode, text: ViewText): Parts {
  const { frames, frameOf } = summaryFrames(view, mode, text);
  const groups = new Map<string, Group>();
  const groupByElement = new Map<string, Group>();
  for (const e of view.elements) {
    const frameId = frameIdOf(e, mode, text);
    const id = `${e.domain}\u0000${frameId ?? ''}`;
    let g = groups.get(id);
    if (!g) {
      const frame = frameId === undefined ? undefined : frameOf.get(frameId);
      g = {
        key: `g${groups.size}`,
        domain: e.domain,
        frame,
        elements: 0,
        instances: 0,
        kinds: new Map(),
        zones: new Set(),
        internal: 0,
      };
      groups.set(id, g);
    }
    g.elements += 1;
    g.instances += e.count;
    g.kinds.set(e.kind, (g.kinds.get(e.kind) ?? 0) + 1);
    if (e.zone !== undefined) g.zones.add(e.zone);
    groupByElement.set(e.id, g);
  }
  const { edges, omitted } = aggregateFlows(view.flows, groupByElement, text);
  const nodes = [...groups.values()]
    .sort((a, b) => domainIndex(a.domain) - domainIndex(b.domain))
    .map((g) => groupNode(g, mode));
  // boundaries are between zones, so only a summary that keeps the zones as frames can draw them
  const drawn = mode === 'zones' ? boundaries(view, frameOf, text) : [];
  return { frames, nodes, edges, boundaries: drawn, omittedEdges: omitted };
}

function groupNode(g: Group, mode: DiagramMode): DiagramNode {
  const kinds = [...g.kinds.entries()].sort((a, b) => b[1] - a[1]);
  const kindText = kinds.map(([k, n]) => `${k} ${n.toLocaleString('en')}`).join(', ');
  const title = `${g.domain} — ${DOMAIN_TITLES[g.domain] ?? g.domain}`;
  const zones = mode === 'zones' && g.frame !== undefined ? '' : ` in ${plural(g.zones.size, 'zone')}`;
  const instances = g.instances !== g.elements ? ` (${g.instances.toLocaleString('en')} instances)` : '';
  return {
    key: g.key,
    domain: g.domain,
    frame: g.frame,
    lines: [title],
    detail: `${plural(g.elements, 'element')}${zones}`,
    tooltip: `${title}: ${plural(g.elements, 'element')}${instances}${zones}; ${kindText}; ${g.internal.toLocaleString('en')} flows within`,
  };
}

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

interface Aggregate {
  from: Group;
  to: Group;
  count: number;
  personal: number;
  mark: Protection;
  marks: Record<Protection, number>;
  protocols: Map<string, number>;
  data: Map<string, number>;
}

function aggregateFlows(
  flows: Flow[],
  groupByElement: Map<string, Group>,
  text: ViewText,
): { edges: DiagramEdge[]; omitted: number } {
  const pairs = new Map<string, Aggregate>();
  for (const f of flows) {
    const from = groupByElement.get(f.from);
    const to = groupByElement.get(f.to);
    if (!from || !to) continue;
    if (from === to) {
      from.internal += 1;
      continue;
    }
    const id = `${from.key}>${to.key}`;
    const agg = pairs.get(id) ?? {
      from,
      to,
      count: 0,
      personal: 0,
      mark: 'protected',
      marks: { protected: 0, unauthenticated: 0, cleartext: 0 },
      protocols: new Map(),
      data: new Map(),
    };
    const mark = flowMark(f);
    agg.count += 1;
    if (f.personalData) agg.personal += 1;
    agg.mark = worse(agg.mark, mark);
    agg.marks[mark] += 1;
    agg.protocols.set(f.protocol, (agg.protocols.get(f.protocol) ?? 0) + 1);
    for (const d of f.data) agg.data.set(d, (agg.data.get(d) ?? 0) + 1);
    pairs.set(id, agg);
  }
  const all = [...pairs.values()].sort(
    (a, b) => PROTECTION_RANK[b.mark] - PROTECTION_RANK[a.mark] || b.count - a.count,
  );
  const edges = all.slice(0, SUMMARY_MAX_EDGES).map((agg, i) => aggregateEdge(agg, i, text));
  return { edges, omitted: all.length - edges.length };
}

const byCount = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);

function aggregateEdge(agg: Aggregate, index: number, text: ViewText): DiagramEdge {
  const n = agg.count.toLocaleString('en');
  const flows = `${n} flow${agg.count === 1 ? '' : 's'}`;
  const worst =
    agg.mark === 'protected'
      ? ''
      : `, ⚠ ${agg.marks[agg.mark].toLocaleString('en')} ${agg.mark === 'cleartext' ? 'cleartext' : 'no auth'}`;
  const data = byCount(agg.data).map(([d]) => text.dataName(d));
  const dataText =
    data.length > 0
      ? `; data: ${byCount(agg.data)
          .map(([d, c]) => `${text.dataName(d)} ${c.toLocaleString('en')}`)
          .join(', ')}`
      : '';
  return {
    key: `a${index}`,
    from: agg.from.key,
    to: agg.to.key,
    label: `${flows}${worst}`,
    data: shorten(data.join(', '), DATA_LABEL_CHARS),
    personal: agg.personal > 0,
    bidirectional: false,
    mark: agg.mark,
    count: agg.count,
    tooltip:
      `${flows} (${byCount(agg.protocols)
        .map(([p, c]) => `${p} ${c.toLocaleString('en')}`)
        .join(', ')}); ` +
      `across a trust boundary: ${agg.marks.cleartext.toLocaleString('en')} in cleartext, ` +
      `${agg.marks.unauthenticated.toLocaleString('en')} without authentication; worst protection: ${agg.mark}; ` +
      `${agg.personal.toLocaleString('en')} carry personal data${dataText}`,
  };
}
