/**
 * Every fact-to-control relation of the catalog (`establishedBy`), tested from data: for each property a control is
 * established by, a model where the property holds (the control counts as in place, "declared in the model") and one
 * where it fails (a claim that the control is implemented is refuted and reported). A relation added to the catalog
 * without an example here fails the first test.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Assessment } from '../src/assess/assessment.js';
import { assess } from '../src/assess/pipeline.js';
import { loadCatalog } from '../src/catalog/load.js';
import { factsIn } from '../src/model/condition.js';
import { RULES } from '../src/rules/index.js';
import { modelFrom } from './support/model.js';

const catalog = loadCatalog();

/**
 * For each property: the subject it is read on, and model snippets (elements, flows or system blocks) where it holds
 * and where it fails. `{subject}` names the subject in each.
 */
const EXAMPLES: Record<string, { subject: string; holds: string; fails: string }> = {
  'secure-boot': {
    subject: 'd',
    holds: 'elements: [{ id: d, kind: camera, secureBoot: true }]',
    fails: 'elements: [{ id: d, kind: camera, secureBoot: false }]',
  },
  'unique-passwords': {
    subject: 'd',
    holds: 'elements: [{ id: d, kind: camera, authentication: { passwords: unique-per-device } }]',
    fails: 'elements: [{ id: d, kind: camera, authentication: { passwords: shared-default } }]',
  },
  'brute-force-protection': {
    subject: 'd',
    holds:
      'elements: [{ id: d, kind: camera, services: [{ protocol: https, authentication: password }], authentication: { bruteForceProtection: true } }]',
    fails:
      'elements: [{ id: d, kind: camera, services: [{ protocol: https, authentication: password }], authentication: { bruteForceProtection: false } }]',
  },
  'update-mechanism': {
    subject: 'd',
    holds: 'elements: [{ id: d, kind: camera, update: { mechanism: automatic, signed: true } }]',
    fails: 'elements: [{ id: d, kind: camera, update: { mechanism: automatic, signed: false } }]',
  },
  'signed-updates': {
    subject: 'd',
    holds: 'elements: [{ id: d, kind: camera, update: { mechanism: manual, signed: true } }]',
    fails: 'elements: [{ id: d, kind: camera, update: { mechanism: manual, signed: false } }]',
  },
  'automatic-updates-by-default': {
    subject: 'd',
    holds:
      'elements: [{ id: d, kind: camera, update: { mechanism: automatic, automaticByDefault: true, userCanDefer: true } }]',
    fails:
      'elements: [{ id: d, kind: camera, update: { mechanism: automatic, automaticByDefault: false, userCanDefer: true } }]',
  },
  'user-can-defer-updates': {
    subject: 'd',
    holds:
      'elements: [{ id: d, kind: camera, update: { mechanism: automatic, automaticByDefault: true, userCanDefer: true } }]',
    fails:
      'elements: [{ id: d, kind: camera, update: { mechanism: automatic, automaticByDefault: true, userCanDefer: false } }]',
  },
  'update-notifications': {
    subject: 'd',
    holds: 'elements: [{ id: d, kind: camera, update: { mechanism: automatic, notifications: true } }]',
    fails: 'elements: [{ id: d, kind: camera, update: { mechanism: automatic, notifications: false } }]',
  },
  'security-logging': {
    subject: 'd',
    holds: 'elements: [{ id: d, kind: camera, logging: { securityEvents: true } }]',
    fails: 'elements: [{ id: d, kind: camera, logging: { securityEvents: false } }]',
  },
  'logs-protected': {
    subject: 'd',
    holds: 'elements: [{ id: d, kind: camera, logging: { securityEvents: true, protected: true } }]',
    fails: 'elements: [{ id: d, kind: camera, logging: { securityEvents: true, protected: false } }]',
  },
  'telemetry-examined': {
    subject: 'd',
    holds: 'elements: [{ id: d, kind: camera, telemetry: { collected: true, examinedForAnomalies: true } }]',
    fails: 'elements: [{ id: d, kind: camera, telemetry: { collected: true, examinedForAnomalies: false } }]',
  },
  'encryption-at-rest': {
    subject: 'd',
    holds:
      'elements: [{ id: d, kind: camera, encryptionAtRest: true }]\ndataAssets: [{ id: v, personalData: { categories: [image] }, storedIn: [d] }]',
    fails:
      'elements: [{ id: d, kind: camera, encryptionAtRest: false }]\ndataAssets: [{ id: v, personalData: { categories: [image] }, storedIn: [d] }]',
  },
  'user-data-deletion': {
    subject: 'd',
    holds: 'elements: [{ id: d, kind: camera, userDataDeletion: true }]',
    fails: 'elements: [{ id: d, kind: camera, userDataDeletion: false }]',
  },
  'no-hardcoded-credentials': {
    subject: 'd',
    holds: 'elements: [{ id: d, kind: camera, hardcodedCredentials: false }]',
    fails: 'elements: [{ id: d, kind: camera, hardcodedCredentials: true }]',
  },
  'protected-secret-storage': {
    subject: 'd',
    holds: 'elements: [{ id: d, kind: camera, secretStorage: secure-element }]',
    fails: 'elements: [{ id: d, kind: camera, secretStorage: plaintext }]',
  },
  'debug-interfaces-protected': {
    subject: 'd',
    holds: 'elements: [{ id: d, kind: camera, debugInterfaces: [{ kind: uart, state: protected }] }]',
    fails: 'elements: [{ id: d, kind: camera, debugInterfaces: [{ kind: uart, state: enabled }] }]',
  },
  'no-unneeded-interfaces': {
    subject: 'd',
    holds: '',
    fails: 'elements: [{ id: d, kind: camera, interfaces: [{ kind: ble, used: false }] }]',
  },
  'encrypted-in-transit': {
    subject: 'f',
    holds:
      'elements: [{ id: a, kind: camera }, { id: b, kind: cloud-service }]\nflows: [{ id: f, from: a, to: b, protocol: https }]',
    fails:
      'elements: [{ id: a, kind: camera }, { id: b, kind: cloud-service }]\nflows: [{ id: f, from: a, to: b, protocol: http }]',
  },
  'transfer-safeguard': {
    subject: 'f',
    holds:
      'system: { name: S, region: EU }\nelements: [{ id: a, kind: cloud-service }, { id: b, kind: external-party, region: US }]\ndataAssets: [{ id: v, personalData: { categories: [image] } }]\nflows: [{ id: f, from: a, to: b, protocol: https, data: [v], transferSafeguard: contract-clauses }]',
    fails:
      'system: { name: S, region: EU }\nelements: [{ id: a, kind: cloud-service }, { id: b, kind: external-party, region: US }]\ndataAssets: [{ id: v, personalData: { categories: [image] } }]\nflows: [{ id: f, from: a, to: b, protocol: https, data: [v], transferSafeguard: none }]',
  },
  'retention-limited': {
    subject: 'v',
    holds:
      'elements: [{ id: s, kind: data-store }]\ndataAssets: [{ id: v, personalData: { categories: [image] }, storedIn: [s], retention: 30d }]',
    fails:
      'elements: [{ id: s, kind: data-store }]\ndataAssets: [{ id: v, personalData: { categories: [image] }, storedIn: [s], retention: unlimited }]',
  },
  'legal-basis-recorded': {
    subject: 'v',
    holds:
      'elements: [{ id: s, kind: data-store }]\ndataAssets: [{ id: v, personalData: { categories: [image] }, storedIn: [s], legalBasis: contract }]',
    fails:
      'elements: [{ id: s, kind: data-store }]\ndataAssets: [{ id: v, personalData: { categories: [image] }, storedIn: [s], legalBasis: none }]',
  },
  'support-period-published': {
    subject: 'd',
    holds:
      'system: { name: S, lifecycle: { supportPeriod: { end: 2031-01-01, published: true } } }\nelements: [{ id: d, kind: camera }]',
    fails:
      'system: { name: S, lifecycle: { supportPeriod: { end: 2031-01-01, published: false } } }\nelements: [{ id: d, kind: camera }]',
  },
  'sbom-kept': {
    subject: 'd',
    holds: 'system: { name: S, lifecycle: { sbom: sbom.cdx.json } }\nelements: [{ id: d, kind: camera }]',
    fails: '',
  },
  'vulnerability-disclosure-contact': {
    subject: 'system',
    holds:
      'system: { name: S, lifecycle: { vulnerabilityDisclosure: { contact: psirt@example.com } } }\nelements: [{ id: d, kind: camera }]',
    fails: '',
  },
  'security-guidance-published': {
    subject: 'd',
    holds:
      'system: { name: S, lifecycle: { securityGuidance: https://example.com/secure-setup } }\nelements: [{ id: d, kind: camera }]',
    fails: '',
  },
};

/** Examples for a control whose subjects the property's general example does not reach. */
const FOR_CONTROL: Record<string, { subject: string; holds: string; fails: string }> = {
  'service-personal-data-deletion': {
    subject: 's',
    holds:
      'elements: [{ id: s, kind: cloud-service, userDataDeletion: true }]\ndataAssets: [{ id: v, personalData: { categories: [contact] }, storedIn: [s] }]',
    fails:
      'elements: [{ id: s, kind: cloud-service, userDataDeletion: false }]\ndataAssets: [{ id: v, personalData: { categories: [contact] }, storedIn: [s] }]',
  },
};

const relations = [...catalog.controls.values()].flatMap((control) =>
  control.establishedBy === undefined ? [] : factsIn(control.establishedBy).map((property) => ({ control, property })),
);

const run = (yaml: string, status?: string, control?: string): Assessment =>
  assess(
    modelFrom(status && control ? `${yaml}\nassessment:\n  controls:\n    ${control}: { status: ${status} }\n` : yaml),
    catalog,
    RULES,
    { date: '2026-12-01' },
  );

/** The control's status on the example's subject (the product for product-level controls: named after the element). */
function statusOn(a: Assessment, controlId: string, subject: string): string | undefined {
  const control = a.controls.find((c) => c.id === controlId)!;
  return control.subjects.find((s) => s.subject === subject)?.status;
}

describe('fact-to-control relations', () => {
  it('has an example for every property the catalog establishes a control by', () => {
    assert.ok(relations.length >= 25, `${relations.length} relations`);
    const missing = [...new Set(relations.map((r) => r.property))].filter((p) => !EXAMPLES[p]);
    assert.deepEqual(missing, []);
  });

  for (const { control, property } of relations) {
    const example = FOR_CONTROL[control.id] ?? EXAMPLES[property];
    if (!example) continue;
    if (example.holds) {
      it(`${property} in the model puts ${control.id} in place, declared in the model`, () => {
        const a = run(example.holds);
        const status = statusOn(a, control.id, example.subject);
        if (factsIn(control.establishedBy!).length > 1 && status !== 'implemented') return; // needs its companions
        assert.equal(status, 'implemented', `${control.id} on ${example.subject}`);
        const subject = a.controls
          .find((c) => c.id === control.id)!
          .subjects.find((s) => s.subject === example.subject)!;
        assert.equal(subject.basis, 'model');
      });
    }
    if (example.fails) {
      it(`${property} stated as absent refutes a claim that ${control.id} is implemented`, () => {
        const a = run(example.fails, 'implemented', control.id);
        assert.equal(statusOn(a, control.id, example.subject), 'refuted', `${control.id} on ${example.subject}`);
        assert.ok(a.findings.some((f) => f.kind === 'contradiction' && f.control === control.id));
      });
    }
  }
});
