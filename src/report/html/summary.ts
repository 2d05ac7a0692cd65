/** The executive summary: headline figures, risks by level and status, progress by stakeholder and stage, frameworks. */
import type { Assessment } from '../../assess/assessment.js';
import {
  frameworkProgress,
  levelCountText,
  orderedLevels,
  type Progress,
  progressByStage,
  progressByStakeholder,
  STAKEHOLDER_TITLES,
} from '../text.js';
import { levelBadge, levelRank } from './common.js';
import { esc } from './escape.js';
import { type Column, dataTable } from './tables.js';

const n = (x: number) => x.toLocaleString('en');

function kpis(a: Assessment): string {
  const top = orderedLevels(a).slice(0, 2);
  const severe = a.risks.filter((r) => r.status === 'open' && top.includes(r.residual.level)).length;
  const gaps = a.conformance
    .filter((c) => c.scope.applies === true)
    .reduce((sum, c) => sum + c.summary.mandatoryGaps, 0);
  const items: [string, string][] = [
    [n(a.summary.risks.total), 'risks identified'],
    [n(severe), `open ${top.join(' or ')} residual risks`],
    [`${n(a.summary.controls.applicable)} / ${n(a.summary.controls.total)}`, 'controls apply'],
    [n(a.summary.controls.gaps), 'gaps in the action plan'],
  ];
  items.push([n(gaps), 'mandatory requirements not met, over the frameworks in scope']);
  if (a.summary.findings > 0) items.push([n(a.summary.findings), 'consistency findings']);
  if (a.summary.questions > 0) items.push([n(a.summary.questions), 'questions the model leaves open']);
  return `<ul class="kpis">${items.map(([v, t]) => `<li><strong>${esc(v)}</strong>${esc(t)}</li>`).join('')}</ul>`;
}

function levelTable(a: Assessment): string {
  const statuses = Object.keys(a.summary.risks.byStatus);
  return dataTable({
    id: 'summary-levels',
    caption: 'Risks by level',
    interactive: false,
    rows: orderedLevels(a),
    columns: [
      { header: 'level', rowHeader: true, cell: (l) => levelBadge(a, l) },
      { header: 'inherent', className: 'num', cell: (l) => n(a.summary.risks.inherent[l] ?? 0) },
      { header: 'residual', className: 'num', cell: (l) => n(a.summary.risks.residual[l] ?? 0) },
      ...statuses.map(
        (s): Column<string> => ({
          header: `residual, ${s}`,
          className: 'num',
          cell: (l) => n(a.risks.filter((r) => r.status === s && r.residual.level === l).length),
        }),
      ),
    ],
  });
}

function progressColumns(a: Assessment): Column<{ progress: Progress }>[] {
  return [
    { header: 'controls owed', className: 'num', cell: (r) => n(r.progress.owed) },
    { header: 'in place', className: 'num', cell: (r) => n(r.progress.done) },
    { header: 'gaps', className: 'num', cell: (r) => n(r.progress.gaps) },
    { header: 'open risks its gaps leave', cell: (r) => esc(levelCountText(a, r.progress.risks)) },
  ];
}

function stakeholderTable(a: Assessment): string {
  const orgs = new Map(a.system.organisations.map((o) => [o.id, o]));
  const who = (role: string) =>
    a.system.organisations
      .filter((o) => o.roles.includes(role))
      .map((o) => esc(orgs.get(o.id)?.name ?? o.id))
      .join(', ');
  return dataTable({
    id: 'summary-stakeholders',
    caption: 'Controls and open risks by stakeholder (ISO/IEC 27400 §5.3)',
    interactive: false,
    rows: progressByStakeholder(a).filter((r) => r.progress.owed > 0),
    columns: [
      {
        header: 'stakeholder',
        rowHeader: true,
        cell: (r) =>
          `${esc(STAKEHOLDER_TITLES[r.role] ?? r.role)}<br><span class="small">${who(r.role) || 'no organisation in the model'}</span>`,
      },
      ...progressColumns(a),
    ],
  });
}

function stageTable(a: Assessment): string {
  return dataTable({
    id: 'summary-stages',
    caption: `Controls and open risks by life-cycle stage (${a.model.stageSet})`,
    interactive: false,
    rows: progressByStage(a),
    columns: [{ header: 'stage', rowHeader: true, cell: (r) => esc(r.stage) }, ...progressColumns(a)],
  });
}

function frameworks(a: Assessment): string {
  const items = a.conformance.map((c) => {
    const label = frameworkProgress(c);
    return `<li><progress max="${Math.max(1, c.summary.applicable)}" value="${c.summary.supported}" aria-label="${esc(label)}"></progress><span>${esc(label)}</span></li>`;
  });
  return `<h3 id="summary-frameworks">Framework progress</h3><ul class="progress">${items.join('')}</ul>`;
}

function topRisks(a: Assessment, anchors: Map<string, string>): string {
  const open = a.risks
    .filter((r) => r.status === 'open')
    .sort((x, y) => levelRank(a, y.residual.level) - levelRank(a, x.residual.level))
    .slice(0, 5);
  if (open.length === 0) return '';
  const items = open.map(
    (r) =>
      `<li>${levelBadge(a, r.residual.level)} <a href="#${anchors.get(r.id)}">${esc(r.title)}</a> — ${esc(r.subject.name)}</li>`,
  );
  return `<h3>Top open risks</h3><ol class="top-risks">${items.join('')}</ol>`;
}

export function summarySection(a: Assessment, anchors: Map<string, string>): string {
  return (
    kpis(a) +
    topRisks(a, anchors) +
    `<div class="grid-2"><div>${levelTable(a)}</div><div>${stakeholderTable(a)}</div></div>` +
    stageTable(a) +
    frameworks(a)
  );
}
