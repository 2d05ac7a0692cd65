/**
 * Rendered content, as a string or its chunks: gathered into 1 MiB pieces for standard output, so large reports never
 * sit in memory whole. Files are written by src/output/write.ts, which encodes the chunks as they come.
 */
import { batched } from '../util/text-chunks.js';
import type { RenderedFile } from './renderer.js';

const BATCH = 1 << 20;

/** Calls `sink` with the content in pieces of about 1 MiB (bytes whole). */
export function drain(content: RenderedFile['content'], sink: (text: string | Uint8Array) => void): void {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    sink(content);
    return;
  }
  for (const piece of batched(content, BATCH)) sink(piece);
}

export function contentText(content: RenderedFile['content']): string {
  if (content instanceof Uint8Array) return Buffer.from(content).toString('utf8');
  return typeof content === 'string' ? content : [...content].join('');
}

/** True for formats written as bytes (PDF, XLSX), which a terminal cannot show. */
export const isBinary = (content: RenderedFile['content']): content is Uint8Array => content instanceof Uint8Array;
