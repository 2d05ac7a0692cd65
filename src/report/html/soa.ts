/**
 * The statement of applicability in ISO/IEC 27400 clause order: every control with its statement, whether it applies
 * and why (derived or declared not applicable shown as such), who owes it when, status, evidence with dates and
 * expiry, and the reviewer.
 */
import type { Assessment, EvidenceRef, ScopedControl } from '../../assess/assessment.js';
import type { RenderContext } from '../renderer.js';
import { controlsByClause, type SoaRow, soaRows } from '../statements.js';
import { evidenceForReaders, STAKEHOLDER_TITLES } from '../text.js';
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
    e.sha256 &&
      `<span class="small">SHA-256 <code>${esc(e.sha256)}</code>${e.size === undefined ? '' : `, ${e.size} bytes`}</span>`,
    e.reviewer && `<span class="small">reviewed by ${esc(e.reviewer)}</span>`,
  ];
  return parts.filter(Boolean).join(' ');
}

function evidenceList(c: ScopedControl): string {
  if (c.evidence.length === 0) return '<span class="small">none</span>';
  return `<ul class="evidence">${evidenceForReaders(c.evidence)
    .map((e) => `<li>${evidence(e)}</li>`)
    .join('')}</ul>`;
}

function owner(c: ScopedControl): string {
  const parts = [c.owner && esc(c.owner), c.due && `due ${esc(c.due)}`];
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

export function soaSection(a: Assessment, anchors: Anchors, context?: RenderContext): string {
  const text = soaRows(a, context);
  const all = controlsByClause(a).map((c, i) => ({ c, r: text[i]! }));
  const { rows, note } = capRows(all, 'controls');
  const intro =
    '<p>Every control of the catalog in ISO/IEC 27400 clause order, with the reason it does or does not apply to this model. ' +
    'Use the <em>stakeholder</em> and <em>stage</em> filters to read the statement for one stakeholder (ISO/IEC 27400 §5.3) or one life-cycle stage.</p>';
  return (
    intro +
    dataTable<{ c: ScopedControl; r: SoaRow }>({
      id: 'soa',
      caption: 'Statement of applicability',
      rows,
      note,
      empty: 'No controls are in scope.',
      rowId: ({ c }) => anchors.controls.get(c.id),
      columns: [
        {
          header: 'control',
          rowHeader: true,
          cell: ({ c, r }) =>
            `<code>${esc(c.id)}</code><br>${esc(c.title)}${r.statement ? `<br><span class="small">${esc(r.statement)}</span>` : ''}`,
        },
        { header: 'clause', cell: ({ c }) => esc(c.clause), filterValues: ({ c }) => [c.family] },
        { header: 'applies', cell: ({ r }) => r.applies, filterValues: ({ r }) => [r.applies] },
        { header: 'status', cell: ({ r }) => esc(r.status), filterValues: ({ c }) => [c.status] },
        { header: 'justification', cell: ({ r }) => esc(r.justification) },
        {
          header: 'stakeholder',
          cell: ({ c }) => stakeholders(a, c),
          filterValues: ({ c }) => c.stakeholders.map((s) => s.role),
        },
        { header: 'stage', cell: ({ c }) => c.stages.map(esc).join(', '), filterValues: ({ c }) => c.stages },
        { header: 'owner', cell: ({ c }) => owner(c) },
        { header: 'evidence', cell: ({ c }) => evidenceList(c) },
        {
          header: 'mitigates',
          className: 'num',
          cell: ({ c }) => String(c.risks.length),
          sortKey: ({ c }) => c.risks.length,
        },
      ],
    })
  );
}
