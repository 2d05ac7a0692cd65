/** The registry of report formats. */
import { csvRenderer } from './csv.js';
import { htmlRenderer } from './html.js';
import { jsonRenderer } from './json.js';
import { markdownRenderer } from './markdown.js';
import { oscalRenderer } from './oscal.js';
import { pdfRenderer } from './pdf.js';
import type { Renderer } from './renderer.js';
import { sarifRenderer } from './sarif.js';
import { xlsxRenderer } from './xlsx.js';

export const RENDERERS: readonly Renderer[] = [
  jsonRenderer,
  markdownRenderer,
  htmlRenderer,
  sarifRenderer,
  oscalRenderer,
  csvRenderer,
  xlsxRenderer,
  pdfRenderer,
];

export const FORMATS = RENDERERS.map((r) => r.format);

export function renderer(format: string): Renderer | undefined {
  return RENDERERS.find((r) => r.format === format);
}
