/**
 * What the system diagram shows, before layout: ISO/IEC 30141 domains as lanes, zones as frames, elements as nodes
 * and flows as edges. Up to DETAIL_MAX_ELEMENTS elements (and DETAIL_MAX_FLOWS flows) every element is drawn;
 * above that the diagram summarises: one node per domain × zone with counts, flows aggregated per pair of nodes
 * with their count and worst protection; with more than SUMMARY_MAX_NODES domain × zone pairs, one node per domain.
 * Computed from the assessment's system view only.
 */
import type { SystemView } from '../../assess/assessment.js';

/** Lane order, from the physical world to the user. */
export const DOMAIN_ORDER = ['PED', 'SCD', 'OMD', 'ASD', 'RAID', 'UD'] as const;

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

export type Protection = 'protected' | 'unauthenticated' | 'cleartext';
export type DiagramMode = 'detailed' | 'zones' | 'zone-kinds' | 'domains';
type Flow = SystemView['flows'][number];
type Element = SystemView['elements'][number];

export interface DiagramNode {
  key: string;
  /** the model element drawn (detailed mode) */
  elementId?: string;
  domain: string;
  /** the frame it sits in (a zone within a lane) */
  frame?: string;
  lines: string[];
  detail: string;
  tooltip: string;
}

export interface DiagramFrame {
  key: string;
  domain: string;
  zoneId: string;
  label: string;
}

export interface DiagramEdge {
  key: string;
  from: string;
  to: string;
  label: string;
  /** how it is drawn: a boundary-crossing flow's protection, or `protected` */
  mark: Protection;
  count: number;
  flowId?: string;
  tooltip: string;
}

export interface DiagramSpec {
  mode: DiagramMode;
  lanes: string[];
  frames: DiagramFrame[];
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /** aggregated edges not drawn (summary over SUMMARY_MAX_EDGES) */
  omittedEdges: number;
  elements: number;
  flows: number;
  /** flows that cross a boundary in cleartext / without authentication */
  cleartextAcross: number;
  unauthenticatedAcross: number;
}

const PROTECTION_RANK: Record<Protection, number> = { protected: 0, unauthenticated: 1, cleartext: 2 };

export function protection(flow: Pick<Flow, 'encryption' | 'authentication'>): Protection {
  if (flow.encryption === 'none' || flow.encryption === 'unknown') return 'cleartext';
  if (flow.authentication === 'none' || flow.authentication === 'unknown') return 'unauthenticated';
  return 'protected';
}

/** The mark a flow gets on the diagram: only boundary crossings are flagged. */
export function flowMark(flow: Flow): Protection {
  return flow.crossesBoundary ? protection(flow) : 'protected';
}

export function worse(a: Protection, b: Protection): Protection {
  return PROTECTION_RANK[a] >= PROTECTION_RANK[b] ? a : b;
}

export function domainIndex(domain: string): number {
  const i = (DOMAIN_ORDER as readonly string[]).indexOf(domain);
  return i < 0 ? DOMAIN_ORDER.length : i;
}

export function diagramMode(view: SystemView): DiagramMode {
  if (view.elements.length <= DETAIL_MAX_ELEMENTS && view.flows.length <= DETAIL_MAX_FLOWS) return 'detailed';
  if (groupKeys(view, 'zones').size <= SUMMARY_MAX_NODES) return 'zones';
  return groupKeys(view, 'zone-kinds').size <= SUMMARY_MAX_NODES ? 'zone-kinds' : 'domains';
}

export function diagramSpec(view: SystemView): DiagramSpec {
  const mode = diagramMode(view);
  const base = mode === 'detailed' ? detailed(view) : summarised(view, mode);
  const marks = view.flows.map(flowMark);
  return {
    ...base,
    mode,
    lanes: lanesOf(view),
    elements: view.elements.length,
    flows: view.flows.length,
    cleartextAcross: marks.filter((m) => m === 'cleartext').length,
    unauthenticatedAcross: marks.filter((m) => m === 'unauthenticated').length,
  };
}

function lanesOf(view: SystemView): string[] {
  return [...new Set(view.elements.map((e) => e.domain))].sort((a, b) => domainIndex(a) - domainIndex(b));
}

type Parts = Pick<DiagramSpec, 'frames' | 'nodes' | 'edges' | 'omittedEdges'>;

function zoneNames(view: SystemView): Map<string, string> {
  return new Map(view.zones.map((z) => [z.id, z.name]));
}

function detailed(view: SystemView): Parts {
  const names = zoneNames(view);
  const frames = new Map<string, DiagramFrame>();
  const keyOf = new Map<string, string>();
  const nodes = view.elements.map((e, i): DiagramNode => {
    const key = `n${i}`;
    keyOf.set(e.id, key);
    const frame = e.zone === undefined ? undefined : frameFor(frames, e.domain, e.zone, names);
    return {
      key,
      elementId: e.id,
      domain: e.domain,
      frame,
      lines: [e.name],
      detail: e.count > 1 ? `${e.kind} ×${e.count}` : e.kind,
      tooltip: elementTooltip(e, names),
    };
  });
  const edges = view.flows.flatMap((f, i): DiagramEdge[] => {
    const from = keyOf.get(f.from);
    const to = keyOf.get(f.to);
    if (!from || !to) return [];
    const mark = flowMark(f);
    return [
      {
        key: `f${i}`,
        from,
        to,
        label: edgeLabel(f.protocol, mark),
        mark,
        count: 1,
        flowId: f.id,
        tooltip: flowTooltip(f),
      },
    ];
  });
  return { frames: [...frames.values()], nodes, edges, omittedEdges: 0 };
}

function frameFor(frames: Map<string, DiagramFrame>, domain: string, zone: string, names: Map<string, string>): string {
  const id = `${domain}\u0000${zone}`;
  let frame = frames.get(id);
  if (!frame) {
    frame = { key: `z${frames.size}`, domain, zoneId: zone, label: names.get(zone) ?? zone };
    frames.set(id, frame);
  }
  return frame.key;
}

export function edgeLabel(protocol: string, mark: Protection): string {
  if (mark === 'cleartext') return `${protocol} ⚠ cleartext`;
  if (mark === 'unauthenticated') return `${protocol} ⚠ no auth`;
  return protocol;
}

function elementTooltip(e: Element, names: Map<string, string>): string {
  const zone = e.zone === undefined ? 'no zone' : `zone ${names.get(e.zone) ?? e.zone}`;
  const count = e.count > 1 ? `, ${e.count} instances` : '';
  return `${e.name} (${e.id}): ${e.kind}, ${e.domain}, ${zone}${count}`;
}

function flowTooltip(f: Flow): string {
  const data = f.data.length > 0 ? `; data: ${f.data.join(', ')}` : '';
  const across = f.crossesBoundary ? '; crosses a trust boundary' : '';
  return `${f.id}: ${f.from} → ${f.to} over ${f.protocol}, encryption ${f.encryption}, authentication ${f.authentication}${across}${data}`;
}

/* ---- summaries ---- */

/** The summary box of an element: its domain × zone, domain × kind of zone, or domain. */
function groupOf(e: Element, mode: DiagramMode, zoneKinds: Map<string, string>): string {
  if (mode === 'domains') return e.domain;
  const zone = e.zone === undefined ? '' : mode === 'zone-kinds' ? (zoneKinds.get(e.zone) ?? e.zone) : e.zone;
  return `${e.domain}\u0000${zone}`;
}

const zoneKindsOf = (view: SystemView) => new Map(view.zones.map((z) => [z.id, z.kind]));

function groupKeys(view: SystemView, mode: DiagramMode): Set<string> {
  const zoneKinds = zoneKindsOf(view);
  return new Set(view.elements.map((e) => groupOf(e, mode, zoneKinds)));
}

interface Group {
  key: string;
  domain: string;
  zone?: string;
  zoneKind?: string;
  elements: number;
  instances: number;
  kinds: Map<string, number>;
  zones: Set<string>;
  internal: number;
}

function summarised(view: SystemView, mode: DiagramMode): Parts {
  const names = zoneNames(view);
  const zoneKinds = zoneKindsOf(view);
  const groups = new Map<string, Group>();
  const groupByElement = new Map<string, Group>();
  for (const e of view.elements) {
    const id = groupOf(e, mode, zoneKinds);
    let g = groups.get(id);
    if (!g) {
      g = {
        key: `g${groups.size}`,
        domain: e.domain,
        zone: mode === 'zones' ? e.zone : undefined,
        zoneKind: mode === 'zone-kinds' && e.zone !== undefined ? zoneKinds.get(e.zone) : undefined,
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
  const { edges, omitted } = aggregateFlows(view.flows, groupByElement);
  const nodes = [...groups.values()].map((g) => groupNode(g, mode, names));
  return { frames: [], nodes, edges, omittedEdges: omitted };
}

function groupNode(g: Group, mode: DiagramMode, names: Map<string, string>): DiagramNode {
  const kinds = [...g.kinds.entries()].sort((a, b) => b[1] - a[1]);
  const kindText = kinds.map(([k, n]) => `${k} ${n.toLocaleString('en')}`).join(', ');
  const title =
    mode === 'domains'
      ? `${g.domain} — ${DOMAIN_TITLES[g.domain] ?? g.domain}`
      : mode === 'zone-kinds' && g.zoneKind !== undefined
        ? `${g.zoneKind} zones`
        : g.zone === undefined
          ? `${g.domain}, no zone`
          : `${names.get(g.zone) ?? g.zone}`;
  const zones = mode === 'zones' ? '' : ` in ${plural(g.zones.size, 'zone')}`;
  const instances = g.instances !== g.elements ? ` (${g.instances.toLocaleString('en')} instances)` : '';
  return {
    key: g.key,
    domain: g.domain,
    lines: [title],
    detail: `${plural(g.elements, 'element')}${zones}`,
    tooltip: `${title} (${g.domain}): ${plural(g.elements, 'element')}${instances}${zones}; ${kindText}; ${g.internal.toLocaleString('en')} flows within`,
  };
}

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

interface Aggregate {
  from: Group;
  to: Group;
  count: number;
  mark: Protection;
  marks: Record<Protection, number>;
  protocols: Map<string, number>;
}

function aggregateFlows(flows: Flow[], groupByElement: Map<string, Group>): { edges: DiagramEdge[]; omitted: number } {
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
      mark: 'protected',
      marks: { protected: 0, unauthenticated: 0, cleartext: 0 },
      protocols: new Map(),
    };
    const mark = flowMark(f);
    agg.count += 1;
    agg.mark = worse(agg.mark, mark);
    agg.marks[mark] += 1;
    agg.protocols.set(f.protocol, (agg.protocols.get(f.protocol) ?? 0) + 1);
    pairs.set(id, agg);
  }
  const all = [...pairs.values()].sort(
    (a, b) => PROTECTION_RANK[b.mark] - PROTECTION_RANK[a.mark] || b.count - a.count,
  );
  const edges = all.slice(0, SUMMARY_MAX_EDGES).map((agg, i) => aggregateEdge(agg, i));
  return { edges, omitted: all.length - edges.length };
}

function aggregateEdge(agg: Aggregate, index: number): DiagramEdge {
  const protocols = [...agg.protocols.entries()].sort((a, b) => b[1] - a[1]);
  const n = agg.count.toLocaleString('en');
  const flows = `${n} flow${agg.count === 1 ? '' : 's'}`;
  const worst =
    agg.mark === 'protected'
      ? ''
      : `, ⚠ ${agg.marks[agg.mark].toLocaleString('en')} ${agg.mark === 'cleartext' ? 'cleartext' : 'no auth'}`;
  return {
    key: `a${index}`,
    from: agg.from.key,
    to: agg.to.key,
    label: `${flows}${worst}`,
    mark: agg.mark,
    count: agg.count,
    tooltip:
      `${flows} (${protocols.map(([p, c]) => `${p} ${c.toLocaleString('en')}`).join(', ')}); ` +
      `across a trust boundary: ${agg.marks.cleartext.toLocaleString('en')} in cleartext, ` +
      `${agg.marks.unauthenticated.toLocaleString('en')} without authentication; worst protection: ${agg.mark}`,
  };
}
