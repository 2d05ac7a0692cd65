import { capDetails, type SbomCheck } from '../sbom/check.js';
import { type ComponentResult, SEVERITY_ORDER, severityAtLeast, type VulnerabilityMatch } from '../sbom/match.js';

function describe(c: ComponentResult, m: VulnerabilityMatch): string {
  const ids = m.aliases.length > 0 ? `${m.id} (${m.aliases.join(', ')})` : m.id;
  const severity =
    m.severity.score !== undefined
      ? `${m.severity.rating} ${m.severity.score} ${m.severity.source}`
      : m.severity.rating;
  const fix = m.fixed
    ? `fixed in ${m.fixed}`
    : m.lastAffected
      ? `no fix; last affected ${m.lastAffected}`
      : 'no fixed version';
  return `${c.package} ${c.version} [${c.component.purl ?? c.component.ref}]: ${ids}, severity ${severity}, ${fix}${m.summary ? ` — ${m.summary}` : ''}`;
}

function vexNote(s: NonNullable<VulnerabilityMatch['suppressed']>): string {
  const parts = [s.state, s.justification, s.response?.join('/'), s.detail].filter(Boolean);
  return `VEX ${s.vex} at ${s.path}: ${parts.join('; ')}`;
}

export const sbom02: SbomCheck = {
  meta: {
    id: 'SBOM-02',
    title: 'No known vulnerable components',
    description:
      "Matches every component's purl and version against the offline OSV database (the OSV schema's range evaluation with each ecosystem's version ordering; withdrawn records skipped) and applies the SBOM's CycloneDX VEX statements: not_affected, false_positive and resolved suppress a match, and are kept as evidence. FAIL when an unsuppressed match reaches the severity threshold (default medium; a match without severity counts as reaching it unless configured otherwise), listing each with the version that fixes it.",
    passes:
      'every identified component matched against the OSV database, with no unsuppressed match at or above the severity threshold',
    intrusiveness: 'safe',
    controls: ['component-vulnerability-monitoring', 'security-testing'],
    requirements: ['etsi-en-303-645:5.2-3', 'etsi-en-303-645:5.3-8', 'eu-cra:I.2(a)', 'eu-cra:II.1', 'eu-cra:II.2'],
    equivalent: 'grype --fail-on <severity>; osv-scanner --offline (exit 1 on findings)',
  },
  run({ report, options }) {
    if (!report) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: 'no OSV database was given (osv: in the verification section), so no component could be matched',
      };
    }
    const evaluated = report.components.filter((c) => c.status !== 'NOT_EVALUATED');
    type Found = { c: ComponentResult; m: VulnerabilityMatch };
    const failing: Found[] = [];
    const below: Found[] = [];
    const suppressed: Found[] = [];
    for (const c of report.components) {
      for (const m of c.matches) {
        if (m.suppressed) suppressed.push({ c, m });
        else if (
          severityAtLeast(m.severity.rating, options.failOn) ||
          (m.severity.rating === 'unknown' && options.unknownSeverity === 'fail')
        )
          failing.push({ c, m });
        else below.push({ c, m });
      }
    }
    // most severe first; the sort is stable, so SBOM order within a severity
    const bySeverity = (a: Found, b: Found) =>
      SEVERITY_ORDER.indexOf(b.m.severity.rating) - SEVERITY_ORDER.indexOf(a.m.severity.rating);
    failing.sort(bySeverity);
    below.sort(bySeverity);
    const { database } = report;
    const details = [
      `OSV database ${database.source}: ${database.records} records (${database.ecosystems.join(', ') || 'no ecosystem'}), ${database.withdrawn} withdrawn and ${database.malformed} malformed skipped`,
      `${evaluated.length} of ${report.components.length} components evaluated; threshold ${options.failOn}${options.unknownSeverity === 'fail' ? ' (unknown severity counts)' : ''}`,
      ...capDetails(
        failing,
        options.maxDetails,
        ({ c, m }) => `vulnerable: ${describe(c, m)}${m.vex ? ` (${vexNote(m.vex)})` : ''}`,
      ),
      ...capDetails(below, options.maxDetails, ({ c, m }) => `below threshold: ${describe(c, m)}`),
      ...capDetails(
        suppressed,
        options.maxDetails,
        ({ c, m }) => `suppressed: ${describe(c, m)} — ${vexNote(m.suppressed!)}`,
      ),
      ...report.warnings.map((w) => `warning: ${w}`),
    ];
    const tail = suppressed.length > 0 ? `; ${suppressed.length} suppressed by VEX` : '';
    if (failing.length > 0) {
      const components = new Set(failing.map(({ c }) => c));
      const first = failing[0]!;
      return {
        verdict: 'FAIL',
        summary: `${failing.length} known vulnerabilit${failing.length === 1 ? 'y' : 'ies'} at or above ${options.failOn} in ${components.size} component${components.size === 1 ? '' : 's'}, e.g. ${first.c.package} ${first.c.version}: ${first.m.id}${first.m.fixed ? ` (fixed in ${first.m.fixed})` : ''}${tail}`,
        details,
      };
    }
    if (evaluated.length === 0) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `none of the ${report.components.length} components could be evaluated against the OSV database (see SBOM-03)`,
        details,
      };
    }
    return {
      verdict: 'PASS',
      summary: `no known vulnerability at or above ${options.failOn} in the ${evaluated.length} evaluated components${below.length > 0 ? `; ${below.length} below the threshold` : ''}${tail}`,
      details,
    };
  },
};
