/**
 * The privacy section: personal data inventory, where it is kept and sent, the flows carrying it, LINDDUN threats, and
 * the privacy controls (ISO/IEC 27400 7.2) with their status.
 */
import type { Assessment } from '../../assess/assessment.js';
import { protection } from '../diagram/model.js';
import {
  personalDataAssets,
  personalDataDestinations,
  personalDataFlows,
  privacyControls,
  privacyThreats,
} from '../text.js';
import { capRows, levelBadge, levelRank, shortList } from './common.js';
import { esc } from './escape.js';
import type { Anchors } from './register.js';
import { dataTable } from './tables.js';

function inventory(a: Assessment): string {
  const names = new Map(a.system.elements.map((e) => [e.id, e.name]));
  const { rows, note } = capRows(personalDataAssets(a), 'personal data assets');
  return dataTable({
    id: 'pd-inventory',
    caption: 'Personal data inventory',
    rows,
    note,
    empty: 'The model declares no personal data.',
    columns: [
      {
        header: 'data asset',
        rowHeader: true,
        cell: (d) => `${esc(d.name)}<br><code class="small">${esc(d.id)}</code>`,
      },
      { header: 'categories', cell: (d) => d.personalData!.categories.map(esc).join(', ') },
      {
        header: 'sensitive',
        cell: (d) => (d.personalData!.sensitive ? '<span class="warn">yes</span>' : 'no'),
        filterValues: (d) => [d.personalData!.sensitive ? 'yes' : 'no'],
      },
      { header: 'data subjects', cell: (d) => d.personalData!.subjects.map(esc).join(', ') },
      { header: 'purposes', cell: (d) => d.purposes.map(esc).join('; ') || '<span class="warn">not stated</span>' },
      {
        header: 'legal basis',
        cell: (d) => (d.legalBasis ? esc(d.legalBasis) : '<span class="warn">not stated</span>'),
      },
      { header: 'retention', cell: (d) => (d.retention ? esc(d.retention) : '<span class="warn">not stated</span>') },
      { header: 'stored in', cell: (d) => shortList(d.storedIn.map((id) => names.get(id) ?? id)) },
    ],
  });
}

function destinations(a: Assessment): string {
  const elements = new Map(a.system.elements.map((e) => [e.id, e]));
  const zones = new Map(a.system.zones.map((z) => [z.id, z.name]));
  const place = (id: string) => {
    const e = elements.get(id);
    const zone = e?.zone === undefined ? '' : ` (${zones.get(e.zone) ?? e.zone})`;
    return `${e?.name ?? id}${zone}`;
  };
  const { rows, note } = capRows(personalDataDestinations(a), 'personal data assets');
  return dataTable({
    id: 'pd-destinations',
    caption: 'Where personal data goes',
    rows,
    note,
    empty: 'No personal data moves or is stored.',
    columns: [
      { header: 'data asset', rowHeader: true, cell: (r) => esc(r.asset.name) },
      { header: 'stored in', cell: (r) => shortList(r.storedIn.map(place)) || '—' },
      { header: 'sent to', cell: (r) => shortList(r.sentTo.map(place)) || '—' },
      { header: 'flows', className: 'num', cell: (r) => String(r.flows.length), sortKey: (r) => r.flows.length },
    ],
  });
}

function personalFlows(a: Assessment): string {
  const names = new Map(a.system.elements.map((e) => [e.id, e.name]));
  const { rows, note } = capRows(personalDataFlows(a), 'flows carrying personal data');
  return dataTable({
    id: 'pd-flows',
    caption: 'Flows that carry personal data',
    rows,
    note,
    empty: 'No flow carries personal data.',
    columns: [
      { header: 'flow', rowHeader: true, cell: ({ flow: f }) => `<code>${esc(f.id)}</code>` },
      {
        header: 'from → to',
        cell: ({ flow: f }) => `${esc(names.get(f.from) ?? f.from)} → ${esc(names.get(f.to) ?? f.to)}`,
      },
      { header: 'personal data', cell: (r) => r.personal.map(esc).join(', ') },
      { header: 'protocol', cell: ({ flow: f }) => esc(f.protocol), filterValues: ({ flow: f }) => [f.protocol] },
      {
        header: 'protection',
        cell: ({ flow: f }) => {
          const p = protection(f);
          const text = `${esc(f.encryption)} / ${esc(f.authentication)}`;
          return p === 'protected' ? text : `<span class="warn">${text}</span>`;
        },
        filterValues: ({ flow: f }) => [protection(f)],
      },
      {
        header: 'crosses a boundary',
        cell: ({ flow: f }) => (f.crossesBoundary ? 'yes' : 'no'),
        filterValues: ({ flow: f }) => [f.crossesBoundary ? 'yes' : 'no'],
      },
    ],
  });
}

function linddun(a: Assessment, anchors: Anchors): string {
  const { rows, note } = capRows(privacyThreats(a), 'privacy risks');
  return dataTable({
    id: 'pd-linddun',
    caption: 'Privacy threats (LINDDUN)',
    rows,
    note,
    empty: 'No LINDDUN privacy threats were identified.',
    columns: [
      {
        header: 'threat',
        rowHeader: true,
        cell: (r) =>
          `<a href="#${anchors.risks.get(r.id)}">${esc(r.title)}</a><br><span class="msg">${esc(r.message)}</span>`,
      },
      { header: 'LINDDUN', cell: (r) => r.linddun.map(esc).join(', '), filterValues: (r) => r.linddun },
      { header: 'where', cell: (r) => esc(r.subject.name) },
      {
        header: 'residual',
        cell: (r) => levelBadge(a, r.residual.level),
        sortKey: (r) => levelRank(a, r.residual.level),
      },
    ],
  });
}

/** The privacy controls that apply or may, as the workspace's privacy tab lists them; each links to its SoA row. */
function controls(a: Assessment, anchors: Anchors): string {
  return dataTable({
    id: 'pd-controls',
    caption: 'Privacy controls that apply (or may: the model leaves their condition open), with their status',
    rows: privacyControls(a),
    empty: 'No privacy control applies to this system.',
    columns: [
      {
        header: 'control',
        rowHeader: true,
        cell: (c) =>
          `<a href="#${anchors.controls.get(c.id)}">${esc(c.title)}</a><br><code>${esc(c.id)}</code>` +
          (c.applies === 'unknown' ? ' · may apply' : ''),
      },
      {
        header: 'owed by',
        cell: (c) => c.stakeholders.map((s) => esc(s.role)).join(', '),
        filterValues: (c) => c.stakeholders.map((s) => s.role),
      },
      { header: 'status', cell: (c) => esc(c.status), filterValues: (c) => [c.status] },
      { header: 'owner', cell: (c) => esc(c.owner ?? '') },
      { header: 'due', cell: (c) => esc(c.due ?? '') },
      {
        header: 'evidence',
        className: 'num',
        cell: (c) => String(c.evidence.length),
        sortKey: (c) => c.evidence.length,
      },
    ],
  });
}

export function privacySection(a: Assessment, anchors: Anchors): string {
  return (
    `<h3 id="privacy-inventory">Personal data inventory</h3>${inventory(a)}` +
    `<h3 id="privacy-destinations">Where it goes</h3>${destinations(a)}` +
    `<h3 id="privacy-flows">Flows that carry it</h3>${personalFlows(a)}` +
    `<h3 id="privacy-threats">LINDDUN threats</h3>${linddun(a, anchors)}` +
    `<h3 id="privacy-controls">Privacy controls</h3>${controls(a, anchors)}`
  );
}
