/** The ETSI EN 303 645 conformance statement and the cross-framework coverage. */
import type { Assessment, ConformanceStatement, FrameworkCoverage, Support } from '../../assess/assessment.js';
import { frameworkProgress, supportLabel } from '../text.js';
import { shortList } from './common.js';
import { esc } from './escape.js';
import { dataTable } from './tables.js';

function support(s: Support): string {
  return `<span class="badge sup-${s}">${esc(supportLabel(s))}</span>`;
}

const SUPPORT_ORDER: Record<Support, number> = { no: 0, partial: 1, yes: 2, 'not-applicable': 3 };

function statement(s: ConformanceStatement, index: number): string {
  const m = s.summary;
  const summary =
    `<p>${m.applicable} of ${m.provisions} provisions apply; ${m.supported} supported, ${m.partial} partly, ${m.notSupported} not; ` +
    `<strong>${m.mandatoryGaps} mandatory gaps</strong>; ${m.recommendationsWithoutJustification} recommendations not met without a recorded justification.</p>`;
  return (
    `<h3 id="conformance-${index + 1}">${esc(s.title)}</h3>${summary}` +
    dataTable({
      id: `conformance-table-${index + 1}`,
      caption: `${s.title}: conformance statement`,
      rows: s.provisions,
      columns: [
        { header: 'provision', rowHeader: true, cell: (p) => `<code>${esc(p.id)}</code> ${esc(p.title)}` },
        {
          header: 'M/R',
          cell: (p) => (p.status === 'mandatory' ? 'M' : 'R'),
          filterValues: (p) => [p.status === 'mandatory' ? 'M' : 'R'],
        },
        { header: 'applies', cell: (p) => (p.applies ? 'yes' : 'no'), filterValues: (p) => [p.applies ? 'yes' : 'no'] },
        {
          header: 'support',
          cell: (p) => support(p.support),
          sortKey: (p) => SUPPORT_ORDER[p.support],
          filterValues: (p) => [supportLabel(p.support)],
        },
        {
          header: 'reason',
          cell: (p) =>
            esc(p.reason) +
            (p.justification ? `<br><span class="small">justification: ${esc(p.justification)}</span>` : ''),
        },
        {
          header: 'controls',
          cell: (p) =>
            p.controls
              .map(
                (c) =>
                  `<code>${esc(c.id)}</code> <span class="small">(${esc(c.relationship)}, ${esc(c.status)})</span>`,
              )
              .join('<br>'),
        },
        { header: 'evidence', cell: (p) => shortList(p.evidence, 4) },
      ],
    })
  );
}

export function conformanceSection(a: Assessment): string {
  if (a.conformance.length === 0) return '<p class="empty">The catalog holds no ETSI EN 303 645 provisions.</p>';
  return a.conformance.map(statement).join('\n');
}

function coverageSummary(a: Assessment): string {
  return dataTable({
    id: 'coverage-summary',
    caption: 'Coverage by framework',
    rows: a.coverage,
    columns: [
      {
        header: 'framework',
        rowHeader: true,
        cell: (c) => `<a href="#coverage-${esc(a.coverage.indexOf(c) + 1)}">${esc(c.title)}</a>`,
      },
      { header: 'requirements', className: 'num', cell: (c) => String(c.requirements) },
      { header: 'applicable', className: 'num', cell: (c) => String(c.applicable) },
      { header: 'supported', className: 'num', cell: (c) => String(c.supported) },
      { header: 'partly', className: 'num', cell: (c) => String(c.partial) },
      { header: 'not supported', className: 'num', cell: (c) => String(c.notSupported) },
      { header: 'mandatory gaps', className: 'num', cell: (c) => String(c.mandatoryGaps) },
      {
        header: 'no control maps to',
        className: 'num',
        cell: (c) => String(c.unmapped.length),
        sortKey: (c) => c.unmapped.length,
      },
      {
        header: 'progress',
        cell: (c) =>
          `<progress max="${Math.max(1, c.applicable)}" value="${c.supported}" aria-label="${esc(frameworkProgress(c))}"></progress>`,
        sortKey: (c) => (c.applicable ? c.supported / c.applicable : 0),
      },
    ],
  });
}

function frameworkDetails(c: FrameworkCoverage, index: number): string {
  const unmapped = c.unmapped.length > 0 ? `<p class="note">No control maps to: ${shortList(c.unmapped, 20)}.</p>` : '';
  return (
    `<details id="coverage-${index + 1}"><summary>${esc(frameworkProgress(c))}</summary>${unmapped}` +
    dataTable({
      id: `coverage-table-${index + 1}`,
      caption: `${c.title} ${c.version}: requirements`,
      rows: c.items,
      columns: [
        { header: 'requirement', rowHeader: true, cell: (i) => `<code>${esc(i.id)}</code> ${esc(i.title)}` },
        { header: 'status', cell: (i) => esc(i.status), filterValues: (i) => [i.status] },
        { header: 'applies', cell: (i) => (i.applies ? 'yes' : 'no'), filterValues: (i) => [i.applies ? 'yes' : 'no'] },
        {
          header: 'support',
          cell: (i) => support(i.support),
          sortKey: (i) => SUPPORT_ORDER[i.support],
          filterValues: (i) => [supportLabel(i.support)],
        },
        { header: 'controls', cell: (i) => i.controls.map((id) => `<code>${esc(id)}</code>`).join(', ') },
      ],
    }) +
    '</details>'
  );
}

export function coverageSection(a: Assessment): string {
  return coverageSummary(a) + a.coverage.map(frameworkDetails).join('\n');
}
