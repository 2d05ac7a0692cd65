import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { noSbom } from './no-sbom.js';

describe('no-sbom', () => {
  it('finds a system without an SBOM', () => {
    const findings = noSbom.check(
      graphFrom(`
system: { id: home, name: Smart home }
elements: [{ id: cam, kind: camera }]
`),
    );
    assert.deepEqual(
      findings.map((f) => f.subject),
      ['home'],
    );
    assert.equal(
      findings[0]?.message,
      'Smart home names no software bill of materials for its components (system.lifecycle.sbom).',
    );
  });

  it('accepts a system that names its SBOM', () => {
    const findings = noSbom.check(
      graphFrom(`
system: { name: Smart home, lifecycle: { sbom: sbom/cyclonedx.json } }
elements: [{ id: cam, kind: camera }]
`),
    );
    assert.deepEqual(findings, []);
  });
});
