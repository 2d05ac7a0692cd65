/** The risk register (with treatment) and the action plan (gaps ordered by the risk they leave open, with owner). */
import type { Assessment, Gap, RatedLevel, Risk } from '../../assess/assessment.js';
import { formatPosition } from '../../util/diagnostics.js';
import { rulesById, STAKEHOLDER_TITLES } from '../text.js';
import { capRows, levelBadge, levelRank, risksByResidual, shortList } from './common.js';
import { esc } from './escape.js';
import { dataTable } from './tables.js';

export interface Anchors {
  risks: Map<string, string>;
  controls: Map<string, string>;
}

/** In-page anchors of controls by their index in the statement of applicability. */
export function controlAnchors(a: Assessment): Map<string, string> {
  return new Map(a.controls.map((c, i) => [c.id, `control-${i + 1}`]));
}

function rated(a: Assessment, r: RatedLevel): string {
  return `${levelBadge(a, r.level)}<br><span class="small">L${r.likelihood} × I${r.impact}</span>`;
}

const ratedKey = (a: Assessment, r: RatedLevel) => levelRank(a, r.level) * 100 + r.likelihood * 10 + r.impact;

function link(anchor: string | undefined, text: string): string {
  return anchor ? `<a href="#${anchor}">${text}</a>` : text;
}

function treatment(r: Risk): string {
  const t = r.treatment;
  if (!t) return '<span class="small">none recorded</span>';
  const parts = [
    `<strong>${esc(t.treatment)}</strong>`,
    t.owner && `owner: ${esc(t.owner)}`,
    t.justification && esc(t.justification),
    t.ticket && `ticket: <code>${esc(t.ticket)}</code>`,
    t.reviewed && `reviewed ${esc(t.reviewed)}`,
  ];
  return parts.filter(Boolean).join('<br>');
}

function mitigations(r: Risk, anchors: Anchors, applies: (control: string) => boolean): string {
  if (r.mitigations.length === 0) return '<span class="small">none in the catalog</span>';
  return r.mitigations
    .map((m) => {
      const mark = m.effective ? '✓ ' : '';
      return `${mark}${link(anchors.controls.get(m.control), `<code>${esc(m.control)}</code>`)} <span class="small">(${esc(m.status)}${applies(m.control) ? '' : ', does not apply'})</span>`;
    })
    .join('<br>');
}

export function riskRegister(a: Assessment, anchors: Anchors): string {
  const rules = rulesById(a);
  const sourceTitle = (r: Risk) => rules.get(r.rule)?.riskSource.title ?? r.riskSource.id;
  const applicable = new Set(a.controls.filter((c) => c.applies).map((c) => c.id));
  const applies = (control: string) => applicable.has(control);
  const { rows, note } = capRows(risksByResidual(a), 'risks (worst residual first)');
  return dataTable({
    id: 'risk-register',
    caption: 'Risk register',
    rows,
    note,
    empty: 'No risks were identified.',
    rowId: (r) => anchors.risks.get(r.id),
    columns: [
      {
        header: 'risk',
        rowHeader: true,
        cell: (r) =>
          `${esc(r.title)}<br><span class="msg">${esc(r.message)}</span><br><code class="small">${esc(r.id)}</code>`,
      },
      {
        header: 'where',
        cell: (r) =>
          `${esc(r.subject.name)} <span class="small">(${esc(r.subject.type)})</span><br><code class="small">${esc(formatPosition(r.subject.source))}</code>`,
        filterValues: (r) => [r.subject.type],
      },
      {
        header: 'risk source',
        cell: (r) => `${esc(sourceTitle(r))}<br><span class="small">27400 §${esc(r.riskSource.clause)}</span>`,
        filterValues: (r) => [sourceTitle(r)],
      },
      { header: 'STRIDE / LINDDUN', cell: (r) => [...r.stride, ...r.linddun].map(esc).join(', ') },
      {
        header: 'inherent',
        cell: (r) => rated(a, r.inherent),
        sortKey: (r) => ratedKey(a, r.inherent),
        filterValues: (r) => [r.inherent.level],
      },
      {
        header: 'residual',
        cell: (r) => rated(a, r.residual),
        sortKey: (r) => ratedKey(a, r.residual),
        filterValues: (r) => [r.residual.level],
      },
      { header: 'status', cell: (r) => esc(r.status), filterValues: (r) => [r.status] },
      { header: 'treatment', cell: treatment },
      { header: 'mitigating controls', cell: (r) => mitigations(r, anchors, applies) },
    ],
  });
}

function owedBy(names: Map<string, string>, g: Gap): string {
  return g.stakeholders
    .map((s) => {
      const orgs = s.organisations.map((o) => names.get(o) ?? o);
      return `${esc(STAKEHOLDER_TITLES[s.role] ?? s.role)}${orgs.length ? ` <span class="small">(${shortList(orgs, 3)})</span>` : ''}`;
    })
    .join('<br>');
}

function openRisks(g: Gap, anchors: Anchors): string {
  if (g.risks.length === 0) return '<span class="small">none identified</span>';
  const shown = g.risks
    .slice(0, 5)
    .map((r) => `${link(anchors.risks.get(r.id), `<code>${esc(r.id)}</code>`)} (${esc(r.level)})`);
  const more = g.risks.length > 5 ? `<br>… and ${g.risks.length - 5} more` : '';
  return `${shown.join('<br>')}${more}`;
}

export function actionPlan(a: Assessment, anchors: Anchors): string {
  const names = new Map(a.system.organisations.map((o) => [o.id, o.name]));
  const { rows, note } = capRows(
    a.gaps.map((gap, i) => ({ gap, rank: i + 1 })),
    'gaps (highest priority first)',
  );
  return dataTable({
    id: 'action-plan',
    caption: 'Action plan: gaps ordered by the risk they leave open',
    rows,
    note,
    empty: 'No gaps: every applicable control is implemented or verified.',
    rowId: ({ rank }) => `gap-${rank}`,
    columns: [
      { header: '#', className: 'num', cell: ({ rank }) => String(rank), sortKey: ({ rank }) => rank },
      {
        header: 'priority',
        cell: ({ gap }) => levelBadge(a, gap.priority),
        sortKey: ({ gap }) => levelRank(a, gap.priority),
        filterValues: ({ gap }) => [gap.priority],
      },
      {
        header: 'control',
        rowHeader: true,
        cell: ({ gap }) =>
          `${link(anchors.controls.get(gap.control), `<code>${esc(gap.control)}</code>`)}<br>${esc(gap.title)}`,
      },
      {
        header: 'owed by',
        cell: ({ gap }) => owedBy(names, gap),
        filterValues: ({ gap }) => gap.stakeholders.map((s) => s.role),
      },
      {
        header: 'owner',
        cell: ({ gap }) => (gap.owner ? esc(gap.owner) : '<span class="warn">unassigned</span>'),
        filterValues: ({ gap }) => [gap.owner ?? 'unassigned'],
      },
      { header: 'stages', cell: ({ gap }) => gap.stages.map(esc).join(', '), filterValues: ({ gap }) => gap.stages },
      {
        header: 'status',
        cell: ({ gap }) =>
          esc(gap.status) +
          (gap.failedEvidence.length
            ? `<br><span class="warn">failed check: ${shortList(gap.failedEvidence, 3)}</span>`
            : ''),
        filterValues: ({ gap }) => [gap.status],
      },
      { header: 'open risks', cell: ({ gap }) => openRisks(gap, anchors), sortKey: ({ gap }) => gap.risks.length },
      { header: 'satisfies', cell: ({ gap }) => shortList(gap.requirements, 5) },
    ],
  });
}
