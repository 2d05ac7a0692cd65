/**
 * What the PDF prints, as plain data: headings, paragraphs and tables in order, grouped in sections that each start
 * a page. Worked out from the assessment before any typesetting (./content.ts), typeset by ../pdf.ts. Tables of a
 * fleet are capped (MAX_TABLE_ROWS), so the whole content is a few thousand rows whatever the fleet's size: it is
 * what the PDF's thread is sent, where a copy of the assessment grew with the fleet.
 *
 * Text is as the model and the assessment have it; the typesetter filters it for the fonts (pdfText).
 */
import type { DiagramSpec } from '../diagram/model.js';
import { capList, MAX_TABLE_ROWS } from '../text.js';

export type Orientation = 'landscape' | 'portrait';

export interface Table {
  headers: readonly string[];
  /** column widths in proportion (widened to a column's longest word) */
  weights: readonly number[];
  rows: (string | number)[][];
}

/** A heading (14 pt unless sized), a paragraph (9 pt unless sized), a table, or a new page. */
export type Block =
  | { heading: string; size?: number }
  | { paragraph: string; size?: number }
  | { table: Table }
  | { page: Orientation };

/** The system diagram: the spec it is laid out from, and the text set above and below it. */
export interface DiagramContent {
  spec: DiagramSpec;
  description: string;
  note: string;
}

/**
 * A section: a new page with the section's title as its heading and an entry in the contents. The diagram's section
 * starts on the page orientation the laid-out diagram fits best, with the diagram under its heading.
 */
export type Section = { title: string; blocks: Block[] } & ({ page: Orientation } | { diagram: DiagramContent });

export interface PdfContent {
  /** the document information dictionary (title, subject and author as the model has them) */
  info: { title: string; subject: string; author?: string; creator: string; created: Date };
  cover: { title: string; subtitle: string; table: Table };
  sections: Section[];
  /** the start of each page's footer, before its page number */
  footer: string;
}

/**
 * A table of at most MAX_TABLE_ROWS rows (the first `items`: callers order them worst first), followed, when items
 * were left out, by a note that says how many and where the complete list is (`where`, e.g. "the JSON report").
 * Only the rows shown are made.
 */
export function cappedTable<T>(
  itemsAre: { what: string; where: string },
  headers: readonly string[],
  weights: readonly number[],
  items: T[],
  row: (item: T) => (string | number)[],
): Block[] {
  const { rows: shown, cut } = capList(items, itemsAre.what, MAX_TABLE_ROWS, itemsAre.where);
  const table: Block = { table: { headers, weights, rows: shown.map(row) } };
  return cut ? [table, { paragraph: `${cut}.`, size: 8 }] : [table];
}
