/**
 * Conformance: per framework, the statement for each product in scope (EN 303 645 Annex B style: provision, M/R,
 * applies, support, reason, controls and evidence), and a summary over the system where a requirement is supported
 * only when every product in scope supports it. Frameworks out of scope are listed with the reason, never as gaps.
 */
import type {
  Assessment,
  ConformanceStatement,
  ProductStatement,
  ProvisionStatement,
  Support,
  Truth,
} from '../../assess/assessment.js';
import { frameworkProgress, productClassRows, summaryText, supportLabel } from '../text.js';
import { shortList } from './common.js';
import { esc } from './escape.js';
import { dataTable } from './tables.js';

function support(s: Support): string {
  return `<span class="badge sup-${s}">${esc(supportLabel(s))}</span>`;
}

const SUPPORT_ORDER: Record<Support, number> = { no: 0, partial: 1, undetermined: 2, yes: 3, 'not-applicable': 4 };
const truth = (t: Truth) => (t === 'unknown' ? 'undetermined' : t ? 'yes' : 'no');

function productTable(c: ConformanceStatement, p: ProductStatement, id: string): string {
  return dataTable({
    id,
    caption: `${c.shortTitle} ${c.version} — ${p.name}: implementation conformance statement`,
    rows: p.provisions,
    columns: [
      { header: 'provision', rowHeader: true, cell: (r) => `<code>${esc(r.id)}</code> ${esc(r.title)}` },
      {
        header: 'M/R',
        cell: (r) => (r.status === 'mandatory' ? 'M' : 'R'),
        filterValues: (r) => [r.status === 'mandatory' ? 'M' : 'R'],
      },
      { header: 'applies', cell: (r) => truth(r.applies), filterValues: (r) => [truth(r.applies)] },
      {
        header: 'support',
        cell: (r) =>
          support(r.support) + (r.inForce ? '' : `<br><span class="small">from ${esc(r.appliesFrom)}</span>`),
        sortKey: (r) => SUPPORT_ORDER[r.support],
        filterValues: (r) => [supportLabel(r.support)],
      },
      {
        header: 'reason',
        cell: (r) =>
          esc(r.reason) +
          (r.justification ? `<br><span class="small">justification: ${esc(r.justification)}</span>` : ''),
      },
      { header: 'controls', cell: controlsCell },
      { header: 'evidence', cell: (r) => shortList(r.evidence, 4) },
    ],
  });
}

function controlsCell(r: ProvisionStatement): string {
  const own = r.controls.map(
    (c) => `<code>${esc(c.id)}</code> <span class="small">(${esc(c.relationship)}, ${esc(c.status)})</span>`,
  );
  const helping = r.complementary.map(
    (c) => `<span class="small">complementary: <code>${esc(c.id)}</code> (${esc(c.status)})</span>`,
  );
  return [...own, ...helping].join('<br>');
}

function statement(c: ConformanceStatement, index: number): string {
  const heading = `<h3 id="conformance-${index + 1}">${esc(c.shortTitle)} ${esc(c.version)}</h3>`;
  const scope =
    c.scope.applies === false
      ? `<p class="note">Out of scope: ${esc(c.scope.reason)}</p>`
      : `<p>${esc(frameworkProgress(c))}</p>`;
  if (c.scope.applies === false) return heading + scope;
  const products = c.products
    .map((p, j) => {
      const id = `conformance-${index + 1}-${j + 1}`;
      if (p.scope.applies === false)
        return `<p class="small">${esc(p.name)}: out of scope — ${esc(p.scope.reason)}</p>`;
      const undetermined = p.scope.applies === 'unknown' ? ` (scope undetermined: ${esc(p.scope.reason)})` : '';
      const productClass = p.productClass
        ? `<dl class="facts product-class"><dt>product</dt><dd>${esc(p.name)}</dd>${productClassRows(p.productClass)
            .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`)
            .join('')}</dl>`
        : '';
      return `${productClass}<details id="${id}"><summary>${esc(p.name)}: ${esc(summaryText(p.summary))}${undetermined}</summary>${productTable(c, p, `${id}-table`)}</details>`;
    })
    .join('\n');
  return heading + scope + products;
}

export function conformanceSection(a: Assessment): string {
  if (a.conformance.length === 0) return '<p class="empty">The catalog holds no framework with requirements.</p>';
  return coverageSummary(a) + a.conformance.map(statement).join('\n');
}

function coverageSummary(a: Assessment): string {
  return dataTable({
    id: 'coverage-summary',
    caption:
      'Frameworks over the system (a requirement counts as supported only where every product in scope supports it)',
    rows: a.conformance,
    columns: [
      {
        header: 'framework',
        rowHeader: true,
        cell: (c) => `<a href="#conformance-${esc(a.conformance.indexOf(c) + 1)}">${esc(c.shortTitle)}</a>`,
      },
      {
        header: 'scope',
        cell: (c) =>
          c.scope.applies === false ? 'out of scope' : c.scope.applies === 'unknown' ? 'undetermined' : 'in scope',
        filterValues: (c) => [String(c.scope.applies)],
      },
      { header: 'requirements', className: 'num', cell: (c) => String(c.summary.provisions) },
      { header: 'applicable', className: 'num', cell: (c) => String(c.summary.applicable) },
      { header: 'supported', className: 'num', cell: (c) => String(c.summary.supported) },
      { header: 'partly', className: 'num', cell: (c) => String(c.summary.partial) },
      { header: 'not supported', className: 'num', cell: (c) => String(c.summary.notSupported) },
      { header: 'undetermined', className: 'num', cell: (c) => String(c.summary.undetermined) },
      { header: 'mandatory gaps', className: 'num', cell: (c) => String(c.summary.mandatoryGaps) },
      {
        header: 'progress',
        cell: (c) =>
          `<progress max="${Math.max(1, c.summary.applicable)}" value="${c.summary.supported}" aria-label="${esc(frameworkProgress(c))}"></progress>`,
        sortKey: (c) => (c.summary.applicable ? c.summary.supported / c.summary.applicable : 0),
      },
    ],
  });
}
