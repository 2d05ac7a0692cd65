/** Markdown building blocks shared by the report's sections and other Markdown outputs (diff, SARIF help). */

/** A character md() changes: text without one is already escaped (most of a fleet's cells). */
const MARKDOWN_SPECIAL = /[\\|*_`[\]#<>\r\n]/;

/** Escapes text for a Markdown table cell or paragraph. */
export function md(text: string | number | undefined): string {
  if (text === undefined) return '';
  const plain = String(text);
  if (!MARKDOWN_SPECIAL.test(plain)) return plain;
  return plain
    .replace(/\\/g, '\\\\')
    .replace(/[|*_`[\]#]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n?|\n/g, ' ');
}

type Cell = string | number | undefined;

const tableLine = (cells: readonly Cell[]) =>
  `| ${cells.map((c) => (c === undefined ? '' : String(c))).join(' | ')} |\n`;

/**
 * A table, a line at a time, each row's cells (already escaped) made as its line is: a fleet's risk register is
 * hundreds of thousands of rows. `_none_` when there are no rows.
 */
export function* tableLines<T>(header: string[], rows: readonly T[], cellsOf: (row: T) => Cell[]): Generator<string> {
  if (rows.length === 0) {
    yield '_none_\n';
    return;
  }
  yield tableLine(header) + tableLine(header.map(() => '---'));
  for (const row of rows) yield tableLine(cellsOf(row));
}

/** A table of cells already escaped; `_none_` when there are no rows. */
export const table = (header: string[], rows: Cell[][]): string => [...tableLines(header, rows, (row) => row)].join('');

/** Escaped items joined by commas, shortened with a count of the rest. */
export const list = (items: string[], max = 6) =>
  items.length <= max
    ? items.map(md).join(', ')
    : `${items.slice(0, max).map(md).join(', ')} … (+${items.length - max})`;
