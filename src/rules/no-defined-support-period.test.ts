import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { noDefinedSupportPeriod } from './no-defined-support-period.js';

describe('no-defined-support-period', () => {
  it('finds a system with devices and no support period', () => {
    const findings = noDefinedSupportPeriod.check(
      graphFrom(`
system: { id: home, name: Smart home }
elements: [{ id: cam, kind: camera }]
`),
    );
    assert.deepEqual(
      findings.map((f) => [f.subject, f.likelihood]),
      [['home', undefined]],
    );
    assert.equal(
      findings[0]?.message,
      'Smart home defines no support period for security updates (system.lifecycle.supportPeriod).',
    );
  });

  it('lowers likelihood when the period is defined but not published', () => {
    const [finding] = noDefinedSupportPeriod.check(
      graphFrom(`
system: { name: Smart home, lifecycle: { supportPeriod: { end: 2030-12-31 } } }
elements: [{ id: cam, kind: camera }]
`),
    );
    assert.equal(finding?.subject, 'system');
    assert.equal(finding?.likelihood, 2);
    assert.equal(finding?.message, 'Smart home defines a support period until 2030-12-31 but does not publish it.');
  });

  it('accepts a published period, and a system without devices', () => {
    assert.deepEqual(
      noDefinedSupportPeriod.check(
        graphFrom(`
system: { name: Smart home, lifecycle: { supportPeriod: { end: 2030-12-31, published: true } } }
elements: [{ id: cam, kind: camera }]
`),
      ),
      [],
    );
    assert.deepEqual(noDefinedSupportPeriod.check(graphFrom('elements: [{ id: svc, kind: cloud-service }]')), []);
  });
});
