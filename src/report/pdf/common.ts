/**
 * What every part of the PDF uses: the page margin, the embedded fonts and the text they can show, pages in either
 * orientation, headings, paragraphs and a table that repeats its header and never splits a row across pages.
 */
import type PDFDocument from 'pdfkit';
import { capList, MAX_TABLE_ROWS } from '../text.js';
import { BOLD, FONT, shownCodePoints } from './fonts.js';

export type Doc = InstanceType<typeof PDFDocument>;

export const MARGIN = 36;
/** a cell longer than this is cut, so one row always fits on a page */
const MAX_CELL = 1200;
/**
 * What stands for a character the fonts cannot draw (CJK, for one): the Unicode replacement character, drawn and
 * extracted as itself. Left as is, such a character is drawn as an empty box and extracted as nothing at all.
 */
export const NOT_SHOWN = '\uFFFD';
// C0 and C1 controls and DEL: hostile or broken input, never meant to be drawn. Also the bidirectional embeddings,
// overrides and isolates: the PDF draws text left to right as stored, but a viewer's title bar or a copy into another
// program would apply them and show a name reversed (U+202E makes "fdp.exe" read "exe.pdf").
const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/**
 * Text as the PDF shows it: line breaks and tabs as spaces, cut at MAX_CELL, and every control character, lone
 * surrogate or character without a glyph in both fonts as NOT_SHOWN.
 */
export function pdfText(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  const shown = text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text;
  const glyphs = shownCodePoints();
  let out = '';
  for (const ch of shown.replace(/\r\n?|[\n\t]/g, ' ')) {
    out += CONTROL.test(ch) || !glyphs.has(ch.codePointAt(0)!) ? NOT_SHOWN : ch;
  }
  return out;
}

export const landscape = (doc: Doc) => doc.addPage({ size: 'A4', layout: 'landscape', margin: MARGIN });
export const portrait = (doc: Doc) => doc.addPage({ size: 'A4', layout: 'portrait', margin: MARGIN });

export function heading(doc: Doc, text: string, size = 14): void {
  doc.font(BOLD).fontSize(size).fillColor('#000').text(pdfText(text), MARGIN, doc.y);
  doc.moveDown(0.4);
}

export function paragraph(doc: Doc, text: string, size = 9): void {
  doc
    .font(FONT)
    .fontSize(size)
    .text(pdfText(text), MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN });
  doc.moveDown(0.3);
}

const CELL_SIZE = 6.5;
const CELL_PAD = 2;
/** a word wider than this (a URL, a hash) may break: keeping it whole would starve the other columns */
const MAX_WORD = 72;

/** The widest piece of `text` that a line cannot break inside: words, and parts of words joined by - or /. */
function widestWord(doc: Doc, font: string, text: string): number {
  doc.font(font).fontSize(CELL_SIZE);
  return Math.max(0, ...text.split(/\s+|(?<=[-/])/).map((w) => doc.widthOfString(w)));
}

/**
 * Column widths over `width` in proportion to `weights`, except that a column whose share is narrower than its
 * widest word (capped at MAX_WORD) gets that width, so a word like "decommissioning" or a header like "applies" is not
 * broken mid-word; the other columns share what is left. Plain proportions when even that does not fit.
 */
function columnWidths(doc: Doc, header: string[], rows: string[][], weights: readonly number[], width: number) {
  const need = weights.map(
    (_, i) =>
      Math.min(
        MAX_WORD,
        Math.max(widestWord(doc, BOLD, header[i] ?? ''), ...rows.map((r) => widestWord(doc, FONT, r[i] ?? ''))),
      ) +
      2 * CELL_PAD,
  );
  const kept = new Set<number>();
  for (;;) {
    const free = width - [...kept].reduce((s, i) => s + need[i]!, 0);
    const share = weights.reduce((s, w, i) => (kept.has(i) ? s : s + w), 0);
    const widths = weights.map((w, i) => (kept.has(i) ? need[i]! : (w / share) * free));
    const short = widths.flatMap((w, i) => (!kept.has(i) && w < need[i]! ? [i] : []));
    if (short.length === 0) return widths;
    if (short.length + kept.size === weights.length) {
      const total = weights.reduce((s, w) => s + w, 0);
      return weights.map((w) => (w / total) * width);
    }
    for (const i of short) kept.add(i);
  }
}

/**
 * A table over the page width, columns in proportion to `weights` (widened to their longest word), the header
 * repeated on every page; a row never splits across pages.
 */
export function table(
  doc: Doc,
  headers: readonly string[],
  weights: readonly number[],
  rows: (string | number)[][],
): void {
  const size = CELL_SIZE;
  const pad = CELL_PAD;
  const header = headers.map((h) => pdfText(h));
  const cells = rows.map((row) => row.map(pdfText));
  const width = doc.page.width - 2 * MARGIN;
  const widths = columnWidths(doc, header, cells, weights, width);
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 2 * pad }))) + 2 * pad;
  };
  const draw = (cells: string[], font: string, shade: boolean) => {
    const h = rowHeight(cells, font);
    if (doc.y + h > doc.page.height - MARGIN - 14) {
      landscape(doc);
      drawHeader();
    }
    const y = doc.y;
    if (shade) doc.rect(MARGIN, y, width, h).fill('#e8ecf2').fillColor('#000');
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc
        .font(font)
        .fontSize(size)
        .fillColor('#000')
        .text(c, x + pad, y + pad, { width: widths[i]! - 2 * pad });
      x += widths[i]!;
    });
    doc
      .moveTo(MARGIN, y + h)
      .lineTo(MARGIN + width, y + h)
      .lineWidth(0.3)
      .strokeColor('#b0b8c4')
      .stroke();
    doc.y = y + h;
  };
  const drawHeader = () => draw(header, BOLD, true);
  drawHeader();
  for (const row of cells) draw(row, FONT, false);
  doc.x = MARGIN;
  doc.moveDown(0.6);
}

/**
 * A table of at most MAX_TABLE_ROWS rows (the first ones: callers order them worst first), followed, when rows were
 * left out, by a note that says how many and where the complete list is (`where`, e.g. "the JSON report").
 */
export function cappedTable(
  doc: Doc,
  rowsOf: { what: string; where: string },
  headers: readonly string[],
  weights: readonly number[],
  rows: (string | number)[][],
): void {
  const { rows: shown, cut } = capList(rows, rowsOf.what, MAX_TABLE_ROWS, rowsOf.where);
  table(doc, headers, weights, shown);
  if (cut) paragraph(doc, `${cut}.`, 8);
}
