/**
 * A report format: a pure function from the assessment to one or more files (async where layout needs it).
 * The assessment is the only source of findings; the optional context carries what an assessment does not hold but a
 * format may need to describe — the catalog, for the OSCAL catalog and mapping-collection and for SARIF help text.
 */
import type { Assessment } from '../assess/assessment.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Layout } from './diagram/layout.js';

export interface RenderedFile {
  /** file name inside the output folder */
  name: string;
  /** the text, its chunks in order (large outputs are produced lazily and written as they come), or bytes (PDF, XLSX) */
  content: string | Uint8Array | Iterable<string>;
}

/** What a renderer may read besides the assessment. Never used to compute findings. */
export interface RenderContext {
  /** the catalog the assessment was made with (built-in plus the model's and the command line's own files) */
  catalog?: Catalog;
  /**
   * Given when several formats are made from one assessment, so that what one renderer works out is not worked out
   * again by another: the JSON renderer records its file's digest here, which OSCAL's document UUID is made from.
   */
  shared?: SharedWork;
  /**
   * The system diagram's layout, when another thread makes it (the PDF's thread lays it out while the main thread
   * assesses, for the PDF and for the HTML): the layout of `diagramSpec(assessment.system)`, or undefined when that
   * thread could not make it.
   */
  diagramLayout?: Promise<Layout | undefined>;
}

export interface SharedWork {
  /** SHA-256 (hex) of the assessment file, set once that file has been made whole */
  assessmentDigest?: string;
}

export interface Renderer {
  format: string;
  description: string;
  render(assessment: Assessment, context?: RenderContext): RenderedFile[] | Promise<RenderedFile[]>;
}
