/**
 * The evidence file `iotassure verify --out DIR` writes (DIR/evidence.json) and `iotassure assess --evidence` reads:
 * what was checked, against which targets and scope, when, and the observations — each a verdict on one check at
 * one endpoint, with the controls and requirements it speaks to and the short exchanges behind it.
 *
 * Versioning: `formatVersion` is MAJOR.MINOR. Readers accept any 1.x file and ignore fields they do not know;
 * a new minor version only adds optional fields. A change that old readers would misread raises the major version.
 */
import { z } from 'zod';
import type { Observation } from '../assess/context.js';
import { readSourceFile } from '../input/source.js';
import { validateDocument } from '../input/validate.js';
import { MODES, writeFileAtomic } from '../output/write.js';
import { inputError } from '../util/diagnostics.js';

export const EVIDENCE_FORMAT = 'iotassure-evidence';
export const EVIDENCE_FORMAT_VERSION = '1.0';

const Timestamp = z.iso.datetime({ offset: true }).describe('an ISO 8601 date and time');
const VerdictSchema = z.enum(['PASS', 'FAIL', 'INCONCLUSIVE', 'NOT_APPLICABLE']);

export const ExchangeSchema = z.object({ sent: z.string().optional(), seen: z.string().optional() });

export const ObservationSchema = z.object({
  id: z.string().min(1),
  check: z.string().min(1).describe('check id, e.g. CRED-03'),
  title: z.string(),
  target: z.string().min(1).describe('the endpoint checked, e.g. tcp://192.0.2.10:1883 or host://192.0.2.10'),
  targetId: z.string().optional(),
  host: z.string().optional().describe('the host as the targets file names it'),
  element: z.string().optional().describe('the model element the target is an instance of'),
  service: z
    .object({ port: z.number().int(), protocol: z.string(), transport: z.enum(['tcp', 'udp']).optional() })
    .optional(),
  verdict: VerdictSchema,
  summary: z.string(),
  details: z.array(z.string()).optional(),
  exchanges: z.array(ExchangeSchema).optional(),
  controls: z.array(z.string()),
  requirements: z.array(z.string()),
  intrusiveness: z.enum(['safe', 'auth-attempt', 'intrusive']).optional(),
  equivalent: z.string().optional(),
  collected: Timestamp,
  durationMs: z.number().nonnegative().optional(),
});
export type EvidenceObservation = z.infer<typeof ObservationSchema>;

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
  return readEvidence(file).observations.map((o) => ({
    id: o.id,
    check: o.check,
    title: o.title,
    target: o.target,
    element: o.element,
    verdict: o.verdict,
    controls: o.controls,
    requirements: o.requirements,
    summary: o.summary,
    collected: o.collected,
  }));
}
