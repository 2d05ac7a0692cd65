/**
 * Reads observations saved by `iotassure verify --out` so `assess --evidence` can use them. The file format belongs
 * to the verify command; here we only check that it is one and take its observations.
 */

import type { Observation } from '../../assess/context.js';
import { readSourceFile } from '../../input/source.js';
import { inputError } from '../../util/diagnostics.js';

export function readObservations(file: string): Observation[] {
  const doc = readSourceFile(file);
  const value = doc.value as { format?: unknown; observations?: unknown } | null;
  if (
    value === null ||
    typeof value !== 'object' ||
    value.format !== 'iotassure-evidence' ||
    !Array.isArray(value.observations)
  ) {
    throw inputError(file, 'not an iotassure evidence file', {
      hint: 'pass a file written by `iotassure verify --out DIR` (DIR/evidence.json)',
    });
  }
  return value.observations as Observation[];
}
