import { capDetails, percent, type SbomCheck } from '../sbom/check.js';
import type { SbomComponent } from '../sbom/sbom.js';

/** A purl names a version when its last path segment (before qualifiers) has an @: pkg:npm/%40scope/name@1.0 */
function purlHasVersion(purl: string): boolean {
  const path = purl.split(/[?#]/, 1)[0]!;
  return path.slice(path.lastIndexOf('/') + 1).includes('@');
}

/** Identified: a purl or CPE to look it up by, and a version to compare. */
export function identified(c: SbomComponent): boolean {
  return Boolean((c.purl || c.cpe) && (c.version || (c.purl && purlHasVersion(c.purl))));
}

export const sbom01: SbomCheck = {
  meta: {
    id: 'SBOM-01',
    title: 'SBOM is valid and identifies its components',
    description:
      'Reads the CycloneDX (1.2–1.6) or SPDX (2.2/2.3) JSON SBOM, validates it (CycloneDX 1.6 against the official schema, other versions structurally on the fields used) and measures coverage: the share of components with a purl or CPE and a version, without which no vulnerability can be matched. FAIL when the document is invalid; INCONCLUSIVE below the coverage threshold (default 90%).',
    passes:
      'a document that validates, with at least the minimum share of components identified by purl or CPE and version',
    intrusiveness: 'safe',
    controls: ['component-inventory-sbom'],
    requirements: ['eu-cra:II.1', 'etsi-en-303-645:5.2-3'],
    equivalent: 'Grype / OSV-Scanner SBOM input stage',
  },
  run({ sbom, options }) {
    const total = sbom.components.length;
    const lacking = sbom.components.filter((c) => !identified(c));
    const coverage = total === 0 ? 0 : (total - lacking.length) / total;
    const how =
      sbom.validation === 'schema'
        ? `validated against the official ${sbom.format} ${sbom.specVersion} schema`
        : 'checked structurally on the fields iotassure reads';
    const details = [
      `${sbom.format} ${sbom.specVersion}, ${how}`,
      ...sbom.notes,
      `${total} components, ${total - lacking.length} with a purl or CPE and a version (${percent(coverage)})`,
      ...capDetails(sbom.errors, options.maxDetails, (e) => `invalid: ${e}`),
      ...capDetails(
        lacking,
        options.maxDetails,
        (c) =>
          `not identified: ${c.name}${c.version ? ` ${c.version}` : ''} (${c.path}): ${c.purl || c.cpe ? 'no version' : 'no purl or CPE'}`,
      ),
    ];
    if (sbom.errors.length > 0) {
      return {
        verdict: 'FAIL',
        summary: `the SBOM is not valid ${sbom.format} ${sbom.specVersion}: ${sbom.errors.length} problem${sbom.errors.length === 1 ? '' : 's'}, first: ${sbom.errors[0]}`,
        details,
      };
    }
    if (total === 0) return { verdict: 'INCONCLUSIVE', summary: 'the SBOM lists no components', details };
    if (coverage < options.minCoverage) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `only ${percent(coverage)} of the ${total} components have a purl or CPE and a version (threshold ${percent(options.minCoverage)}); the others cannot be matched against vulnerability data`,
        details,
      };
    }
    return {
      verdict: 'PASS',
      summary: `valid ${sbom.format} ${sbom.specVersion}; ${percent(coverage)} of its ${total} components have a purl or CPE and a version`,
      details,
    };
  },
};
