import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphFrom } from '../../test/support/model.js';
import { noUpdateMechanism } from './no-update-mechanism.js';

describe('no-update-mechanism', () => {
  it('finds devices whose update mechanism is none', () => {
    const findings = noUpdateMechanism.check(
      graphFrom(`
elements:
  - { id: sensor, name: Door sensor, kind: sensor, update: { mechanism: none } }
  - { id: svc, kind: cloud-service, update: { mechanism: none } }
`),
    );
    assert.deepEqual(
      findings.map((f) => f.subject),
      ['sensor'],
    );
    assert.match(findings[0]?.message ?? '', /Door sensor has no update mechanism/);
  });

  it('raises likelihood when the device has a service reachable from the internet', () => {
    const [finding] = noUpdateMechanism.check(
      graphFrom(`
elements:
  - id: cam
    kind: camera
    update: { mechanism: none }
    services: [{ protocol: https, exposure: internet }]
`),
    );
    assert.equal(finding?.likelihood, 5);
  });

  it('ignores updateable devices and devices whose update facts are not described', () => {
    const findings = noUpdateMechanism.check(
      graphFrom(`
elements:
  - { id: a, kind: camera, update: { mechanism: automatic } }
  - { id: b, kind: sensor, update: { mechanism: manual } }
  - { id: c, kind: sensor }
`),
    );
    assert.deepEqual(findings, []);
  });
});
