/**
 * SBOM matching for verification: `verifySbom` reads the spec's SBOM (`sbom:`) and OSV database (`osv:`), adds the
 * analysis states of `vulnerabilities:` (a VEX document, the targets file's own) to the SBOM's, matches, runs
 * SBOM-01/02/03 once with the spec's severity threshold and returns observations in the shape of the network
 * checks' (the runner appends them to its own), with the match report a VEX document is written from (vex.ts). The
 * parts are usable alone: readSbom, loadOsvDatabase, matchSbom and the comparators.
 */
import { basename, extname, resolve } from 'node:path';
import type { EvidenceObservation } from '../../evidence/observation.js';
import type { VerificationSpec } from '../../model/verification.js';
import { sbomChecks } from '../checks/sbom.js';
import { type ArchiveMatchOptions, OsvArchive } from './archive.js';
import { archiveIndexFolder } from './archive-index.js';
import { DEFAULT_SBOM_OPTIONS, type SbomCheck, type SbomCheckContext, type SbomCheckOptions } from './check.js';
import { type MatchReport, matchSbom } from './match.js';
import { loadOsvDatabase, type OsvLoadOptions } from './osv.js';
import { readSbom, type Sbom, type SbomReadOptions } from './sbom.js';
import { analysisStatements, vexDocumentStatements } from './vex.js';

export * from './archive.js';
export * from './archive-index.js';
export * from './check.js';
export * from './match.js';
export * from './osv.js';
export * from './sbom.js';
export * from './versions.js';
export * from './vex.js';

export interface VerifySbomOptions extends Partial<SbomCheckOptions> {
  /** folder the spec's relative `sbom` and `osv` paths are relative to (default: the working directory) */
  baseDir?: string;
  sbomLimits?: SbomReadOptions;
  osvLimits?: OsvLoadOptions;
  /** the checks to run (default SBOM-01, SBOM-02, SBOM-03) */
  checks?: readonly SbomCheck[];
  /** worker threads for an all.zip (see ArchiveMatchOptions.workers) */
  workers?: number;
  /** where an all.zip's index is kept between runs (default: archiveIndexFolder(), the user's cache folder) */
  osvIndexFolder?: string;
  /** the file the spec came from, named where its analysis states are cited (default "the targets file") */
  source?: string;
}

type SbomSpec = Pick<VerificationSpec, 'sbom' | 'osv' | 'vulnerabilities'>;

export interface SbomVerification {
  observations: EvidenceObservation[];
  sbom: Sbom;
  report?: MatchReport;
  /** for an all.zip: how many of its entries the pass inflated (fewer with a kept index), on how many threads */
  pass?: { entriesRead: number; threads: number };
}

/**
 * Reads the spec's SBOM and OSV database, matches them and runs the SBOM checks. Returns no observations when the
 * spec names no SBOM. Throws InputError when a file cannot be read or is not an SBOM / OSV database.
 */
export async function verifySbom(
  spec: SbomSpec,
  options: VerifySbomOptions = {},
): Promise<SbomVerification | undefined> {
  if (!spec.sbom) return undefined;
  const t0 = performance.now();
  const base = options.baseDir ?? process.cwd();
  const sbomPath = resolve(base, spec.sbom);
  const osvPath = spec.osv ? resolve(base, spec.osv) : undefined;
  // an all.zip is matched in one pass over the archive; for a pass over every entry, its workers start while the
  // SBOM is read
  const archive =
    osvPath && extname(osvPath).toLowerCase() === '.zip' ? new OsvArchive(osvPath, archiveOptions(options)) : undefined;
  let sbom: Sbom;
  let report: MatchReport | undefined;
  let pass: SbomVerification['pass'];
  try {
    sbom = readSbom(sbomPath, options.sbomLimits);
    // the targets file's analyses decide over a VEX document's, and both over the SBOM's own
    const policy = spec.vulnerabilities;
    sbom.vex = [
      ...analysisStatements(policy?.analysis ?? [], options.source ?? 'the targets file'),
      ...(policy?.vex ? vexDocumentStatements(resolve(base, policy.vex)) : []),
      ...sbom.vex,
    ];
    if (archive) {
      const matched = await archive.match(sbom);
      report = matched.report;
      pass = { entriesRead: matched.entriesRead, threads: matched.threads };
    } else if (osvPath) report = matchSbom(sbom, loadOsvDatabase(osvPath, options.osvLimits));
  } finally {
    archive?.close();
  }
  const checks = options.checks ?? sbomChecks;
  const threshold = definedOnly({
    failOn: spec.vulnerabilities?.failOn,
    unknownSeverity: spec.vulnerabilities?.unknownSeverity,
  });
  const ctx: SbomCheckContext = {
    sbom,
    report,
    options: { ...DEFAULT_SBOM_OPTIONS, ...threshold, ...definedOnly(options) },
  };
  const durationMs = Math.round(performance.now() - t0);
  const collected = new Date().toISOString();
  const observations = checks.map((check): EvidenceObservation => {
    const result = check.run(ctx);
    return {
      id: `${check.meta.id}@${spec.sbom}`,
      check: check.meta.id,
      title: check.meta.title,
      target: spec.sbom!,
      targetId: `sbom:${basename(spec.sbom!)}`,
      host: '',
      verdict: result.verdict,
      summary: result.summary,
      passes: check.meta.passes,
      ...(result.details?.length && { details: result.details }),
      controls: check.meta.controls,
      requirements: check.meta.requirements,
      intrusiveness: check.meta.intrusiveness,
      ...(check.meta.equivalent && { equivalent: check.meta.equivalent }),
      collected,
      durationMs,
    };
  });
  return { observations, sbom, ...(report && { report }), ...(pass && { pass }) };
}

function definedOnly(options: Partial<SbomCheckOptions>): Partial<SbomCheckOptions> {
  const keys: (keyof SbomCheckOptions)[] = ['failOn', 'unknownSeverity', 'minCoverage', 'maxUnevaluated', 'maxDetails'];
  return Object.fromEntries(keys.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));
}

/** What a verification plan records to run the SBOM checks once: the files, the policy and the selected checks. */
export interface SbomPlan {
  sbom: string;
  osv: string;
  vulnerabilities?: VerificationSpec['vulnerabilities'];
  /** the targets file, named where its analysis states are cited */
  source?: string;
  /** the folder relative paths are relative to */
  baseDir?: string;
  /** ids of the SBOM checks to run */
  checks: string[];
}

/** The SBOM part of a plan: present when the spec names an SBOM and an OSV database and a check is selected. */
export function sbomPlanOf(
  spec: SbomSpec,
  options: { only?: readonly string[]; baseDir?: string; source?: string } = {},
): SbomPlan | undefined {
  if (!spec.sbom || !spec.osv) return undefined;
  const checks = sbomChecks.map((c) => c.meta.id).filter((id) => !options.only || options.only.includes(id));
  if (checks.length === 0) return undefined;
  return {
    sbom: spec.sbom,
    osv: spec.osv,
    ...(spec.vulnerabilities && { vulnerabilities: spec.vulnerabilities }),
    ...(options.source && { source: options.source }),
    ...(options.baseDir && { baseDir: options.baseDir }),
    checks,
  };
}

/** Runs a plan's SBOM checks; throws InputError when the SBOM, the VEX document or the database cannot be read. */
export async function runSbomPlan(plan: SbomPlan): Promise<SbomVerification | undefined> {
  const checks = sbomChecks.filter((c) => plan.checks.includes(c.meta.id));
  return verifySbom(plan, {
    ...(plan.baseDir && { baseDir: plan.baseDir }),
    ...(plan.source && { source: plan.source }),
    checks,
  });
}

function archiveOptions(options: VerifySbomOptions): ArchiveMatchOptions {
  const out: ArchiveMatchOptions = {};
  if (options.osvLimits?.maxRecordBytes !== undefined) out.maxRecordBytes = options.osvLimits.maxRecordBytes;
  if (options.osvLimits?.maxBytes !== undefined) out.maxBytes = options.osvLimits.maxBytes;
  if (options.workers !== undefined) out.workers = options.workers;
  const indexFolder = 'osvIndexFolder' in options ? options.osvIndexFolder : archiveIndexFolder();
  if (indexFolder) out.indexFolder = indexFolder;
  return out;
}
