/** Markdown building blocks shared by the report's sections and other Markdown outputs (diff, SARIF help). */

/** Escapes text for a Markdown table cell or paragraph. */
export function md(text: string | number | undefined): string {
  if (text === undefined) return '';
  return String(text)
    .replace(/\\/g, '\\\\')
    .replace(/[|*_`[\]#]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n?|\n/g, ' ');
}

/** A table of cells already escaped; `_none_` when there are no rows. */
export function table(header: string[], rows: (string | number | undefined)[][]): string {
  if (rows.length === 0) return '_none_\n';
  const line = (cells: (string | number | undefined)[]) =>
    `| ${cells.map((c) => (c === undefined ? '' : String(c))).join(' | ')} |`;
  return `${[line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')}\n`;
}

/** Escaped items joined by commas, shortened with a count of the rest. */
export const list = (items: string[], max = 6) =>
  items.length <= max
    ? items.map(md).join(', ')
    : `${items.slice(0, max).map(md).join(', ')} … (+${items.length - max})`;
