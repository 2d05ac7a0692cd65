/**
 * The system diagram in the PDF: the same layout and scene as the HTML report's SVG (src/report/diagram/), drawn
 * with pdfkit's vector operators and real text, scaled to fit one A4 page (landscape when the diagram is wider than
 * tall), with its legend under it. The tables that follow a detailed diagram are content like any other
 * (./content.ts).
 */
import { diagramLayout } from '../diagram/elk.js';
import type { Layout } from '../diagram/layout.js';
import type { DiagramSpec } from '../diagram/model.js';
import { diagramScene, LEGEND_SAMPLE, legendEntries, type Paint, type Scene, type Shape } from '../diagram/scene.js';
import type { DiagramContent } from './blocks.js';
import { type Doc, MARGIN, paragraph, pdfText } from './common.js';
import { BOLD, FONT } from './fonts.js';

function applyPaint(doc: Doc, p: Paint): 'fill' | 'stroke' | 'both' | undefined {
  if (p.dash) doc.dash(p.dash[0]!, { space: p.dash[1] ?? p.dash[0]! });
  else doc.undash();
  if (p.stroke) doc.lineWidth(p.strokeWidth ?? 1).strokeColor(p.stroke);
  if (p.fill) doc.fillColor(p.fill).fillOpacity(p.fillOpacity ?? 1);
  if (p.fill && p.stroke) return 'both';
  return p.fill ? 'fill' : p.stroke ? 'stroke' : undefined;
}

function finish(doc: Doc, how: 'fill' | 'stroke' | 'both' | undefined): void {
  if (how === 'both') doc.fillAndStroke();
  else if (how === 'fill') doc.fill();
  else if (how === 'stroke') doc.stroke();
  doc.fillOpacity(1).undash();
}

/**
 * The layout sizes nodes and labels by an estimate of how wide their text is; DejaVu Sans is about 13 % wider than
 * that (and than Helvetica, measured on the camera example's diagram), so its text is set smaller to stay inside its
 * boxes. Its larger x-height keeps it as legible.
 */
const TEXT_SCALE = 0.87;

/** One scene primitive, in scene coordinates (the caller sets the transform). */
function drawShape(doc: Doc, s: Shape): void {
  switch (s.type) {
    case 'rect': {
      const how = applyPaint(doc, s.paint);
      doc.roundedRect(s.box.x, s.box.y, s.box.width, s.box.height, s.radius);
      finish(doc, how);
      return;
    }
    case 'polyline':
    case 'polygon': {
      const how = applyPaint(doc, s.paint);
      doc.lineJoin('round');
      const [first, ...rest] = s.points;
      if (!first) return;
      doc.moveTo(first.x, first.y);
      for (const p of rest) doc.lineTo(p.x, p.y);
      if (s.type === 'polygon') doc.closePath();
      finish(doc, how);
      return;
    }
    case 'text': {
      const t = pdfText(s.text);
      const f = s.font;
      doc.font(f.bold ? BOLD : FONT).fontSize(f.size * TEXT_SCALE);
      const width = doc.widthOfString(t);
      const x = f.anchor === 'middle' ? s.x - width / 2 : s.x;
      // the halo of SVG text: a background patch, so a line under the text does not hide it
      if (f.halo)
        doc
          .rect(x - 1, s.y - f.size * 0.8, width + 2, f.size)
          .fillColor(f.halo)
          .fill();
      doc.fillColor(f.colour).text(t, x, s.y, { baseline: 'alphabetic', lineBreak: false });
    }
  }
}

const LEGEND_SIZE = 7.5;
/** legend samples are drawn smaller than on screen, to sit with 7.5 pt text */
const LEGEND_SCALE = 0.7;
const SAMPLE_WIDTH = LEGEND_SAMPLE.width * LEGEND_SCALE;
const LEGEND_ROW = LEGEND_SAMPLE.height * LEGEND_SCALE + 5;

/** Legend entries placed in rows across `width`; returns each entry's position and the height taken. */
function legendPlacement(doc: Doc, spec: DiagramSpec, width: number) {
  doc.font(FONT).fontSize(LEGEND_SIZE);
  let x = 0;
  let y = 0;
  const placed = legendEntries(spec).map((entry) => {
    const text = pdfText(entry.text);
    const w = SAMPLE_WIDTH + 4 + doc.widthOfString(text) + 14;
    if (x > 0 && x + w > width) {
      x = 0;
      y += LEGEND_ROW;
    }
    const at = { x, y, entry, text };
    x += w;
    return at;
  });
  return { placed, height: y + LEGEND_ROW };
}

function drawLegend(doc: Doc, spec: DiagramSpec, left: number, top: number, width: number): void {
  for (const { x, y, entry, text } of legendPlacement(doc, spec, width).placed) {
    doc
      .save()
      .translate(left + x, top + y)
      .scale(LEGEND_SCALE);
    for (const s of entry.sample) drawShape(doc, s);
    doc.restore();
    doc
      .font(FONT)
      .fontSize(LEGEND_SIZE)
      .fillColor('#1a1f2b')
      .text(text, left + x + SAMPLE_WIDTH + 4, top + y + LEGEND_SAMPLE.height * LEGEND_SCALE - 2.5, {
        baseline: 'alphabetic',
        lineBreak: false,
      });
  }
}

/** The scene scaled (never enlarged) into the box, centred across it, with every item in paint order; its height. */
function drawScene(doc: Doc, scene: Scene, box: { x: number; y: number; width: number; height: number }): number {
  const scale = Math.min(1, box.width / scene.width, box.height / scene.height);
  doc.save();
  doc.translate(box.x + (box.width - scene.width * scale) / 2, box.y).scale(scale);
  for (const item of scene.items) for (const s of item.shapes) drawShape(doc, s);
  doc.restore();
  return scene.height * scale;
}

/** The diagram laid out and drawn as a scene; it fits a landscape page best when it is at least as wide as tall. */
export async function diagramSceneOf(spec: DiagramSpec, made?: Promise<Layout | undefined>): Promise<Scene> {
  return diagramScene(spec, await diagramLayout(spec, made));
}

/** The diagram under its section's heading: its description, the scene, its legend and how it was drawn. */
export function drawDiagram(doc: Doc, d: DiagramContent, scene: Scene): void {
  paragraph(doc, d.description, 8);
  const width = doc.page.width - 2 * MARGIN;
  const legend = legendPlacement(doc, d.spec, width);
  const noteHeight = doc.font(FONT).fontSize(7).heightOfString(pdfText(d.note), { width }) + 4;
  // the diagram takes what the legend, the note and the page number leave
  const top = doc.y + 4;
  const room = doc.page.height - MARGIN - 16 - noteHeight - legend.height - 8 - top;
  const drawnHeight = drawScene(doc, scene, { x: MARGIN, y: top, width, height: room });
  drawLegend(doc, d.spec, MARGIN, top + drawnHeight + 8, width);
  doc.x = MARGIN;
  doc.y = top + drawnHeight + 8 + legend.height + 4;
  paragraph(doc, d.note, 7);
}
