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
} from '../../assess/assessment.js';
import { conditionsOf, type IcsRow, type IcsSupport, icsRow, MISSING_JUSTIFICATION } from '../statements.js';
import { frameworkProgress, productClassRows, summaryText } from '../text.js';
import { shortList } from './common.js';
import { esc } from './escape.js';
import { dataTable } from './tables.js';

const SUPPORT_ORDER: Record<IcsSupport, number> = { no: 0, undetermined: 1, yes: 2, 'N/A': 3 };
const SUPPORT_CLASS: Record<IcsSupport, string> = {
  no: 'no',
  undetermined: 'undetermined',
  yes: 'yes',
  'N/A': 'not-applicable',
};

function support(r: IcsRow): string {
  return `<span class="badge sup-${SUPPORT_CLASS[r.support]}">${esc(r.support)}</span>`;
}

/** One product's implementation conformance statement in the layout of EN 303 645 Table B.1. */
function productTable(c: ConformanceStatement, p: ProductStatement, id: string): string {
  const rows = p.provisions.map((provision) => ({ provision, r: icsRow(provision) }));
  return dataTable<{ provision: ProvisionStatement; r: IcsRow }>({
    id,
    caption: `${c.shortTitle} ${c.version} — ${p.name}: implementation conformance statement`,
    rows,
    columns: [
      { header: 'reference', rowHeader: true, cell: ({ r }) => `<code>${esc(r.reference)}</code>` },
      { header: 'provision', cell: ({ r }) => esc(r.title) },
      {
        header: 'status',
        cell: ({ r }) => esc(r.status) + (r.condition ? `<br><span class="small">${esc(r.condition)}</span>` : ''),
        filterValues: ({ r }) => [r.status],
      },
      {
        header: 'support',
        cell: ({ r }) => support(r),
        sortKey: ({ r }) => SUPPORT_ORDER[r.support],
        filterValues: ({ r }) => [r.support],
      },
      { header: 'detail', cell: ({ r }) => esc(r.detail) },
      {
        header: 'justification',
        cell: ({ r }) =>
          r.justificationMissing ? `<span class="warn">${esc(MISSING_JUSTIFICATION)}</span>` : esc(r.justification),
      },
      { header: 'controls', cell: ({ provision }) => controlsCell(provision) },
      { header: 'evidence', cell: ({ r }) => shortList(r.evidence, 4) },
    ],
  });
}

/** The conditions and features the status column names, once each. */
function conditionList(p: ProductStatement): string {
  const conditions = conditionsOf(p);
  if (conditions.length === 0) return '';
  return `<p class="small">Conditions: ${conditions.map((x) => `<code>${esc(x.id)}</code> ${esc(x.title)} (${esc(x.holds)})`).join('; ')}</p>`;
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
      const missing = p.summary.recommendationsWithoutJustification;
      const flag =
        missing > 0 ? `<p class="warn">${missing} recommendation(s) not met without a recorded justification.</p>` : '';
      const productClass = p.productClass
        ? `<dl class="facts product-class"><dt>product</dt><dd>${esc(p.name)}</dd>${productClassRows(p.productClass)
            .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`)
            .join('')}</dl>`
        : '';
      return `${productClass}<details id="${id}" class="ics"><summary>${esc(p.name)}: ${esc(summaryText(p.summary))}${undetermined}</summary>${flag}${productTable(c, p, `${id}-table`)}${conditionList(p)}</details>`;
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
