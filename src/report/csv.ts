/**
 * CSV for spreadsheets and GRC imports: the statement of applicability, the risk register, the action plan, the
 * implementation conformance statements per product (EN 303 645 Table B.1 layout, the same rows as the XLSX sheets)
 * and the framework coverage, one file each.
 *
 * RFC 4180: UTF-8 with a byte-order mark, a header row, CRLF line ends, fields quoted when they hold a comma, a quote or a line break.
 * Spreadsheet-safe: a text cell that starts with = + - @, a tab or a carriage return would be read as a formula by
 * Excel, LibreOffice or Google Sheets (CSV injection), so it gets a leading single quote and is shown as text; so does
 * one that starts with NUL, which OWASP ASVS 5 (1.2.10) lists too, as a reader may drop it and see what follows.
 * The start of the cell is not the only place a reader may start one: a spreadsheet whose locale lists with `;`
 * (German or French Excel, LibreOffice told so) splits every line at each `;`, quotes or not, so `x;=1+1` becomes a
 * second cell `=1+1`; and having lost the quoting, it ends the row at a line break inside a quoted field, so `x⏎=1+1`
 * starts a row with `=1+1` (both run as formulas in LibreOffice 7.4, checked in test/report-csv.test.ts). So the same
 * quote goes before a trigger that follows a `;`, a `,` (the other separator a locale may use), a tab (LibreOffice's
 * import offers it with the others) or a line break, after any spaces or double quotes (LibreOffice shows ` =1+1` as
 * text, but a reader that trims spaces or strips quotes would meet the trigger first): the file is safe whichever
 * separator the reader picks, and the text reads the same apart from the added quotes.
 */
import type { Assessment } from '../assess/assessment.js';
import { formatPosition } from '../util/diagnostics.js';
import { pieces, rereadable } from '../util/text-chunks.js';
import type { Renderer } from './renderer.js';
import { icsForms } from './statements.js';
import { coverageTable, icsTable, type Table } from './tables.js';
import { evidenceForReaders, rulesById } from './text.js';

export type CsvValue = string | number | boolean | undefined | null | readonly string[];

/**
 * A formula trigger (a character that makes a spreadsheet read a cell as a formula, or may hide one that does) where a
 * reader may start a cell: at the start, or after a separator of either locale, a tab or a line break, past any spaces
 * and double quotes. The trigger itself is only looked at, so a quote goes right before it.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters this neutralises
const FORMULA_AT_CELL_START = /(^|[;,\t\r\n])([ "]*)(?=[=+\-@\t\r\u0000])/g;
/** Where FORMULA_AT_CELL_START can match in text without separators: at its start only. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above
const FORMULA_AT_START = /^[ "]*[=+\-@\t\r\u0000]/;
const SEPARATOR = /[;,\t\r\n]/;

/** Text with a quote before each formula trigger where a reader may start a cell (FORMULA_AT_CELL_START). */
const neutralised = (text: string) =>
  SEPARATOR.test(text) || FORMULA_AT_START.test(text) ? text.replace(FORMULA_AT_CELL_START, "$1$2'") : text;

/** One field: neutralised against formulas, then quoted per RFC 4180 when needed. */
export function csvField(value: CsvValue): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = neutralised(typeof value === 'string' ? value : value.join('; '));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (fields: readonly CsvValue[]) => `${fields.map(csvField).join(',')}\r\n`;

/** A CSV document a line at a time, each row's fields made as its line is: the header row, then one line per row. */
export function* csvLines<T>(
  header: readonly string[],
  rows: readonly T[],
  fieldsOf: (row: T) => readonly CsvValue[],
): Generator<string> {
  yield csvLine(header);
  for (const row of rows) yield csvLine(fieldsOf(row));
}

/** A whole CSV document: the header row, then one line per row, CRLF-terminated. */
export const csvDocument = (header: readonly string[], rows: readonly CsvValue[][]): string =>
  [...csvLines(header, rows, (row) => row)].join('');

/** A table the XLSX workbook writes too, as CSV. */
const tableCsv = (t: Table) => csvDocument(t.header, t.rows);

export function soaCsv(a: Assessment): string {
  const gaps = new Set(a.gaps.map((g) => g.control));
  return csvDocument(
    [
      'control',
      'title',
      'family',
      'iso_27400_clause',
      'applies',
      'reason',
      'stakeholders',
      'organisations',
      'stages',
      'status',
      'gap',
      'owner',
      'due',
      'justification',
      'evidence',
      'failed_checks',
      'requirements',
      'risks',
    ],
    a.controls.map((c) => [
      c.id,
      c.title,
      c.family,
      c.clause,
      c.applies,
      c.reason,
      c.stakeholders.map((s) => s.role),
      [...new Set(c.stakeholders.flatMap((s) => s.organisations))],
      c.stages,
      c.status,
      gaps.has(c.id),
      c.owner,
      c.due,
      c.justification,
      evidenceForReaders(c.evidence).map(
        (e) =>
          `${e.id}: ${e.title}${e.kind === 'model' && e.location ? ` (${e.location})` : ''}${e.expired ? ' (expired)' : ''}${e.verdict ? ` [${e.verdict}]` : ''}${e.sha256 ? ` SHA-256 ${e.sha256}` : ''}`,
      ),
      c.evidence.filter((e) => e.verdict === 'FAIL').map((e) => e.id),
      c.requirements,
      c.risks,
    ]),
  );
}

/** The risk register, a line at a time: a row per risk, hundreds of thousands for a fleet. */
export function risksCsv(a: Assessment): Generator<string> {
  const label = (scale: string[], n: number) => scale[n - 1] ?? String(n);
  const rules = rulesById(a);
  return csvLines(
    [
      'risk',
      'title',
      'rule',
      'subject',
      'subject_type',
      'subject_name',
      'location',
      'risk_source',
      'risk_source_clause',
      'clauses',
      'stride',
      'linddun',
      'inherent_likelihood',
      'inherent_impact',
      'inherent_level',
      'residual_likelihood',
      'residual_impact',
      'residual_level',
      'status',
      'treatment',
      'owner',
      'justification',
      'ticket',
      'reviewed',
      'mitigating_controls',
      'requirements',
      'message',
    ],
    a.risks,
    (r) => [
      r.id,
      r.title,
      r.rule,
      r.subject.id,
      r.subject.type,
      r.subject.name,
      formatPosition(r.subject.source),
      rules.get(r.rule)?.riskSource.title,
      r.riskSource.clause,
      r.clauses,
      r.stride,
      r.linddun,
      label(a.riskMatrix.likelihood, r.inherent.likelihood),
      label(a.riskMatrix.impact, r.inherent.impact),
      r.inherent.level,
      label(a.riskMatrix.likelihood, r.residual.likelihood),
      label(a.riskMatrix.impact, r.residual.impact),
      r.residual.level,
      r.status,
      r.treatment?.treatment,
      r.treatment?.owner,
      r.treatment?.justification,
      r.treatment?.ticket,
      r.treatment?.reviewed,
      r.mitigations.map((m) => `${m.control} (${m.status}${m.effective ? ', in effect' : ''})`),
      r.requirements,
      r.message,
    ],
  );
}

export function actionsCsv(a: Assessment): string {
  const controls = new Map(a.controls.map((c) => [c.id, c]));
  return csvDocument(
    [
      'rank',
      'priority',
      'control',
      'title',
      'family',
      'status',
      'owner',
      'due',
      'stakeholders',
      'organisations',
      'stages',
      'open_risks',
      'failed_evidence',
      'requirements',
    ],
    a.gaps.map((g, i) => [
      i + 1,
      g.priority,
      g.control,
      g.title,
      g.family,
      g.status,
      g.owner,
      controls.get(g.control)?.due,
      g.stakeholders.map((s) => s.role),
      [...new Set(g.stakeholders.flatMap((s) => s.organisations))],
      g.stages,
      g.risks.map((r) => `${r.id} (${r.level})`),
      g.failedEvidence,
      g.requirements,
    ]),
  );
}

/**
 * Files start with a UTF-8 byte-order mark: without it Excel, the spreadsheet most auditors open CSV in, reads the
 * file as a legacy code page and garbles every non-ASCII name. (Python reads it with encoding="utf-8-sig".)
 */
const BOM = '\ufeff';

export const csvRenderer: Renderer = {
  format: 'csv',
  description:
    'CSV for spreadsheets: statement of applicability, risk register, action plan, conformance statements per product and coverage',
  render: (a) =>
    [
      { name: 'soa.csv', content: () => soaCsv(a) },
      { name: 'risks.csv', content: () => risksCsv(a) },
      { name: 'actions.csv', content: () => actionsCsv(a) },
      // the statements of every product in scope, in the layout of EN 303 645 Table B.1: the XLSX sheets' rows
      { name: 'statements.csv', content: () => tableCsv(icsTable(icsForms(a))) },
      // each framework over the system: a requirement is supported only where every product in scope supports it
      { name: 'coverage.csv', content: () => tableCsv(coverageTable(a)) },
    ].map(({ name, content }) => ({
      name,
      // each made when its file is written
      content: rereadable(function* () {
        yield BOM;
        yield* pieces(content());
      }),
    })),
};
