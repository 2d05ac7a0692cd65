import type { Assessment } from '../assess/assessment.js';
import { encodeAssessment } from './assessment-json.js';
import { digesting, textDigest } from './json-text.js';
import { LazyList } from './lazy-list.js';
import type { Renderer, SharedWork } from './renderer.js';

/**
 * JSON laid out for people and for diffs: the outer objects indented, and every item of a list on its own line
 * (one risk, one control, one flow per line). Produced as chunks, so a 100 000-risk assessment is written as it is
 * serialised instead of first being built as one string of hundreds of megabytes.
 */
export function* jsonChunks(value: unknown, depth = 0): Generator<string> {
  const indent = '  '.repeat(depth + 1);
  const close = '  '.repeat(depth);
  if (Array.isArray(value) || value instanceof LazyList) {
    // a lazy list holds objects only (risks, elements, flows…): one per line, as an array of objects
    const primitives = Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object');
    if (depth > 2 || value.length === 0 || primitives) {
      yield JSON.stringify(value);
      return;
    }
    yield '[\n';
    let i = 0;
    for (const item of value as Iterable<unknown>) {
      yield `${indent}${JSON.stringify(item)}${++i < value.length ? ',\n' : '\n'}`;
    }
    yield `${close}]`;
    return;
  }
  if (value !== null && typeof value === 'object' && depth < 2) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) {
      yield '{}';
      return;
    }
    yield '{\n';
    for (let i = 0; i < entries.length; i++) {
      const [key, item] = entries[i]!;
      yield `${indent}${JSON.stringify(key)}: `;
      yield* jsonChunks(item, depth + 1);
      yield i < entries.length - 1 ? ',\n' : '\n';
    }
    yield `${close}}`;
    return;
  }
  yield JSON.stringify(value);
}

export function formatJson(value: unknown): string {
  return [...jsonChunks(value)].join('');
}

/** The assessment file: format 3 (assessment-json.ts), laid out as above, ending with a newline. */
export function* assessmentJsonChunks(assessment: Assessment): Generator<string> {
  yield* jsonChunks(encodeAssessment(assessment));
  yield '\n';
}

/** SHA-256 (hex) of the assessment file: as recorded when the file was made beside other formats, or made now. */
export function assessmentDigest(assessment: Assessment, shared?: SharedWork): string {
  return shared?.assessmentDigest ?? textDigest(assessmentJsonChunks(assessment));
}

export const jsonRenderer: Renderer = {
  format: 'json',
  description: 'the complete assessment in the documented, versioned JSON format (docs/json-format.md)',
  render: (assessment, context) => {
    const shared = context?.shared;
    const chunks = assessmentJsonChunks(assessment);
    // hashed only when another format will ask: alone, the file costs no digest
    const content = shared ? digesting(chunks, (digest) => (shared.assessmentDigest = digest)) : chunks;
    return [{ name: 'assessment.json', content }];
  },
};
