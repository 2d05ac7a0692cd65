/** A report format: a pure function from the assessment to one or more files (async where layout needs it). */
import type { Assessment } from '../assess/assessment.js';

export interface RenderedFile {
  /** file name inside the output folder */
  name: string;
  content: string;
}

export interface Renderer {
  format: string;
  description: string;
  render(assessment: Assessment): RenderedFile[] | Promise<RenderedFile[]>;
}
