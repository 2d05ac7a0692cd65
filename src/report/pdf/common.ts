/**
 * What every part of the PDF uses: the page margin, the embedded fonts and the text they can show, pages in either
 * orientation, headings, paragraphs and a table that repeats its header and never splits a row across pages.
 */
import type PDFDocument from 'pdfkit';
import { getOrCreate } from '../../util/maps.js';
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
  const shown = (text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text).replace(/\r\n?|[\n\t]/g, ' ');
  // most text is printable ASCII, which both fonts draw: no need to look at it a character at a time
  if (PRINTABLE_ASCII.test(shown) && asciiShown()) return shown;
  const glyphs = shownCodePoints();
  let out = '';
  for (const ch of shown) out += CONTROL.test(ch) || !glyphs.has(ch.codePointAt(0)!) ? NOT_SHOWN : ch;
  return out;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
let asciiIsShown: boolean | undefined;
/** Whether both fonts have a glyph for every printable ASCII character (DejaVu Sans has). */
function asciiShown(): boolean {
  if (asciiIsShown === undefined) {
    const glyphs = shownCodePoints();
    asciiIsShown = Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i).every((c) => glyphs.has(c));
  }
  return asciiIsShown;
}

/**
 * The part of a pdfkit page that takes its drawing operators: `write` is where `addContent` sends each one (as a
 * string) and `end` writes the page out. Not in pdfkit's types; test/report-pdf.test.ts checks the document is the
 * same bytes as pdfkit makes on its own.
 */
interface PageContent {
  write(chunk: string | Uint8Array): unknown;
  end(): unknown;
}

/**
 * Keeps each page's drawing operators as text until the page is written out, as one byte array. pdfkit turns every
 * operator into a byte array of its own as it is added (tens of thousands in a fleet's PDF), and most outlive many
 * collections, since pages are buffered until the end for their numbers: at 10 000 elements the PDF's thread spent
 * 745 ms collecting garbage with them and 525 ms without. The bytes are the same: each operator and a line break, one
 * byte per character.
 */
export function operatorsAsText(doc: Doc): void {
  const keep = (page: PageContent) => {
    const write = page.write.bind(page);
    const end = page.end.bind(page);
    let text: string[] = [];
    const flush = () => {
      if (text.length > 0) write(Buffer.from(text.join(''), 'latin1'));
      text = [];
    };
    page.write = (chunk) => {
      if (typeof chunk === 'string') return text.push(`${chunk}\n`);
      flush();
      return write(chunk);
    };
    page.end = () => {
      flush();
      return end();
    };
  };
  keep(doc.page as unknown as PageContent);
  doc.on('pageAdded', () => keep(doc.page as unknown as PageContent));
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

/** The pieces of `text` that a line cannot break inside: words, and parts of words joined by - or /. */
const unbreakable = (text: string) => text.split(/\s+|(?<=[-/])/);

/**
 * The width of the widest of `words` in `font`, capped at MAX_WORD. Each distinct word is measured once, the longest
 * first, and none after one reaches the cap: the same result as measuring them all, for less of the costly part.
 */
function widestWord(doc: Doc, font: string, words: string[]): number {
  doc.font(font).fontSize(CELL_SIZE);
  let widest = 0;
  for (const word of [...new Set(words)].sort((x, y) => y.length - x.length)) {
    widest = Math.max(widest, doc.widthOfString(word));
    if (widest >= MAX_WORD) return MAX_WORD;
  }
  return widest;
}

/** The most a column's widest word can ask for. */
const MAX_NEED = MAX_WORD + 2 * CELL_PAD;

/**
 * Column widths over `width` in proportion to `weights`, except that a column whose share is narrower than its
 * widest word (capped at MAX_WORD) gets that width, so a word like "decommissioning" or a header like "applies" is not
 * broken mid-word; the other columns share what is left. Plain proportions when even that does not fit.
 *
 * Measuring words is most of the cost of a PDF (fontkit shapes each new piece of text), and the wide columns hold
 * most of the words: so a column's widest word is measured only once its share falls below MAX_NEED, the most any
 * column can need. A share at or above that is never short, whatever the column holds, so the widths are the same.
 */
function columnWidths(doc: Doc, header: string[], rows: string[][], weights: readonly number[], width: number) {
  const measured = new Map<number, number>();
  const need = (i: number) => {
    let n = measured.get(i);
    if (n === undefined) {
      const words = rows.flatMap((r) => unbreakable(r[i] ?? ''));
      n = Math.max(widestWord(doc, BOLD, unbreakable(header[i] ?? '')), widestWord(doc, FONT, words)) + 2 * CELL_PAD;
      measured.set(i, n);
    }
    return n;
  };
  const isShort = (share: number, i: number) => share < MAX_NEED && share < need(i);
  const kept = new Set<number>();
  for (;;) {
    const free = width - [...kept].reduce((s, i) => s + need(i), 0);
    const share = weights.reduce((s, w, i) => (kept.has(i) ? s : s + w), 0);
    const widths = weights.map((w, i) => (kept.has(i) ? need(i) : (w / share) * free));
    const short = widths.flatMap((w, i) => (!kept.has(i) && isShort(w, i) ? [i] : []));
    if (short.length === 0) return widths;
    if (short.length + kept.size === weights.length) {
      const total = weights.reduce((s, w) => s + w, 0);
      return weights.map((w) => (w / total) * width);
    }
    for (const i of short) kept.add(i);
  }
}

/** A line of a cell as pdfkit's line wrapper sets it: its text, and the width and word count it measured. */
interface Line {
  text: string;
  textWidth: number;
  wordCount: number;
}

/**
 * pdfkit's text layout and drawing as its own `text(text, x, y, { width })` runs them, in two steps: `_text` wraps a
 * text and calls `line` with each line and what it measured of it, where `text` would call `_line`, which draws it
 * with `_fragment` and moves y down a line. Not in pdfkit's types: test/report-pdf.test.ts checks that text drawn
 * this way makes the same pages as `text`, so a pdfkit that changes either fails there.
 */
interface TextLayout {
  _text(
    text: string,
    x: number,
    y: number,
    options: PDFKit.Mixins.TextOptions,
    line: (text: string, measured: Omit<Line, 'text'>) => void,
  ): void;
  _fragment(text: string, x: number, y: number, options: Omit<Line, 'text'>): void;
  /** the current font: its resource name, ascender (in thousandths of the size) and page resource */
  _font: { id: string; ascender: number; ref(): unknown };
  _fontSize: number;
}
const layout = (doc: Doc) => doc as unknown as TextLayout;

/** The lines each text wraps to, by font, size and width: tables repeat their cells, within and across tables. */
const wrapped = new WeakMap<Doc, Map<string, Line[]>>();

/**
 * The lines `text` wraps to within `width` in `font` at `size` (the current font and size), as pdfkit's
 * `text(text, { width })` draws them; each distinct text is wrapped once per document rather than once per cell.
 */
export function wrappedLines(doc: Doc, font: string, size: number, width: number, text: string): Line[] {
  const cache = getOrCreate(wrapped, doc, () => new Map<string, Line[]>());
  const key = `${font}\u0000${size}\u0000${width}\u0000${text}`;
  let lines = cache.get(key);
  if (lines === undefined) {
    const found: Line[] = [];
    const { x, y } = doc;
    // as heightOfString: no height limit, so the layout never breaks to another page
    layout(doc)._text(text, x, y, { width, height: Number.POSITIVE_INFINITY }, (line, { textWidth, wordCount }) =>
      found.push({ text: line, textWidth, wordCount }),
    );
    Object.assign(doc, { x, y });
    lines = found;
    cache.set(key, lines);
  }
  return lines;
}

/**
 * The y below `lines` lines set from `y`: pdfkit adds the line height to y once per line, and this adds it the same
 * way, so it is the same number to the last bit.
 */
function below(doc: Doc, y: number, lines: number): number {
  const lineHeight = doc.currentLineHeight(true);
  let bottom = y;
  for (let i = 0; i < lines; i++) bottom += lineHeight;
  return bottom;
}

/** Draws a cell's lines from (x, y) as pdfkit's `text` with a width would, without wrapping the text again. */
export function drawLines(doc: Doc, lines: Line[], x: number, y: number): void {
  const lineHeight = doc.currentLineHeight(true);
  const shown = getOrCreate(showings, doc, () => new Map<string, string | null>());
  const { _font: font, _fontSize: size } = layout(doc);
  let top = y;
  for (const { text, ...measured } of lines) {
    const key = `${font.id}\u0000${size}\u0000${text}`;
    const showing = shown.get(key);
    const draw = () => layout(doc)._fragment(text, x, top, measured);
    if (showing === undefined) shown.set(key, showingOf(doc, x, top, draw));
    else if (showing === null) draw();
    else showLine(doc, x, top, showing);
    top += lineHeight;
  }
}

/**
 * What pdfkit's `_fragment` draws for a line, by font, size and text, once it has drawn it: the operators that show its
 * glyphs, or null when it positions glyphs one by one (then it draws the line each time). A fleet's tables draw the
 * same lines again and again (at 10 000 elements, 71 000 lines of which 15 000 differ), and each time pdfkit would
 * shape the text again and build the same operators: about a quarter of the PDF's time (CPU profiles).
 */
const showings = new WeakMap<Doc, Map<string, string | null>>();

/** A number as pdfkit writes it in a page (PDFObject.number). */
const pdfNumber = (n: number) => Math.round(n * 1e6) / 1e6;

/** The operators before a line's glyphs, as `_fragment` writes them for a line set at (x, y) in the current font. */
function lineStart(doc: Doc, x: number, y: number): string[] {
  const { _font: font, _fontSize: size } = layout(doc);
  const { height } = doc.page;
  const baseline = height - y - (font.ascender / 1000) * size;
  return [
    'q',
    `1 0 0 -1 0 ${pdfNumber(height)} cm`,
    'BT',
    `1 0 0 1 ${pdfNumber(x)} ${pdfNumber(baseline)} Tm`,
    `/${font.id} ${pdfNumber(size)} Tf`,
  ];
}
const LINE_END = ['ET', 'Q'];

/**
 * Runs `draw` (a `_fragment` at x, y) and returns the operators that showed its glyphs: null unless what it wrote is
 * exactly lineStart, TJ operators and the end, so a line is only ever repeated as pdfkit drew it here.
 */
function showingOf(doc: Doc, x: number, y: number, draw: () => void): string | null {
  const page = doc.page as unknown as PageContent;
  const write = page.write;
  const written: string[] = [];
  page.write = (chunk) => {
    if (typeof chunk === 'string') written.push(chunk);
    return write.call(page, chunk);
  };
  try {
    draw();
  } finally {
    page.write = write;
  }
  const start = lineStart(doc, x, y);
  const glyphs = written.slice(start.length, written.length - LINE_END.length);
  const framed =
    written.length > start.length + LINE_END.length &&
    start.every((op, i) => written[i] === op) &&
    LINE_END.every((op, i) => written[written.length - LINE_END.length + i] === op) &&
    glyphs.every((op) => op.endsWith(' TJ'));
  return framed ? glyphs.join('\n') : null;
}

/** Draws a line pdfkit drew before (its `showing`), at (x, y). */
function showLine(doc: Doc, x: number, y: number, showing: string): void {
  const { _font: font } = layout(doc);
  const fonts = (doc.page as unknown as { fonts: Record<string, unknown> }).fonts;
  fonts[font.id] ??= font.ref();
  doc.addContent([...lineStart(doc, x, y), showing, ...LINE_END].join('\n'));
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
  const draw = (cells: string[], font: string, shade: boolean) => {
    doc.font(font).fontSize(size);
    const lines = cells.map((c, i) => wrappedLines(doc, font, size, widths[i]! - 2 * pad, c));
    const h = below(doc, doc.y, Math.max(...lines.map((l) => l.length))) - doc.y + 2 * pad;
    if (doc.y + h > doc.page.height - MARGIN - 14) {
      landscape(doc);
      drawHeader();
    }
    const y = doc.y;
    if (shade) doc.rect(MARGIN, y, width, h).fill('#e8ecf2');
    // once per row, not per cell: each colour is an operator in the page (the header above may have changed the font)
    doc.font(font).fontSize(size).fillColor('#000');
    let x = MARGIN;
    lines.forEach((cell, i) => {
      drawLines(doc, cell, x + pad, y + pad);
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
