import type { RiskRule } from './rule.js';

/** No software bill of materials: nobody can tell which devices carry a newly disclosed vulnerable component. */
export const noSbom: RiskRule = {
  meta: {
    id: 'no-sbom',
    title: 'No software bill of materials',
    description:
      'Without an SBOM nobody can tell which firmware, apps and services contain a third-party library, SDK or chip vendor blob when a vulnerability in it is published, so fixes start late.',
    riskSource: 'omd-unknown-assets',
    stride: ['elevation-of-privilege', 'information-disclosure'],
    likelihood: 3,
    impact: 3,
    mitigations: ['component-inventory-sbom', 'component-vulnerability-monitoring', 'supplier-security-management'],
    references: ['eu-cra:II.1', 'owasp-iot-top10-2018:I5'],
  },
  check(graph) {
    const { system } = graph.model;
    if (system.lifecycle?.sbom) return [];
    return [
      {
        subject: graph.systemId,
        message: `${system.name} names no software bill of materials for its components (system.lifecycle.sbom).`,
      },
    ];
  },
};
