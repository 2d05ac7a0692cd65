import { capDetails, percent, type SbomCheck } from '../sbom/check.js';

export const sbom03: SbomCheck = {
  meta: {
    id: 'SBOM-03',
    title: 'No silently unevaluated components',
    description:
      'Lists every component that could not be matched against the OSV database — no purl, a purl type with no OSV ecosystem (pkg:generic, most firmware C libraries), an ecosystem without a version comparator or absent from the database, an unparsable version — as NOT_EVALUATED, never as clean. INCONCLUSIVE when they are 10% or more of the components (configurable); PASS below that, with the list.',
    passes: 'fewer NOT_EVALUATED components than the threshold share, each listed',
    intrusiveness: 'safe',
    controls: ['component-inventory-sbom', 'component-vulnerability-monitoring'],
    requirements: ['etsi-en-303-645:5.2-3', 'eu-cra:II.1'],
    equivalent: 'none: Grype falls back to CPE matching, which this check deliberately does not guess',
  },
  run({ report, options }) {
    if (!report) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: 'no OSV database was given (osv: in the verification section): no component was evaluated',
      };
    }
    const total = report.components.length;
    const notEvaluated = report.components.filter((c) => c.status === 'NOT_EVALUATED');
    const partial = report.components.filter((c) => c.status !== 'NOT_EVALUATED' && c.undecided.length > 0);
    const share = total === 0 ? 0 : notEvaluated.length / total;
    const label = (c: (typeof notEvaluated)[number]) =>
      `${c.component.name}${c.component.version ? ` ${c.component.version}` : ''} [${c.component.purl ?? c.component.cpe ?? c.component.path}]`;
    const details = [
      `${notEvaluated.length} of ${total} components NOT_EVALUATED (${percent(share)}; threshold ${percent(options.maxUnevaluated)})`,
      ...capDetails(
        notEvaluated,
        options.maxDetails,
        (c) => `NOT_EVALUATED: ${label(c)}: ${c.reason ?? 'unknown reason'}`,
      ),
      ...capDetails(
        partial,
        options.maxDetails,
        (c) => `partly evaluated: ${label(c)}: ${c.undecided.map((u) => `${u.id} undecided (${u.reason})`).join('; ')}`,
      ),
    ];
    if (total === 0) return { verdict: 'INCONCLUSIVE', summary: 'the SBOM lists no components', details };
    if (share >= options.maxUnevaluated) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `${notEvaluated.length} of ${total} components (${percent(share)}) could not be evaluated for known vulnerabilities; they are listed, not counted as clean`,
        details,
      };
    }
    return {
      verdict: 'PASS',
      summary:
        notEvaluated.length === 0
          ? `all ${total} components were evaluated against the OSV database`
          : `${notEvaluated.length} of ${total} components (${percent(share)}) could not be evaluated; they are listed below the ${percent(options.maxUnevaluated)} threshold`,
      details,
    };
  },
};
