/**
 * The evidence file `iotassure verify --out DIR` writes (DIR/evidence.json) and `iotassure assess --evidence` reads:
 * what was checked, against which targets and scope, when, and the observations — each a verdict on one check at
 * one endpoint, with the controls and requirements it speaks to and the short exchanges behind it.
 *
 * Versioning: `formatVersion` is MAJOR.MINOR. Readers accept any 1.x file and ignore fields they do not know;
 * a new minor version only adds optional fields. A change that old readers would misread raises the major version.
 */
import { z } from 'zod';
import { readSourceFile } from '../input/source.js';
import { validateDocument } from '../input/validate.js';
import { MODES, writeFileAtomic } from '../output/write.js';
import { inputError } from '../util/diagnostics.js';
import { assessView, type Observation, ObservationSchema } from './observation.js';

export const EVIDENCE_FORMAT = 'iotassure-evidence';
/** 1.1 added `passes` to observations and `credentialSubmissions` (per address:port) to the run. */
export const EVIDENCE_FORMAT_VERSION = '1.1';

const Timestamp = z.iso.datetime({ offset: true }).describe('an ISO 8601 date and time');

export const EvidenceSchema = z.object({
  format: z.literal(EVIDENCE_FORMAT),
  formatVersion: z.string().regex(/^1\.\d+$/, 'a 1.x format version'),
  tool: z.object({ name: z.string(), version: z.string() }),
  started: Timestamp,
  finished: Timestamp,
  /** the targets file or model the run used */
  source: z.string().optional(),
  model: z.string().optional(),
  scope: z.array(z.string()),
  scopeHash: z.string(),
  targets: z.array(
    z.object({
      id: z.string(),
      host: z.string(),
      element: z.string().optional(),
      addresses: z.array(z.string()),
    }),
  ),
  observations: z.array(ObservationSchema),
  skipped: z
    .array(z.object({ target: z.string(), check: z.string(), endpoint: z.string(), reason: z.string() }))
    .optional(),
  connections: z.record(z.string(), z.number()).optional(),
  credentialAttempts: z.number().int().nonnegative().optional(),
  credentialSubmissions: z.record(z.string(), z.number().int().nonnegative()).optional(),
  aborted: z.boolean().optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

/** Writes the evidence file atomically, readable by its owner only: it holds addresses and what devices answered. */
export function writeEvidence(file: string, evidence: Evidence, options: { force?: boolean } = {}): void {
  writeFileAtomic(file, `${JSON.stringify(EvidenceSchema.parse(evidence), null, 2)}\n`, {
    mode: MODES.private,
    force: options.force,
  });
}

/** Reads and validates an evidence file; problems are InputErrors with positions, like a model's. */
export function readEvidence(file: string): Evidence {
  const doc = readSourceFile(file);
  const value = doc.value as Record<string, unknown> | null;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value.format !== EVIDENCE_FORMAT) {
    throw inputError(file, 'not an iotassure evidence file (no `format: iotassure-evidence`)', {
      position: doc.locate(['format']),
      hint: 'pass a file written by `iotassure verify --out DIR` (DIR/evidence.json)',
    });
  }
  const version = String(value.formatVersion ?? '');
  if (!/^1\.\d+$/.test(version)) {
    throw inputError(file, `evidence format version "${version}" is not supported; this iotassure reads 1.x`, {
      position: doc.locate(['formatVersion']),
      hint: 'use the iotassure version that wrote the file, or re-run `iotassure verify`',
    });
  }
  return validateDocument(doc, EvidenceSchema);
}

/** The observations of an evidence file, as the assessment takes them. */
export function readObservations(file: string): Observation[] {
  return readEvidence(file).observations.map(assessView);
}
