/**
 * XLSX: the workbook auditors ask for first. Sheets: summary, risk register (worst first), statement of applicability
 * (clause order), one implementation conformance statement per framework and product, coverage of each framework's
 * requirements, action plan, questions, consistency findings and provenance. The statements and the coverage are the
 * tables CSV writes too (tables.ts). Every sheet has a frozen, filterable header; status columns offer their
 * allowed values as a drop-down.
 */
import type { Assessment } from '../assess/assessment.js';
import { formatPosition } from '../util/diagnostics.js';
import type { RenderContext, Renderer } from './renderer.js';
import { icsForms, SOA_HEADERS, soaCells, soaRows } from './statements.js';
import { coverageTable, icsTable } from './tables.js';
import {
  FINDING_TITLES,
  frameworkProgress,
  orderedLevels,
  provenanceRows,
  rulesById,
  SUPPORT_LABEL_VALUES,
} from './text.js';
import { type Sheet, sheetName, xlsxWorkbook } from './xlsx-writer.js';

const RISK_STATUSES = ['open', 'mitigated', 'accepted', 'transferred', 'avoided', 'suppressed'];
const ICS_SUPPORT = ['yes', 'no', 'N/A', 'undetermined'];

function summarySheet(a: Assessment): Omit<Sheet, 'name'> {
  const rows: (string | number)[][] = [
    ['system', a.model.name],
    ['assessed', a.date],
    ['risks', a.summary.risks.total],
    ...orderedLevels(a).map((l) => [`residual ${l}`, a.summary.risks.residual[l] ?? 0]),
    ['controls that apply', `${a.summary.controls.applicable} of ${a.summary.controls.total}`],
    ['gaps', a.summary.controls.gaps],
    ['products', a.summary.products],
    ['questions', a.summary.questions],
    ['consistency findings', a.summary.findings],
    ...a.conformance.map((c) => [`${c.shortTitle}`, frameworkProgress(c)]),
  ];
  return { header: ['item', 'value'], rows, widths: [36, 100] };
}

function riskSheet(a: Assessment): Omit<Sheet, 'name'> {
  const rules = rulesById(a);
  return {
    header: ['risk', 'title', 'where', 'inherent', 'residual', 'status', 'owner', 'risk source', 'controls', 'detail'],
    // the assessment holds its risks worst residual level first
    rows: a.risks.map((r) => [
      r.id,
      r.title,
      `${r.subject.id} (${formatPosition(r.subject.source)})`,
      r.inherent.level,
      r.residual.level,
      r.status,
      r.treatment?.owner,
      `${rules.get(r.rule)?.riskSource.title ?? r.riskSource.id} (27400 ${r.riskSource.clause})`,
      r.mitigations.map((m) => `${m.control} (${m.role}, ${m.status})`).join(', '),
      r.message,
    ]),
    widths: [30, 40, 30, 10, 10, 12, 16, 30, 40, 60],
    lists: [{ column: 5, values: RISK_STATUSES }],
  };
}

function actionSheet(a: Assessment): Omit<Sheet, 'name'> {
  return {
    header: ['rank', 'priority', 'control', 'title', 'status', 'owner', 'owed by', 'stages', 'open risks', 'satisfies'],
    rows: a.gaps.map((g, i) => [
      i + 1,
      g.priority,
      g.control,
      g.title,
      g.status + (g.failedEvidence.length ? ' (failed check)' : ''),
      g.owner,
      g.stakeholders.map((s) => s.role).join(', '),
      g.stages.join(', '),
      g.risks.map((r) => `${r.id} (${r.level})`).join(', '),
      g.requirements.join(', '),
    ]),
    widths: [6, 10, 30, 40, 14, 16, 20, 24, 40, 40],
  };
}

/** The same columns and rows as coverage.csv. */
function coverageSheet(a: Assessment): Omit<Sheet, 'name'> {
  const table = coverageTable(a);
  return {
    ...table,
    widths: [22, 36, 16, 30, 12, 50, 12, 16, 12, 14, 50, 50],
    lists: [{ column: table.header.indexOf('support'), values: SUPPORT_LABEL_VALUES }],
  };
}

export function workbookSheets(a: Assessment, context?: RenderContext): Sheet[] {
  const taken = new Set<string>();
  const named = (name: string, sheet: Omit<Sheet, 'name'>): Sheet => ({ name: sheetName(name, taken), ...sheet });
  // the same columns and rows as statements.csv, a sheet per framework and product
  const ics = icsForms(a).map((f, i) => {
    const table = icsTable([f]);
    return named(`${i + 1} ${f.framework} ${f.product.id}`, {
      ...table,
      widths: [20, 14, 24, 18, 10, 40, 8, 20, 14, 50, 40, 30, 24],
      lists: [{ column: table.header.indexOf('support'), values: ICS_SUPPORT }],
    });
  });
  return [
    named('summary', summarySheet(a)),
    named('risk register', riskSheet(a)),
    named('statement of applicability', {
      header: [...SOA_HEADERS],
      rows: soaRows(a, context).map(soaCells),
      widths: [30, 10, 30, 50, 10, 16, 50, 30, 24, 16, 60, 16, 10],
      lists: [{ column: 4, values: ['yes', 'no', 'undetermined'] }],
    }),
    ...ics,
    named('coverage', coverageSheet(a)),
    named('action plan', actionSheet(a)),
    named('questions', {
      header: ['key', 'question', 'on', 'what depends on it'],
      rows: a.questions.map((q) => [
        q.key,
        q.title,
        q.subjects.map((s) => `${s.name} (${formatPosition(s.source)})`).join(', '),
        [...q.rules.map((r) => `rule ${r}`), ...q.requirements, ...q.controls].join(', '),
      ]),
      widths: [24, 50, 40, 60],
    }),
    named('findings', {
      header: ['finding', 'what', 'what to do', 'where'],
      rows: a.findings.map((f) => [FINDING_TITLES[f.kind] ?? f.kind, f.message, f.action, formatPosition(f.source)]),
      widths: [24, 60, 50, 30],
    }),
    named('provenance', { header: ['item', 'value'], rows: provenanceRows(a), widths: [16, 120] }),
  ];
}

export const xlsxRenderer: Renderer = {
  format: 'xlsx',
  description:
    'an Excel workbook: summary, risk register, statement of applicability, a conformance statement per framework and product, coverage, action plan, questions, findings, provenance',
  render: (a, context) => [{ name: 'report.xlsx', content: xlsxWorkbook(workbookSheets(a, context)) }],
};
