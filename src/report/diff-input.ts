/**
 * What `diff` reads from an assessment, as a schema: a saved assessment (the JSON of `assess --format json`) is
 * validated against it with the model's diagnostics (file:line:column, found, expected), so a hand-edited or truncated
 * file is an input error, not a crash. Only the fields diff uses are checked; the rest of the file is not read.
 * Format 3 is today's (decoded first: assessment-json.ts), format 2 is read as it is; format 1 (iotassure 0.x before per-product conformance) is read and converted, so a saved
 * baseline keeps working as the old side of a diff.
 */
import { z } from 'zod';
import { ASSESSMENT_FORMAT } from '../assess/assessment.js';
import { CONTROL_STATUSES, terms } from '../model/vocabulary.js';
import { decodeAssessment } from './assessment-json.js';

const Id = z.string().min(1).describe('an id');
const Count = z.number().int().nonnegative().describe('a count (a whole number, 0 or more)');
const EffectiveStatus = z.enum([...terms(CONTROL_STATUSES), 'refuted']);
const Applies = z.union([z.boolean(), z.literal('unknown')]);

const common = {
  format: z.literal(ASSESSMENT_FORMAT),
  tool: z.object({ name: z.string(), version: z.string() }),
  date: z.string().describe('the date the assessment is as of'),
  model: z.object({ file: z.string(), id: z.string().optional(), name: z.string() }),
  riskMatrix: z.object({ levels: z.array(z.string()).min(1).describe('the risk levels, lowest first') }),
  filters: z.object({ stakeholder: z.string().optional(), stage: z.string().optional() }),
  risks: z.array(
    z.object({
      id: Id,
      title: z.string(),
      message: z.string(),
      subject: z.object({ id: z.string() }),
      residual: z.object({ level: z.string() }),
      status: z.string(),
    }),
  ),
  gaps: z.array(z.object({ control: Id, title: z.string(), status: EffectiveStatus, priority: z.string() })),
};

const progress = {
  applicable: Count,
  supported: Count,
  partial: Count,
  notSupported: Count,
  mandatoryGaps: Count,
};

export const DiffInputSchema = z.object({
  ...common,
  formatVersion: z.string().regex(/^[23]\.\d+$/, 'a 2.x or 3.x format version'),
  controls: z.array(
    z.object({
      id: Id,
      title: z.string(),
      status: EffectiveStatus,
      applies: Applies,
      products: z.array(z.object({ product: Id, status: EffectiveStatus })),
    }),
  ),
  conformance: z.array(
    z.object({
      framework: Id,
      shortTitle: z.string(),
      summary: z.object({ ...progress, undetermined: Count }),
    }),
  ),
});

export const DiffInputV1Schema = z.object({
  ...common,
  formatVersion: z.string().regex(/^1\.\d+$/, 'a 1.x format version'),
  controls: z.array(z.object({ id: Id, title: z.string(), status: EffectiveStatus, applies: z.boolean() })),
  coverage: z.array(z.object({ framework: Id, title: z.string(), ...progress })),
});

/** The part of an Assessment that diff reads; an Assessment is one. */
export type DiffInput = z.infer<typeof DiffInputSchema>;
type DiffInputV1 = z.infer<typeof DiffInputV1Schema>;

/**
 * Format 1 judged every framework once for the system as a whole and had no per-product statuses: each framework
 * becomes a statement with nothing undetermined, each control one without products.
 */
export function fromFormat1({ coverage, controls, ...rest }: DiffInputV1): DiffInput {
  return {
    ...rest,
    controls: controls.map((c) => ({ ...c, products: [] })),
    conformance: coverage.map(({ framework, title, ...summary }) => ({
      framework,
      shortTitle: title,
      summary: { ...summary, undetermined: 0 },
    })),
  };
}

/**
 * A saved assessment as diff reads it: format 1.x converted, 2.x as it is, 3.x decoded. `parse` validates a value
 * against a schema (the command line's names the file and line; the default throws the schema's error).
 */
export function diffInputOf(
  document: unknown,
  parse: <T>(schema: z.ZodType<T>, value: unknown) => T = (schema, value) => schema.parse(value),
): DiffInput {
  const version = String((document as { formatVersion?: unknown } | null)?.formatVersion ?? '');
  return version.startsWith('1.')
    ? fromFormat1(parse(DiffInputV1Schema, document))
    : parse(DiffInputSchema, decodeAssessment(document));
}
