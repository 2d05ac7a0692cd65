/**
 * PDF: the auditor's A4 document, made without a browser (pdfkit, pure JavaScript, so it runs wherever Node runs):
 * a cover with the document-control block and provenance, contents, summary, an implementation conformance
 * statement per product and framework, the statement of applicability, the risk register and the action plan.
 * Wide tables are on landscape pages with their header repeated; every page is numbered.
 *
 * The built-in PDF fonts carry Windows-1252 only, so other characters are shown as `?` (arrows and dashes as ASCII);
 * the JSON, HTML and XLSX reports keep every character.
 */
import PDFDocument from 'pdfkit';
import type { Assessment } from '../assess/assessment.js';
import { formatPosition } from '../util/diagnostics.js';
import type { RenderContext, Renderer } from './renderer.js';
import {
  formTitle,
  ICS_HEADERS,
  icsCells,
  icsForms,
  missingJustificationNote,
  SOA_HEADERS,
  soaCells,
  soaRows,
} from './statements.js';
import { frameworkProgress, orderedLevels, provenanceRows, summaryText } from './text.js';

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 36;
/** a cell longer than this is cut, so one row always fits on a page */
const MAX_CELL = 1200;
const SUBSTITUTES: Record<string, string> = {
  '→': '->',
  '←': '<-',
  '↔': '<->',
  '≥': '>=',
  '≤': '<=',
  '§': '§',
  '✓': 'v',
};
// Windows-1252 beyond Latin-1: what the standard fonts can show
const WIN_ANSI = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

/** Text the standard fonts can show: known symbols spelled in ASCII, anything else outside Windows-1252 as `?`. */
export function pdfText(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  const shown = text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text;
  let out = '';
  for (const ch of shown.replace(/\r\n?/g, '\n')) {
    const code = ch.codePointAt(0)!;
    if (SUBSTITUTES[ch]) out += SUBSTITUTES[ch];
    else if (ch === '\n' || ch === '\t') out += ' ';
    else if ((code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI.includes(ch)) out += ch;
    else out += '?';
  }
  return out;
}

const landscape = (doc: Doc) => doc.addPage({ size: 'A4', layout: 'landscape', margin: MARGIN });
const portrait = (doc: Doc) => doc.addPage({ size: 'A4', layout: 'portrait', margin: MARGIN });

function heading(doc: Doc, text: string, size = 14): void {
  doc.font('Helvetica-Bold').fontSize(size).fillColor('#000').text(pdfText(text), MARGIN, doc.y);
  doc.moveDown(0.4);
}

function paragraph(doc: Doc, text: string, size = 9): void {
  doc
    .font('Helvetica')
    .fontSize(size)
    .text(pdfText(text), MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN });
  doc.moveDown(0.3);
}

/**
 * A table over the page width, columns in proportion to `weights`, the header repeated on every page; a row never
 * splits across pages.
 */
function table(doc: Doc, headers: readonly string[], weights: readonly number[], rows: (string | number)[][]): void {
  const size = 6.5;
  const width = doc.page.width - 2 * MARGIN;
  const total = weights.reduce((s, w) => s + w, 0);
  const widths = weights.map((w) => (w / total) * width);
  const pad = 2;
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
  const header = headers.map((h) => pdfText(h));
  const drawHeader = () => draw(header, 'Helvetica-Bold', true);
  drawHeader();
  for (const row of rows) draw(row.map(pdfText), 'Helvetica', false);
  doc.x = MARGIN;
  doc.moveDown(0.6);
}

function cover(doc: Doc, a: Assessment): void {
  doc.font('Helvetica-Bold').fontSize(22).text(pdfText(a.model.name), MARGIN, 120);
  doc.moveDown(0.3);
  doc.font('Helvetica').fontSize(14).text('IoT security and privacy assessment (ISO/IEC 27400:2022)');
  doc.moveDown(1.5);
  heading(doc, 'Document control', 12);
  const rows: [string, string][] = [
    ['system', `${a.model.name}${a.model.id ? ` (${a.model.id})` : ''}`],
    ['scope', `stages ${a.model.stages.join(', ')}; ${a.system.products.map((p) => p.name).join(', ')}`],
    ['assessed as of', a.date],
    ...provenanceRows(a),
  ];
  table(doc, ['item', 'value'], [1, 4], rows);
}

/** Writes the contents on the page kept for them, once the section pages are known. */
function contents(doc: Doc, page: number, entries: { title: string; page: number }[]): void {
  doc.switchToPage(page);
  doc.y = MARGIN;
  heading(doc, 'Contents');
  for (const e of entries) {
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(pdfText(e.title), MARGIN, doc.y, { continued: true, width: doc.page.width - 2 * MARGIN })
      .text(`  ${e.page + 1}`, { align: 'right' });
  }
}

function summary(doc: Doc, a: Assessment): void {
  heading(doc, 'Summary');
  const levels = orderedLevels(a)
    .map((l) => `${a.summary.risks.residual[l] ?? 0} ${l}`)
    .join(', ');
  paragraph(
    doc,
    `${a.summary.risks.total} risks (residual: ${levels}); ${a.summary.controls.applicable} of ${a.summary.controls.total} controls apply; ${a.summary.controls.gaps} gaps; ${a.summary.questions} open questions; ${a.summary.findings} consistency findings.`,
  );
  heading(doc, 'Frameworks', 11);
  for (const c of a.conformance) paragraph(doc, `- ${frameworkProgress(c)}`, 8);
}

export async function renderPdf(a: Assessment, context?: RenderContext): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: pdfText(`${a.model.name} - IoT security and privacy assessment`),
      Creator: `iotassure ${a.tool.version}`,
      CreationDate: new Date(`${a.date}T00:00:00Z`),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => doc.on('end', resolve));

  cover(doc, a);
  portrait(doc);
  const contentsPage = doc.bufferedPageRange().count - 1;
  const entries: { title: string; page: number }[] = [];
  const section = (title: string, start: (d: Doc) => void) => {
    start(doc);
    entries.push({ title, page: doc.bufferedPageRange().count - 1 });
    heading(doc, title);
  };

  portrait(doc);
  entries.push({ title: 'Summary', page: doc.bufferedPageRange().count - 1 });
  summary(doc, a);

  for (const f of icsForms(a)) {
    section(`Implementation conformance statement: ${formTitle(f)}`, landscape);
    paragraph(
      doc,
      `${f.title}, ${f.version} (${f.legalForce}). Product ${f.product.id}, ${f.scope}. ${summaryText(f.summary)}.`,
      8,
    );
    paragraph(doc, 'Status: M mandatory, R recommended, C conditional (conditions below).', 7);
    table(doc, ICS_HEADERS, [5, 18, 4, 6, 6, 20, 14, 16, 10], f.rows.map(icsCells));
    if (f.conditions.length > 0)
      paragraph(doc, `Conditions: ${f.conditions.map((c) => `${c.id}: ${c.title} (${c.holds})`).join('; ')}.`, 7);
    const note = missingJustificationNote(f);
    if (note) paragraph(doc, note, 8);
  }

  section('Statement of applicability', landscape);
  table(doc, SOA_HEADERS, [10, 4, 9, 16, 4, 7, 14, 9, 7, 6, 14, 5, 4], soaRows(a, context).map(soaCells));

  section('Risk register', landscape);
  table(
    doc,
    ['risk', 'where', 'inherent', 'residual', 'status', 'controls', 'detail'],
    [12, 10, 5, 5, 6, 18, 24],
    a.risks.map((r) => [
      r.title,
      `${r.subject.id} (${formatPosition(r.subject.source)})`,
      r.inherent.level,
      r.residual.level,
      r.status,
      r.mitigations.map((m) => `${m.control} (${m.status})`).join(', '),
      r.message,
    ]),
  );

  section('Action plan', landscape);
  table(
    doc,
    ['priority', 'control', 'status', 'owner', 'owed by', 'open risks', 'satisfies'],
    [5, 16, 7, 8, 8, 18, 18],
    a.gaps.map((g) => [
      g.priority,
      `${g.control}: ${g.title}`,
      g.status,
      g.owner ?? '',
      g.stakeholders.map((s) => s.role).join(', '),
      g.risks.map((r) => `${r.id} (${r.level})`).join(', '),
      g.requirements.join(', '),
    ]),
  );

  contents(doc, contentsPage, entries);
  const { count } = doc.bufferedPageRange();
  for (let i = 0; i < count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor('#555')
      .text(pdfText(`${a.model.name} - ${a.date} - page ${i + 1} of ${count}`), MARGIN, doc.page.height - 24, {
        width: doc.page.width - 2 * MARGIN,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

export const pdfRenderer: Renderer = {
  format: 'pdf',
  description:
    "an A4 PDF for auditors: cover with provenance, contents, summary, each product's conformance statements, statement of applicability, risk register, action plan",
  render: async (a, context) => [{ name: 'report.pdf', content: await renderPdf(a, context) }],
};
