/** The registry of report formats. */
import { jsonRenderer } from './json.js';
import { markdownRenderer } from './markdown.js';
import type { Renderer } from './renderer.js';

export const RENDERERS: readonly Renderer[] = [jsonRenderer, markdownRenderer];

export const FORMATS = RENDERERS.map((r) => r.format);

export function renderer(format: string): Renderer | undefined {
  return RENDERERS.find((r) => r.format === format);
}
