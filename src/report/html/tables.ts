/**
 * Accessible data tables: a caption, column headers with scope, an optional row-header column, and the data
 * attributes the inline script uses to add sorting and filtering (the table reads fine without the script).
 */
import { esc } from './escape.js';

export interface Column<T> {
  /** plain text; escaped here */
  header: string;
  /** the cell's HTML; the caller escapes model text */
  cell: (row: T) => string;
  /** a sort key when the text would sort wrongly (levels, numbers) */
  sortKey?: (row: T) => string | number;
  /** values offered by a drop-down filter for this column; a cell may hold several */
  filterValues?: (row: T) => string[];
  /** the column that names the row (a `th scope="row"`) */
  rowHeader?: boolean;
  className?: string;
}

export interface TableSpec<T> {
  id: string;
  /** plain text; escaped here */
  caption: string;
  columns: Column<T>[];
  rows: T[];
  /** an anchor id for a row, already safe */
  rowId?: (row: T, index: number) => string | undefined;
  /** false for small fixed tables that need no sorting or filtering */
  interactive?: boolean;
  /** HTML shown after the table (e.g. a note that rows were capped) */
  note?: string;
  /** shown instead of an empty table */
  empty?: string;
}

export function dataTable<T>(spec: TableSpec<T>): string {
  if (spec.rows.length === 0) {
    return `<p class="empty" id="${esc(spec.id)}-empty">${esc(spec.empty ?? `${spec.caption}: none.`)}</p>`;
  }
  const interactive = spec.interactive !== false;
  const head = spec.columns.map((c) => headerCell(c, interactive)).join('');
  const body = spec.rows.map((row, i) => tableRow(spec, row, i)).join('\n');
  return (
    `<div class="table-wrap"><table id="${esc(spec.id)}" class="data"${interactive ? ' data-table' : ''}>` +
    `<caption>${esc(spec.caption)}</caption>` +
    `<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>${spec.note ?? ''}`
  );
}

function headerCell<T>(c: Column<T>, interactive: boolean): string {
  const filter = interactive && c.filterValues ? ' data-filter="select"' : '';
  const cls = c.className ? ` class="${esc(c.className)}"` : '';
  return `<th scope="col"${cls}${filter}>${esc(c.header)}</th>`;
}

function tableRow<T>(spec: TableSpec<T>, row: T, index: number): string {
  const id = spec.rowId?.(row, index);
  const cells = spec.columns.map((c) => bodyCell(c, row)).join('');
  return `<tr${id ? ` id="${esc(id)}"` : ''}>${cells}</tr>`;
}

function bodyCell<T>(c: Column<T>, row: T): string {
  const tag = c.rowHeader ? 'th' : 'td';
  const attrs = [
    c.rowHeader ? ' scope="row"' : '',
    c.className ? ` class="${esc(c.className)}"` : '',
    c.sortKey ? ` data-sort="${esc(c.sortKey(row))}"` : '',
    c.filterValues ? ` data-values="${esc(c.filterValues(row).join('|'))}"` : '',
  ].join('');
  return `<${tag}${attrs}>${c.cell(row)}</${tag}>`;
}

/** A small two-column key/value list as a description list. */
export function facts(items: [string, string][]): string {
  return `<dl class="facts">${items.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}
