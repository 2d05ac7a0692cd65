/**
 * Assessments saved by iotassure 1.x (assessment format 1.x) still work as a side of `diff`: this reads the parts
 * `diff` compares into the current shape. Format 1 judged every framework once for the system as a whole, so each
 * becomes a statement without products, and controls have no per-product status.
 */
import type { Assessment, ConformanceStatement } from '../assess/assessment.js';

interface CoverageV1 {
  framework: string;
  title: string;
  version: string;
  requirements: number;
  applicable: number;
  supported: number;
  partial: number;
  notSupported: number;
  mandatoryGaps: number;
  unmapped?: string[];
}

export function fromFormat1(saved: Record<string, unknown>): Assessment {
  const coverage = (saved.coverage ?? []) as CoverageV1[];
  const conformance: ConformanceStatement[] = coverage.map((c) => ({
    framework: c.framework,
    title: c.title,
    shortTitle: c.title,
    version: c.version,
    legalForce: 'standard',
    addressees: [],
    scope: { applies: true, reason: 'assessed for the system as a whole (assessment format 1)' },
    products: [],
    provisions: [],
    summary: {
      provisions: c.requirements,
      applicable: c.applicable,
      supported: c.supported,
      partial: c.partial,
      notSupported: c.notSupported,
      undetermined: 0,
      mandatoryGaps: c.mandatoryGaps,
      recommendationsWithoutJustification: 0,
      notInForce: 0,
    },
    unmapped: c.unmapped ?? [],
  }));
  const controls = ((saved.controls ?? []) as Assessment['controls']).map((c) => ({
    ...c,
    products: c.products ?? [],
  }));
  return { ...(saved as unknown as Assessment), conformance, controls, questions: [], findings: [] };
}
