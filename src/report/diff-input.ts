/**
 * What `diff` reads from an assessment, as a schema: a saved assessment (the JSON of `assess --format json`) is
 * validated against it with the model's diagnostics (file:line:column, found, expected), so a hand-edited or truncated
 * file is an input error, not a crash. Only the fields diff uses are checked; the rest of the file is not read.
 */
import { z } from 'zod';
import { ASSESSMENT_FORMAT } from '../assess/assessment.js';
import { CONTROL_STATUSES, terms } from '../model/vocabulary.js';

const Id = z.string().min(1).describe('an id');
const Count = z.number().int().nonnegative().describe('a count (a whole number, 0 or more)');
const ControlStatus = z.enum(terms(CONTROL_STATUSES));

export const DiffInputSchema = z.object({
  format: z.literal(ASSESSMENT_FORMAT),
  formatVersion: z.string().regex(/^1\.\d+$/, 'a 1.x format version'),
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
  controls: z.array(z.object({ id: Id, title: z.string(), status: ControlStatus, applies: z.boolean() })),
  gaps: z.array(z.object({ control: Id, title: z.string(), status: ControlStatus, priority: z.string() })),
  coverage: z.array(
    z.object({
      framework: Id,
      title: z.string(),
      applicable: Count,
      supported: Count,
      partial: Count,
      notSupported: Count,
      mandatoryGaps: Count,
    }),
  ),
});

/** The part of an Assessment that diff reads; an Assessment is one. */
export type DiffInput = z.infer<typeof DiffInputSchema>;
