import { testRule } from '../../test/support/rule-tester.js';
import { knownVulnerableComponent } from './known-vulnerable-component.js';

testRule(knownVulnerableComponent, {
  raises: [
    {
      name: 'an element with a known vulnerability not fixed, rated by its severity',
      model: `
elements:
  - id: nvr
    name: Recorder
    kind: hub
    knownVulnerabilities:
      - { id: CVE-2024-0001, severity: critical, fixed: false }
      - { id: CVE-2023-1111, severity: medium, fixed: true }
  - id: svc
    kind: cloud-service
    knownVulnerabilities: [{ id: GHSA-aaaa-bbbb-cccc, severity: low, fixed: false }]`,
      risks: [
        {
          subject: 'nvr',
          likelihood: undefined,
          impact: 5,
          message: 'Recorder has known vulnerabilities with no fix installed: CVE-2024-0001 (critical).',
          adjustment: 'the worst severity is critical',
        },
        { subject: 'svc', impact: 2 },
      ],
    },
    {
      name: 'most likely when exploited in the wild, likelier when reachable from the internet',
      model: `
elements:
  - { id: cam, kind: camera, knownVulnerabilities: [{ id: CVE-2021-36260, fixed: false, exploited: true }] }
  - id: gw
    kind: gateway
    services: [{ protocol: https, exposure: internet }]
    knownVulnerabilities: [{ id: CVE-2022-2222, fixed: false }]`,
      risks: [
        { subject: 'cam', likelihood: 5, impact: undefined, message: /CVE-2021-36260 exploited in the wild\.$/ },
        { subject: 'gw', likelihood: 4 },
      ],
    },
  ],
  passes: [
    {
      name: 'fixed vulnerabilities, and elements that list none',
      model: `
elements:
  - { id: cam, kind: camera, knownVulnerabilities: [{ id: CVE-2024-0001, fixed: true }] }
  - { id: hub, kind: hub }`,
    },
    {
      name: 'whether a fix is installed not stated: a question',
      model: `
elements:
  - { id: cam, kind: camera, knownVulnerabilities: [{ id: CVE-2024-0001, severity: high }] }`,
      asks: { cam: ['knownVulnerabilities[].fixed'] },
    },
  ],
});
