/**
 * The registry of report formats. A renderer's module is imported when its format is asked for, so an assessment
 * written as JSON does not load the HTML diagram layout (elkjs) or the OSCAL writer.
 */
import type { Renderer } from './renderer.js';

const RENDERERS: readonly { format: string; load: () => Promise<Renderer> }[] = [
  { format: 'json', load: async () => (await import('./json.js')).jsonRenderer },
  { format: 'md', load: async () => (await import('./markdown.js')).markdownRenderer },
  { format: 'html', load: async () => (await import('./html.js')).htmlRenderer },
  { format: 'sarif', load: async () => (await import('./sarif.js')).sarifRenderer },
  { format: 'oscal', load: async () => (await import('./oscal.js')).oscalRenderer },
  { format: 'csv', load: async () => (await import('./csv.js')).csvRenderer },
  { format: 'xlsx', load: async () => (await import('./xlsx.js')).xlsxRenderer },
  { format: 'pdf', load: async () => (await import('./pdf.js')).pdfRenderer },
];

export const FORMATS = RENDERERS.map((r) => r.format);

export async function renderer(format: string): Promise<Renderer | undefined> {
  return RENDERERS.find((r) => r.format === format)?.load();
}
