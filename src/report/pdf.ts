/**
 * PDF: the auditor's A4 document, made without a browser (pdfkit, pure JavaScript, so it runs wherever Node runs):
 * a cover with the document-control block and provenance, contents, summary, the system diagram (vector graphics,
 * from the same layout as the HTML report's), an implementation conformance statement per product and framework,
 * the statement of applicability, the risk register, privacy and the action plan.
 * Wide tables are on landscape pages with their header repeated; every page is numbered.
 *
 * What it says is worked out first (./pdf/content.ts), then typeset here: the PDF's thread (./pdf-thread.ts) is sent
 * that content, not the assessment.
 *
 * Text is set in embedded DejaVu Sans (./pdf/fonts.ts), so Cyrillic, Greek, accented Latin and arrows print as
 * written; a character it has no glyph for (CJK, for one) is shown as U+FFFD, which the JSON, HTML and XLSX keep.
 */
import PDFDocument from 'pdfkit';
import type { Assessment } from '../assess/assessment.js';
import type { Layout } from './diagram/layout.js';
import type { Block, Orientation, PdfContent, Section } from './pdf/blocks.js';
import {
  type Doc,
  heading,
  landscape,
  MARGIN,
  operatorsAsText,
  paragraph,
  pdfText,
  portrait,
  table,
} from './pdf/common.js';
import { pdfContent } from './pdf/content.js';
import { diagramSceneOf, drawDiagram } from './pdf/diagram.js';
import { BOLD, FONT } from './pdf/fonts.js';
import type { RenderContext, Renderer } from './renderer.js';

function cover(doc: Doc, c: PdfContent['cover']): void {
  doc.font(BOLD).fontSize(22).text(pdfText(c.title), MARGIN, 120);
  doc.moveDown(0.3);
  doc.font(FONT).fontSize(14).text(c.subtitle);
  doc.moveDown(1.5);
  heading(doc, 'Document control', 12);
  table(doc, c.table.headers, c.table.weights, c.table.rows);
}

/** Writes the contents on the page kept for them, once the section pages are known. */
function contents(doc: Doc, page: number, entries: { title: string; page: number }[]): void {
  doc.switchToPage(page);
  doc.y = MARGIN;
  heading(doc, 'Contents');
  const width = doc.page.width - 2 * MARGIN;
  const numberWidth = 30;
  doc.font(FONT).fontSize(9);
  for (const e of entries) {
    // a title that wraps keeps clear of the page numbers' column, its number level with its last line
    doc.text(pdfText(e.title), MARGIN, doc.y, { width: width - numberWidth });
    const next = doc.y;
    doc.text(String(e.page + 1), MARGIN + width - numberWidth, next - doc.currentLineHeight(true), {
      width: numberWidth,
      align: 'right',
    });
    doc.y = next;
  }
}

const NEW_PAGE = { landscape, portrait };

function block(doc: Doc, b: Block): void {
  if ('heading' in b) heading(doc, b.heading, b.size);
  else if ('paragraph' in b) paragraph(doc, b.paragraph, b.size);
  else if ('table' in b) table(doc, b.table.headers, b.table.weights, b.table.rows);
  else NEW_PAGE[b.page](doc);
}

/** Starts a section on a new page, its title as the heading; returns the page, for the contents. */
function begin(doc: Doc, title: string, orientation: Orientation): number {
  NEW_PAGE[orientation](doc);
  const page = doc.bufferedPageRange().count - 1;
  heading(doc, title);
  return page;
}

/** A section; returns the page it starts on. */
async function section(doc: Doc, s: Section, diagramLayout?: Promise<Layout | undefined>): Promise<number> {
  let page: number;
  if ('diagram' in s) {
    const scene = await diagramSceneOf(s.diagram.spec, diagramLayout);
    // the page turned the way the laid-out diagram fits best
    page = begin(doc, s.title, scene.width >= scene.height ? 'landscape' : 'portrait');
    drawDiagram(doc, s.diagram, scene);
  } else page = begin(doc, s.title, s.page);
  for (const b of s.blocks) block(doc, b);
  return page;
}

/**
 * The document information dictionary, its text through the same filter as the body (pdfText): the title a viewer
 * shows is the name printed on the cover, and a control character or a lone surrogate in a name cannot become an
 * invalid string in the file.
 */
function documentInfo(info: PdfContent['info']): PDFKit.DocumentInfo {
  return {
    Title: pdfText(info.title),
    Subject: pdfText(info.subject),
    ...(info.author && { Author: pdfText(info.author) }),
    Creator: info.creator,
    CreationDate: info.created,
  };
}

/** The PDF of `content`; its diagram laid out here unless `diagramLayout` gives the layout made elsewhere. */
export async function typesetPdf(
  content: PdfContent,
  diagramLayout?: Promise<Layout | undefined>,
): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    // the embedded font from the start: pdfkit would otherwise load Helvetica, which cannot show most names
    font: FONT,
    bufferPages: true,
    info: documentInfo(content.info),
  });
  operatorsAsText(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => doc.on('end', resolve));

  cover(doc, content.cover);
  portrait(doc);
  const contentsPage = doc.bufferedPageRange().count - 1;
  const entries: { title: string; page: number }[] = [];
  for (const s of content.sections) entries.push({ title: s.title, page: await section(doc, s, diagramLayout) });

  contents(doc, contentsPage, entries);
  const { count } = doc.bufferedPageRange();
  for (let i = 0; i < count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(FONT)
      .fontSize(7)
      .fillColor('#555')
      .text(pdfText(`${content.footer} - page ${i + 1} of ${count}`), MARGIN, doc.page.height - 24, {
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

export function renderPdf(a: Assessment, context?: RenderContext): Promise<Uint8Array> {
  return typesetPdf(pdfContent(a, context), context?.diagramLayout);
}

export const pdfRenderer: Renderer = {
  format: 'pdf',
  description:
    "an A4 PDF for auditors: cover with provenance, contents, summary, system diagram, each product's conformance statements, statement of applicability, risk register, privacy, action plan",
  render: async (a, context) => [{ name: 'report.pdf', content: await renderPdf(a, context) }],
};
