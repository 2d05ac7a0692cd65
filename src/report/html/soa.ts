/** The statement of applicability: every control with whether it applies, why, who owes it when, status and evidence. */
import type { Assessment, EvidenceRef, ScopedControl } from '../../assess/assessment.js';
import { STAKEHOLDER_TITLES } from '../text.js';
import { capRows, shortList } from './common.js';
import { esc, evidenceLocation } from './escape.js';
import type { Anchors } from './register.js';
import { dataTable } from './tables.js';

function evidence(e: EvidenceRef): string {
  const parts = [
    `${esc(e.title)} <span class="small">(${esc(e.kind)})</span>`,
    e.location && evidenceLocation(e.location),
    e.collected && `<span class="small">collected ${esc(e.collected)}</span>`,
    e.expires &&
      (e.expired
        ? `<span class="warn">expired ${esc(e.expires)}</span>`
        : `<span class="small">expires ${esc(e.expires)}</span>`),
    e.verdict && (e.verdict === 'FAIL' ? `<span class="warn">${esc(e.verdict)}</span>` : esc(e.verdict)),
  ];
  return parts.filter(Boolean).join(' ');
}

function evidenceList(c: ScopedControl): string {
  if (c.evidence.length === 0) return '<span class="small">none</span>';
  return `<ul class="evidence">${c.evidence.map((e) => `<li>${evidence(e)}</li>`).join('')}</ul>`;
}

function owner(c: ScopedControl): string {
  const parts = [
    c.owner && esc(c.owner),
    c.due && `due ${esc(c.due)}`,
    c.justification && `<span class="small">${esc(c.justification)}</span>`,
  ];
  return parts.filter(Boolean).join('<br>') || '<span class="small">—</span>';
}

function stakeholders(a: Assessment, c: ScopedControl): string {
  const names = new Map(a.system.organisations.map((o) => [o.id, o.name]));
  return c.stakeholders
    .map((s) => {
      const orgs = s.organisations.map((o) => names.get(o) ?? o);
      return `${esc(STAKEHOLDER_TITLES[s.role] ?? s.role)}${orgs.length ? ` <span class="small">(${shortList(orgs, 3)})</span>` : ''}`;
    })
    .join('<br>');
}

export function soaSection(a: Assessment, anchors: Anchors): string {
  const { rows, note } = capRows(a.controls, 'controls');
  const intro =
    '<p>Use the <em>stakeholder</em> and <em>stage</em> filters to read the statement for one stakeholder (ISO/IEC 27400 §5.3) or one life-cycle stage. ' +
    'Every control of the catalog is listed, with the reason it does or does not apply to this model.</p>';
  return (
    intro +
    dataTable({
      id: 'soa',
      caption: 'Statement of applicability',
      rows,
      note,
      empty: 'No controls are in scope.',
      rowId: (c) => anchors.controls.get(c.id),
      columns: [
        { header: 'control', rowHeader: true, cell: (c) => `<code>${esc(c.id)}</code><br>${esc(c.title)}` },
        { header: 'clause', cell: (c) => esc(c.clause), filterValues: (c) => [c.family] },
        { header: 'applies', cell: (c) => (c.applies ? 'yes' : 'no'), filterValues: (c) => [c.applies ? 'yes' : 'no'] },
        { header: 'why', cell: (c) => esc(c.reason) },
        {
          header: 'stakeholder',
          cell: (c) => stakeholders(a, c),
          filterValues: (c) => c.stakeholders.map((s) => s.role),
        },
        { header: 'stage', cell: (c) => c.stages.map(esc).join(', '), filterValues: (c) => c.stages },
        { header: 'status', cell: (c) => esc(c.status), filterValues: (c) => [c.status] },
        { header: 'owner', cell: owner },
        { header: 'evidence', cell: evidenceList },
        { header: 'mitigates', className: 'num', cell: (c) => String(c.risks.length), sortKey: (c) => c.risks.length },
      ],
    })
  );
}
