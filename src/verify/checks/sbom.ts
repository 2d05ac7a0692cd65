/**
 * The SBOM checks. They are file-based: they run once per verification spec that names an SBOM (and an OSV
 * database), not per target, so they are kept apart from the per-target registry in index.ts.
 */
import type { SbomCheck } from '../sbom/check.js';
import { sbom01 } from './sbom-01-validity.js';
import { sbom02 } from './sbom-02-known-vulnerabilities.js';
import { sbom03 } from './sbom-03-unevaluated.js';

export const sbomChecks: readonly SbomCheck[] = [sbom01, sbom02, sbom03];
