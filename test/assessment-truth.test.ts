/**
 * The assessment states nothing its model or evidence contradicts: conformance per product, residual risk from the
 * controls in effect where the risk is, model facts as declared evidence and contradictions as findings, unknown
 * facts as questions, requirements counted only for their addressee, frameworks scoped by market, treatments that
 * lapse, and a stakeholder filter that filters every number. Each test builds the smallest model that shows it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Assessment } from '../src/assess/assessment.js';
import { loadCatalog } from '../src/catalog/load.js';
import { ADDRESSEE_STAKEHOLDERS, type Stakeholder } from '../src/model/vocabulary.js';
import { RULES } from '../src/rules/index.js';
import { assessChecked, modelFrom } from './support/model.js';

const catalog = loadCatalog();
const run = (yaml: string, options: { date?: string; stakeholder?: Stakeholder } = {}): Assessment =>
  assessChecked(modelFrom(yaml), catalog, RULES, { date: options.date ?? '2026-12-01', ...options });

const statementOf = (a: Assessment, framework: string) => a.conformance.find((c) => c.framework === framework)!;
const forProduct = (a: Assessment, framework: string, product: string, id: string) =>
  statementOf(a, framework)
    .products.find((p) => p.product === product)!
    .provisions.find((p) => p.id === id)!;
const control = (a: Assessment, id: string) => a.controls.find((c) => c.id === id)!;

/** Two device products of one maker, both sold in the EU and the UK as consumer products. */
const TWO_PRODUCTS = `
system: { name: Two products, region: EU, markets: [EU, UK], category: consumer }
organisations: [{ id: maker, roles: [developer, provider] }]
products:
  - { id: cam, name: Camera, elements: [cam-1] }
  - { id: hub, name: Hub, elements: [hub-1] }
elements:
  - { id: cam-1, kind: camera, developer: maker, authentication: { passwords: unique-per-device }, secureBoot: true }
  - { id: hub-1, kind: hub, developer: maker, authentication: { passwords: shared-default }, secureBoot: false }
`;

describe('conformance per product', () => {
  const a = run(TWO_PRODUCTS);

  it('judges each product on its own facts: the hub’s shared password fails 5.1-1, the camera’s passes', () => {
    assert.equal(forProduct(a, 'etsi-en-303-645', 'cam', '5.1-1').support, 'yes');
    assert.equal(forProduct(a, 'etsi-en-303-645', 'hub', '5.1-1').support, 'no');
    assert.equal(forProduct(a, 'uk-psti', 'cam', '1').support, 'yes');
    assert.equal(forProduct(a, 'uk-psti', 'hub', '1').support, 'no');
  });

  it('never says supported over the system for a requirement one product in scope does not meet', () => {
    const system = statementOf(a, 'etsi-en-303-645').provisions.find((p) => p.id === '5.1-1')!;
    assert.equal(system.support, 'partial');
    assert.deepEqual(system.products, { cam: 'yes', hub: 'no' });
    assert.equal(statementOf(a, 'uk-psti').provisions.find((p) => p.id === '1')!.support, 'partial');
  });

  it('takes secure boot from the facts: declared in the model on the camera, absent on the hub', () => {
    assert.equal(forProduct(a, 'etsi-en-303-645', 'cam', '5.7-1').support, 'yes');
    assert.equal(forProduct(a, 'etsi-en-303-645', 'hub', '5.7-1').support, 'no');
    const boot = control(a, 'secure-boot-and-tamper-response');
    assert.deepEqual(
      boot.subjects.map((s) => [s.subject, s.status, s.basis]),
      [
        ['cam-1', 'implemented', 'model'],
        ['hub-1', 'not-started', 'none'],
      ],
    );
    assert.ok(
      boot.evidence.some((e) => e.kind === 'model' && e.source?.line === 8),
      'the fact’s line is the evidence',
    );
  });
});

describe('model facts as declared evidence, and contradictions', () => {
  it('counts a fact as the control in place without repeating it as a status', () => {
    const a = run(`
system: { name: S, lifecycle: { supportPeriod: { end: 2031-01-01, published: true }, vulnerabilityDisclosure: { contact: psirt@example.com } } }
elements:
  - { id: cam, kind: camera, authentication: { passwords: user-defined }, secureBoot: true, update: { mechanism: automatic, signed: true } }
`);
    for (const id of [
      'defined-support-period',
      'vulnerability-disclosure-policy',
      'authenticated-updates',
      'password-credential-quality',
    ]) {
      assert.equal(control(a, id).status, 'implemented', id);
    }
    assert.equal(forProduct(a, 'uk-psti', 'cam', '2').support, 'yes');
    assert.equal(forProduct(a, 'uk-psti', 'cam', '3').support, 'yes');
    assert.deepEqual(a.findings, []);
  });

  it('refutes a status the facts contradict, does not count it, and says so', () => {
    const a = run(`
elements:
  - { id: rec, kind: hub, logging: { securityEvents: false } }
assessment:
  controls:
    security-event-logging: { status: implemented }
`);
    assert.equal(control(a, 'security-event-logging').status, 'refuted');
    const finding = a.findings.find((f) => f.kind === 'contradiction')!;
    assert.match(
      finding.message,
      /security-event-logging is declared implemented, but .* not the case that security events are logged on rec/,
    );
  });

  it('flags a status that understates a fact, and keeps the lower status', () => {
    const a = run(`
elements:
  - { id: cam, kind: camera, telemetry: { collected: true, examinedForAnomalies: true } }
assessment:
  controls:
    security-monitoring-and-anomaly-detection: { status: planned }
`);
    assert.equal(control(a, 'security-monitoring-and-anomaly-detection').status, 'planned');
    assert.ok(
      a.findings.some((f) => f.kind === 'contradiction' && /declared planned, but the model states/.test(f.message)),
    );
  });

  it('lowers verified without evidence, or with expired evidence, to implemented', () => {
    const a = run(
      `
system: { name: S, lifecycle: { vulnerabilityDisclosure: { contact: psirt@example.com } } }
elements: [{ id: cam, kind: camera }]
assessment:
  evidence:
    - { id: ev-old, kind: test, title: Old test, collected: 2024-01-01, expires: 2025-01-01 }
  controls:
    product-security-policy: { status: verified }
    security-testing: { status: verified, evidence: [ev-old] }
`,
      { date: '2026-12-01' },
    );
    assert.equal(control(a, 'product-security-policy').status, 'implemented');
    assert.equal(control(a, 'security-testing').status, 'implemented');
    assert.deepEqual(a.findings.map((f) => f.kind).sort(), ['expired-evidence', 'verified-without-evidence']);
  });

  it('refutes a control a failed check contradicts', () => {
    const model = modelFrom(`
elements: [{ id: cam, kind: camera, authentication: { passwords: user-defined } }]
assessment:
  controls:
    password-credential-quality: { status: verified }
`);
    const a = assessChecked(model, catalog, RULES, {
      date: '2026-12-01',
      observations: [
        {
          id: 'obs-1',
          check: 'CRED-01',
          title: 'default credentials',
          target: 'tcp://127.0.0.1:80',
          element: 'cam',
          verdict: 'FAIL',
          controls: ['password-credential-quality'],
          requirements: [],
          summary: 'admin/admin accepted',
          collected: '2026-11-30T10:00:00Z',
        },
      ],
    });
    assert.equal(control(a, 'password-credential-quality').status, 'refuted');
    assert.ok(a.findings.some((f) => f.kind === 'failed-check'));
  });
});

describe('scoped statuses', () => {
  it('takes an element’s entry over its product’s over the system’s', () => {
    const a = run(`${TWO_PRODUCTS}
assessment:
  controls:
    physical-hardening:
      - { status: planned }
      - { status: implemented, products: [cam] }
      - { status: verified, elements: [hub-1], evidence: [ev] }
  evidence: [{ id: ev, kind: test, title: Tamper test }]
`);
    const subjects = Object.fromEntries(control(a, 'physical-hardening').subjects.map((s) => [s.subject, s.status]));
    assert.deepEqual(subjects, { 'cam-1': 'implemented', 'hub-1': 'verified' });
  });

  it('refuses a scope that does not fit the control’s level, and two entries for one subject', () => {
    assert.throws(
      () =>
        run(
          `${TWO_PRODUCTS}\nassessment:\n  controls:\n    product-security-policy: { status: implemented, products: [cam] }\n`,
        ),
      /product-security-policy is put in place per organisation; its status cannot be given per product/,
    );
    assert.throws(
      () =>
        run(
          `${TWO_PRODUCTS}\nassessment:\n  controls:\n    secure-boot-and-tamper-response:\n      - { status: implemented, elements: [cam-1] }\n      - { status: planned, elements: [cam-1] }\n`,
        ),
      /cam-1 already has a status for secure-boot-and-tamper-response/,
    );
  });
});

describe('residual risk where the risk is', () => {
  it('does not lower the hub’s risk with controls in place on the camera', () => {
    const a = run(`${TWO_PRODUCTS}
assessment:
  controls:
    password-credential-quality: { status: verified, products: [cam], evidence: [ev] }
    user-change-default-credentials: { status: implemented }
  evidence: [{ id: ev, kind: test, title: Password lab report }]
`);
    const risk = a.risks.find((r) => r.id === 'shared-default-password:hub-1')!;
    const quality = risk.mitigations.find((m) => m.control === 'password-credential-quality')!;
    assert.equal(quality.effective, false, 'verified on the camera, not on the hub');
    assert.equal(quality.status, 'not-started', 'nothing is claimed for the hub, and its facts say it is absent');
    assert.ok(risk.explanation.reducedBy.some((c) => c.startsWith('user-change-default-credentials')));
    assert.equal(risk.status, 'open', 'the primary control is not in effect');
  });

  it('explains the level and lets an assessor set it, with a name and a reason', () => {
    const a = run(`${TWO_PRODUCTS}
assessment:
  risks:
    shared-default-password:hub-1:
      residual: { level: medium, justification: the hub is only sold with a forced password change at setup, by: A. Assessor }
`);
    const risk = a.risks.find((r) => r.id === 'shared-default-password:hub-1')!;
    assert.equal(risk.residual.level, 'medium');
    assert.equal(risk.explanation.override?.by, 'A. Assessor');
    assert.notEqual(risk.explanation.computed.level, 'medium');
  });
});

describe('unknown is not none', () => {
  it('leaves a provision undetermined and asks, when the fact it depends on is not stated', () => {
    const a = run(`
system: { name: S, markets: [EU], category: consumer }
elements: [{ id: dev, kind: device }]
`);
    const p = forProduct(a, 'etsi-en-303-645', 'dev', '5.3-2');
    assert.notEqual(p.applies, false, 'no update mechanism stated is not "no update mechanism"');
    assert.equal(forProduct(a, 'etsi-en-303-645', 'dev', '5.6-4A').applies, 'unknown');
    assert.ok(a.questions.some((q) => q.key === 'update.mechanism' && q.subjects[0]!.id === 'dev'));
    assert.ok(a.questions.some((q) => q.key === 'debugInterfaces'));
  });

  it('reads `unknown` written in the model as unstated', () => {
    const stated = run('elements: [{ id: dev, kind: device, secureBoot: false }]');
    const unknown = run('elements: [{ id: dev, kind: device, secureBoot: unknown }]');
    const subject = (a: Assessment) => control(a, 'secure-boot-and-tamper-response').subjects[0]!;
    assert.match(subject(stated).because.join(), /not the case that it verifies its software at boot/);
    assert.deepEqual(subject(unknown).because, []);
  });

  it('asks once for a template shared by a fleet', () => {
    const a = run(`
templates: [{ id: t, kind: sensor }]
elements:
  - { id: s1, template: t }
  - { id: s2, template: t }
`);
    const debug = a.questions.filter((q) => q.key === 'debugInterfaces');
    assert.deepEqual(
      debug.map((q) => [q.subjects[0]!.type, q.subjects[0]!.id]),
      [['template', 't']],
    );
  });
});

describe('who a requirement is addressed to', () => {
  it('does not count a user’s control towards a manufacturer’s obligation, and shows it beside', () => {
    const a = run(`
system: { name: S, markets: [UK], category: consumer }
organisations: [{ id: shop, roles: [user] }]
elements: [{ id: cam, kind: camera, authentication: { passwords: shared-default } }]
assessment:
  controls:
    user-change-default-credentials: { status: implemented }
`);
    const psti1 = forProduct(a, 'uk-psti', 'cam', '1');
    assert.equal(psti1.support, 'no');
    assert.deepEqual(psti1.addressees, ['manufacturer']);
    assert.ok(
      psti1.complementary.some((c) => c.id === 'user-change-default-credentials' && c.status === 'implemented'),
    );
    assert.ok(!psti1.controls.some((c) => c.id === 'user-change-default-credentials'));
  });
});

describe('where a framework applies', () => {
  it('leaves UK PSTI out of scope for a product sold only in the EU, with the reason, and counts no gaps', () => {
    const a = run(`
system: { name: S, markets: [DE, FR], category: consumer }
elements: [{ id: cam, kind: camera, authentication: { passwords: shared-default } }]
`);
    const psti = statementOf(a, 'uk-psti');
    assert.equal(psti.scope.applies, false);
    assert.match(psti.scope.reason, /placed on DE, FR only; it applies on UK/);
    assert.equal(psti.summary.mandatoryGaps, 0);
    assert.equal(statementOf(a, 'eu-cra').scope.applies, true, 'DE and FR are in the EU single market');
  });

  it('does not apply a consumer baseline to an industrial product, unless the model opts in', () => {
    const yaml = `
system: { name: S, markets: [EU], category: industrial }
elements: [{ id: plc, kind: controller }]
`;
    const consumer = statementOf(run(yaml), 'etsi-en-303-645').scope;
    assert.equal(consumer.applies, false);
    assert.match(consumer.reason, /: an industrial product; it addresses consumer products/);
    const opted = run(
      `${yaml}assessment:\n  frameworks:\n    etsi-en-303-645: { applies: true, reason: chosen as our baseline }\n`,
    );
    assert.equal(statementOf(opted, 'etsi-en-303-645').scope.applies, true);
    assert.match(statementOf(opted, 'etsi-en-303-645').scope.reason, /opted in in the model: chosen as our baseline/);
  });

  it('leaves the scope undetermined when the markets are not stated, and asks', () => {
    const a = run('elements: [{ id: cam, kind: camera }]');
    assert.equal(statementOf(a, 'uk-psti').scope.applies, 'unknown');
    assert.ok(a.questions.some((q) => q.key === 'markets' && q.subjects[0]!.type === 'product'));
  });
});

describe('risk treatment', () => {
  const treated = (treatment: string, date = '2026-12-01') =>
    run(
      `${TWO_PRODUCTS}
assessment:
  risks:
    shared-default-password:hub-1: ${treatment}
`,
      { date },
    ).risks.find((r) => r.id === 'shared-default-password:hub-1')!;

  it('counts an acceptance only with an approver, a date and a review date ahead', () => {
    const full = '{ treatment: accept, approver: CISO, approvedOn: 2026-06-01, reviewBy: 2027-06-01 }';
    assert.equal(treated(full).status, 'accepted');
    assert.equal(treated('{ treatment: accept, owner: someone }').status, 'open');
    assert.equal(treated(full, '2027-07-01').status, 'open', 'past its review date the risk reopens');
  });

  it('counts a transfer only when it names to whom', () => {
    assert.equal(treated('{ treatment: transfer }').status, 'open');
    assert.equal(treated('{ treatment: transfer, transferredTo: Acme Insurance }').status, 'transferred');
  });

  it('leaves a suppressed finding out and lists the suppression, until it lapses', () => {
    const yaml = (until: string) => `${TWO_PRODUCTS}
assessment:
  suppressions:
    - { rule: shared-default-password, subjects: [hub-1], justification: demo unit only, until: ${until} }
`;
    const active = run(yaml('2027-01-01'));
    assert.ok(!active.risks.some((r) => r.id === 'shared-default-password:hub-1'));
    assert.deepEqual(active.provenance.exclusions.suppressions, [
      { rule: 'shared-default-password', subjects: ['hub-1'], justification: 'demo unit only' },
    ]);
    const lapsed = run(yaml('2026-01-01'));
    assert.ok(lapsed.risks.some((r) => r.id === 'shared-default-password:hub-1'));
    assert.ok(lapsed.findings.some((f) => f.kind === 'suppression-lapsed'));
  });
});

describe('the stakeholder filter', () => {
  it('filters every number, the headline included', () => {
    const all = run(TWO_PRODUCTS);
    const user = run(TWO_PRODUCTS, { stakeholder: 'user' });
    assert.ok(user.controls.length > 0 && user.controls.every((c) => c.stakeholders.some((s) => s.role === 'user')));
    assert.equal(user.summary.controls.total, user.controls.length);
    assert.ok(user.summary.controls.total < all.summary.controls.total);
    assert.equal(user.summary.risks.total, user.risks.length);
    assert.ok(user.gaps.every((g) => g.stakeholders.some((s) => s.role === 'user')));
    const owedByUsers = (addressee: string) =>
      ADDRESSEE_STAKEHOLDERS[addressee as keyof typeof ADDRESSEE_STAKEHOLDERS].includes('user');
    assert.ok(
      user.conformance.every((c) => c.addressees.length === 0 || c.addressees.some(owedByUsers)),
      'frameworks addressed to others are left out',
    );
    assert.ok(!user.conformance.some((c) => c.framework === 'uk-psti'), 'PSTI is the manufacturer’s');
  });
});
