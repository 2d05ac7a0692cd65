/** The system diagram section: the SVG, its legend, how it was drawn, and the same content as tables. */
import type { Assessment, SystemView } from '../../assess/assessment.js';
import { diagramDescription, modeNote } from '../diagram/describe.js';
import { diagramLayout } from '../diagram/elk.js';
import { type DiagramSpec, diagramSpec, protection } from '../diagram/model.js';
import { diagramScene, LEGEND_SAMPLE, legendEntries } from '../diagram/scene.js';
import type { RenderContext } from '../renderer.js';
import { capRows } from './common.js';
import { diagramSvg, sampleSvg } from './diagram-svg.js';
import { esc } from './escape.js';
import { dataTable } from './tables.js';

function legend(spec: DiagramSpec): string {
  const { width, height } = LEGEND_SAMPLE;
  const items = legendEntries(spec).map((e) => `<li>${sampleSvg(e.sample, width, height)}${esc(e.text)}</li>`);
  return `<ul class="legend" aria-label="Diagram legend">${items.join('')}</ul>`;
}

export async function diagramSection(a: Assessment, context?: RenderContext): Promise<string> {
  const spec = diagramSpec(a.system);
  const layout = await diagramLayout(spec, context?.diagramLayout);
  const desc = diagramDescription(a, spec);
  const svg = diagramSvg(diagramScene(spec, layout), spec.mode, { title: `System diagram of ${a.model.name}`, desc });
  return (
    `<figure class="diagram" aria-labelledby="diagram-caption">` +
    `<div class="diagram-scroll">${svg}</div>` +
    `<figcaption id="diagram-caption"><strong>System diagram.</strong> ${esc(desc)}</figcaption></figure>` +
    legend(spec) +
    `<p class="note" id="diagram-mode">${esc(modeNote(spec, 'in the tables below'))}</p>` +
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
