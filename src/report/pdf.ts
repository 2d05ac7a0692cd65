/**
 * PDF: the auditor's A4 document, made without a browser (pdfkit, pure JavaScript, so it runs wherever Node runs):
 * a cover with the document-control block and provenance, contents, summary, the system diagram (vector graphics,
 * from the same layout as the HTML report's), an implementation conformance statement per product and framework,
 * the statement of applicability, the risk register, privacy and the action plan.
 * Wide tables are on landscape pages with their header repeated; every page is numbered.
 *
 * Text is set in embedded DejaVu Sans (./pdf/fonts.ts), so Cyrillic, Greek, accented Latin and arrows print as
 * written; a character it has no glyph for (CJK, for one) is shown as U+FFFD, which the JSON, HTML and XLSX keep.
 */
import PDFDocument from 'pdfkit';
import type { Assessment } from '../assess/assessment.js';
import { formatPosition } from '../util/diagnostics.js';
import {
  cappedTable,
  type Doc,
  heading,
  landscape,
  MARGIN,
  paragraph,
  pdfText,
  portrait,
  table,
} from './pdf/common.js';
import { diagramPages, prepareDiagram } from './pdf/diagram.js';
import { BOLD, FONT } from './pdf/fonts.js';
import { privacyPages } from './pdf/privacy.js';
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
import { frameworkProgress, MAX_TABLE_ROWS, orderedLevels, provenanceRows, shortText, summaryText } from './text.js';

function cover(doc: Doc, a: Assessment): void {
  doc.font(BOLD).fontSize(22).text(pdfText(a.model.name), MARGIN, 120);
  doc.moveDown(0.3);
  doc.font(FONT).fontSize(14).text('IoT security and privacy assessment (ISO/IEC 27400:2022)');
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

/** Each rule's risks counted by residual level (worst first); the rules with most risks first. */
function risksByRule(a: Assessment): (string | number)[][] {
  const levels = orderedLevels(a);
  const counts = new Map<string, Map<string, number>>();
  for (const r of a.risks) {
    const byLevel = counts.get(r.rule) ?? new Map<string, number>();
    byLevel.set(r.residual.level, (byLevel.get(r.residual.level) ?? 0) + 1);
    counts.set(r.rule, byLevel);
  }
  const total = (m: Map<string, number>) => [...m.values()].reduce((s, n) => s + n, 0);
  return a.rules
    .filter((rule) => counts.has(rule.id))
    .map((rule) => ({ rule, byLevel: counts.get(rule.id)! }))
    .sort((x, y) => total(y.byLevel) - total(x.byLevel) || x.rule.id.localeCompare(y.rule.id))
    .map(({ rule, byLevel }) => [rule.id, rule.title, total(byLevel), ...levels.map((l) => byLevel.get(l) ?? 0)]);
}

/**
 * The document information dictionary that viewers, search tools and document systems show. Text from the model goes
 * through the same filter as the body (pdfText), so the title a viewer shows is the name printed on the cover, and a
 * control character or a lone surrogate in a name cannot become an invalid string in the file. The author is who the
 * model names as its organisations (none: no author); iotassure only writes the document (Creator).
 */
export function documentInfo(a: Assessment): PDFKit.DocumentInfo {
  const authors = a.system.organisations.map((o) => o.name).join(', ');
  return {
    Title: pdfText(`${a.model.name} - IoT security and privacy assessment`),
    Subject: pdfText(`ISO/IEC 27400:2022 IoT security and privacy assessment of ${a.model.name}, as of ${a.date}`),
    ...(authors && { Author: pdfText(authors) }),
    Creator: `iotassure ${a.tool.version}`,
    CreationDate: new Date(`${a.date}T00:00:00Z`),
  };
}

export async function renderPdf(a: Assessment, context?: RenderContext): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    // the embedded font from the start: pdfkit would otherwise load Helvetica, which cannot show most names
    font: FONT,
    bufferPages: true,
    info: documentInfo(a),
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

  const diagram = await prepareDiagram(a, context);
  section('System diagram', diagram.landscape ? landscape : portrait);
  diagramPages(doc, a, diagram);

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
  if (a.risks.length > MAX_TABLE_ROWS) {
    paragraph(doc, `${a.risks.length.toLocaleString('en')} risks from ${a.rules.length} rules, by rule:`, 8);
    table(
      doc,
      ['rule', 'risk', 'risks', ...orderedLevels(a)],
      [10, 24, 4, ...orderedLevels(a).map(() => 4)],
      risksByRule(a),
    );
  }
  cappedTable(
    doc,
    { what: 'risks, worst residual first', where: "the XLSX report's risk register, risks.csv and the JSON report" },
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

  section('Privacy', landscape);
  privacyPages(doc, a);

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
      shortText(
        g.risks.map((r) => `${r.id} (${r.level})`),
        12,
      ),
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
      .font(FONT)
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
    "an A4 PDF for auditors: cover with provenance, contents, summary, system diagram, each product's conformance statements, statement of applicability, risk register, privacy, action plan",
  render: async (a, context) => [{ name: 'report.pdf', content: await renderPdf(a, context) }],
};
