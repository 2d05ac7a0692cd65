/**
 * The observation: what `iotassure verify` saw at one endpoint for one check, as a TS 103 701 style verdict, and
 * the evidence `iotassure assess` turns into gaps and verified controls. This module is the contract between the
 * two: verify writes observations, assess reads them, and neither imports the other.
 */
import { z } from 'zod';

export const VERDICTS = ['PASS', 'FAIL', 'INCONCLUSIVE', 'NOT_APPLICABLE'] as const;
export type Verdict = (typeof VERDICTS)[number];

const Timestamp = z.iso.datetime({ offset: true }).describe('an ISO 8601 date and time');

/** What was sent and seen, in short: enough for an auditor to understand the verdict, never a password in clear. */
export const ExchangeSchema = z.object({ sent: z.string().optional(), seen: z.string().optional() });
export type Exchange = z.infer<typeof ExchangeSchema>;

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
  verdict: z.enum(VERDICTS),
  summary: z.string(),
  /** what the check must observe for a PASS (the check's stated criterion) */
  passes: z.string().optional(),
  details: z.array(z.string()).optional(),
  exchanges: z.array(ExchangeSchema).optional(),
  controls: z.array(z.string()),
  requirements: z.array(z.string()),
  intrusiveness: z.enum(['safe', 'auth-attempt', 'intrusive']).optional(),
  equivalent: z.string().optional(),
  collected: Timestamp,
  durationMs: z.number().nonnegative().optional(),
});
/** An observation as the evidence file holds it. */
export type EvidenceObservation = z.infer<typeof ObservationSchema>;

/** What the assessment takes from an observation: the verdict, the controls it speaks to and where it was made. */
export type Observation = Pick<
  EvidenceObservation,
  'id' | 'check' | 'title' | 'target' | 'element' | 'verdict' | 'controls' | 'requirements' | 'summary' | 'collected'
>;

export function assessView(o: EvidenceObservation): Observation {
  return {
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
  };
}
