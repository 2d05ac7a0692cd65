/** The system diagram section: the SVG, its legend, how it was drawn, and the same content as tables. */
import type { Assessment, SystemView } from '../../assess/assessment.js';
import { layoutDiagram } from '../diagram/layout.js';
import {
  DETAIL_MAX_ELEMENTS,
  DETAIL_MAX_FLOWS,
  type DiagramSpec,
  DOMAIN_TITLES,
  diagramSpec,
  protection,
  SUMMARY_MAX_EDGES,
  SUMMARY_MAX_NODES,
} from '../diagram/model.js';
import { diagramScene, LEGEND_SAMPLE, legendEntries } from '../diagram/scene.js';
import { capRows } from './common.js';
import { diagramSvg, sampleSvg } from './diagram-svg.js';
import { esc } from './escape.js';
import { dataTable } from './tables.js';

const n = (x: number) => x.toLocaleString('en');

const SUMMARY_UNITS: Record<DiagramSpec['mode'], string> = {
  detailed: 'element',
  zones: 'domain within a zone',
  'zone-kinds': 'domain within a kind of zone',
  domains: 'domain',
};

export function diagramDescription(a: Assessment, spec: DiagramSpec): string {
  const domains = spec.domains.map((d) => `${d} (${DOMAIN_TITLES[d] ?? d})`).join(', ');
  return (
    `${a.model.name}: ${n(spec.elements)} elements in ${n(a.system.zones.length)} zones across the domains ${domains}; ` +
    `${n(a.system.boundaries?.length ?? 0)} modelled trust boundaries; ` +
    `${n(spec.flows)} flows, of which ${n(spec.personalFlows)} carry personal data, ${n(spec.cleartextAcross)} cross a trust boundary in cleartext and ` +
    `${n(spec.unauthenticatedAcross)} cross one without authentication.` +
    (spec.mode === 'detailed' ? '' : ` Summarised: one box per ${SUMMARY_UNITS[spec.mode]}.`)
  );
}

export function modeNote(spec: DiagramSpec): string {
  const limit = `Models with more than ${DETAIL_MAX_ELEMENTS} elements or ${DETAIL_MAX_FLOWS} flows are drawn summarised`;
  if (spec.mode === 'detailed') {
    return (
      'Every element and flow is drawn: each zone is one frame (a zone inside another is drawn inside it) and each ' +
      'element shows its domain by its colour and code; each flow is labelled with its protocol and the data it carries, ' +
      `PD marks personal data. ${limit}: one box per domain within each zone, with counts.`
    );
  }
  const what =
    spec.mode === 'zones'
      ? 'each frame is a zone and each box in it one domain, with the number of its elements'
      : spec.mode === 'zone-kinds'
        ? `each frame holds the zones of one kind and each box one domain in them, with the number of its elements and zones (the model has more than ${SUMMARY_MAX_NODES} zone × domain pairs); trust boundaries are in the table below`
        : `each box is one ${SUMMARY_UNITS[spec.mode]}, with the number of its elements and zones (the model has more than ${SUMMARY_MAX_NODES} zone × domain pairs); zones and trust boundaries are in the tables below`;
  const omitted =
    spec.omittedEdges > 0
      ? ` The ${SUMMARY_MAX_EDGES} most significant connections are drawn; ${n(spec.omittedEdges)} more are in the flow table and the JSON report.`
      : '';
  return (
    `This model has ${n(spec.elements)} elements and ${n(spec.flows)} flows, so the diagram is summarised. ${limit}: ${what}; ` +
    `each arrow aggregates the flows between two boxes, labelled with their number and, when some cross a trust ` +
    `boundary unprotected, how many, then the data they carry (PD: some carry personal data); its colour and pattern ` +
    `show the worst protection (details in its tooltip).${omitted}`
  );
}

function legend(spec: DiagramSpec): string {
  const { width, height } = LEGEND_SAMPLE;
  const items = legendEntries(spec).map((e) => `<li>${sampleSvg(e.sample, width, height)}${esc(e.text)}</li>`);
  return `<ul class="legend" aria-label="Diagram legend">${items.join('')}</ul>`;
}

export async function diagramSection(a: Assessment): Promise<string> {
  const spec = diagramSpec(a.system);
  const layout = await layoutDiagram(spec);
  const desc = diagramDescription(a, spec);
  const svg = diagramSvg(diagramScene(spec, layout), spec.mode, { title: `System diagram of ${a.model.name}`, desc });
  return (
    `<figure class="diagram" aria-labelledby="diagram-caption">` +
    `<div class="diagram-scroll">${svg}</div>` +
    `<figcaption id="diagram-caption"><strong>System diagram.</strong> ${esc(desc)}</figcaption></figure>` +
    legend(spec) +
    `<p class="note" id="diagram-mode">${esc(modeNote(spec))}</p>` +
    `<details class="alt-tables"><summary>The diagram as tables: elements, flows and trust boundaries</summary>` +
    elementsTable(a.system) +
    flowsTable(a.system) +
    boundariesTable(a.system) +
    '</details>'
  );
}

function elementsTable(view: SystemView): string {
  const zones = new Map(view.zones.map((z) => [z.id, z]));
  const { rows, note } = capRows(view.elements, 'elements');
  return dataTable({
    id: 'elements-table',
    caption: 'Elements of the system',
    rows,
    note,
    columns: [
      { header: 'element', rowHeader: true, cell: (e) => esc(e.name) },
      { header: 'id', cell: (e) => `<code>${esc(e.id)}</code>` },
      { header: 'kind', cell: (e) => esc(e.kind), filterValues: (e) => [e.kind] },
      { header: 'domain', cell: (e) => esc(e.domain), filterValues: (e) => [e.domain] },
      {
        header: 'zone',
        cell: (e) => (e.zone === undefined ? '—' : esc(zones.get(e.zone)?.name ?? e.zone)),
        filterValues: (e) => [e.zone === undefined ? '—' : (zones.get(e.zone)?.name ?? e.zone)],
      },
      { header: 'trust', cell: (e) => esc((e.zone && zones.get(e.zone)?.trust) || '—') },
      { header: 'count', cell: (e) => esc(e.count), sortKey: (e) => e.count, className: 'num' },
    ],
  });
}

function boundariesTable(view: SystemView): string {
  const zones = new Map(view.zones.map((z) => [z.id, z.name]));
  return dataTable({
    id: 'boundaries-table',
    caption: 'Trust boundaries modelled',
    rows: view.boundaries ?? [],
    empty: 'The model declares no trust boundaries (every flow between two zones still crosses one).',
    columns: [
      { header: 'boundary', rowHeader: true, cell: (b) => `<code>${esc(b.id)}</code>` },
      { header: 'between', cell: (b) => b.between.map((z) => esc(zones.get(z) ?? z)).join(' and ') },
      { header: 'enforcement', cell: (b) => (b.enforcement.length > 0 ? b.enforcement.map(esc).join(', ') : '—') },
      { header: 'description', cell: (b) => esc(b.description ?? '') },
    ],
  });
}

function flowsTable(view: SystemView): string {
  const names = new Map(view.elements.map((e) => [e.id, e.name]));
  const data = new Map(view.dataAssets.map((d) => [d.id, d.name]));
  const { rows, note } = capRows(view.flows, 'flows');
  return dataTable({
    id: 'flows-table',
    caption: 'Flows between elements',
    rows,
    note,
    columns: [
      { header: 'flow', rowHeader: true, cell: (f) => `<code>${esc(f.id)}</code>` },
      { header: 'from', cell: (f) => esc(names.get(f.from) ?? f.from) },
      { header: 'to', cell: (f) => esc(names.get(f.to) ?? f.to) },
      { header: 'protocol', cell: (f) => esc(f.protocol), filterValues: (f) => [f.protocol] },
      { header: 'encryption', cell: (f) => esc(f.encryption) },
      { header: 'authentication', cell: (f) => esc(f.authentication) },
      {
        header: 'crosses a boundary',
        cell: (f) => (f.crossesBoundary ? protectionText(f) : 'no'),
        filterValues: (f) => [f.crossesBoundary ? 'yes' : 'no'],
      },
      {
        header: 'personal data',
        cell: (f) => (f.personalData ? 'yes' : 'no'),
        filterValues: (f) => [f.personalData ? 'yes' : 'no'],
      },
      { header: 'both ways', cell: (f) => (f.bidirectional ? 'yes' : 'no') },
      { header: 'data carried', cell: (f) => f.data.map((d) => esc(data.get(d) ?? d)).join(', ') },
    ],
  });
}

function protectionText(f: SystemView['flows'][number]): string {
  const p = protection(f);
  if (p === 'cleartext') return '<span class="warn">yes — cleartext</span>';
  if (p === 'unauthenticated') return '<span class="warn">yes — no authentication</span>';
  return 'yes';
}
