/**
 * The statements an auditor files, as Markdown and as the shared rows: one implementation conformance statement per
 * product and framework in scope with a flagged missing justification, and the statement of applicability in clause
 * order with derived not-applicable shown as such.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EvidenceRef } from '../src/assess/assessment.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { compareClauses, icsForms, icsRow, MISSING_JUSTIFICATION, soaRows } from '../src/report/statements.js';
import { evidenceForReaders } from '../src/report/text.js';
import { assessFile, CAMERA } from './support/reports.js';

const { assessment: a, catalog } = assessFile(CAMERA);

describe('implementation conformance statements', () => {
  it('has one form per product and framework in scope, product by product', () => {
    const forms = icsForms(a);
    const expected = a.conformance.flatMap((c) =>
      c.scope.applies === false ? [] : c.products.filter((p) => p.scope.applies !== false),
    );
    assert.equal(forms.length, expected.length);
    const products = forms.map((f) => f.product.id);
    assert.deepEqual(
      products,
      [...products].sort(
        (x, y) => a.system.products.findIndex((p) => p.id === x) - a.system.products.findIndex((p) => p.id === y),
      ),
    );
    assert.ok(forms.some((f) => f.framework === 'uk-psti'));
    assert.ok(forms.some((f) => f.framework === 'eu-cra' && f.product.id === 'vistacam-app'));
  });

  it('says partly as not supported, N/A with the reason, and flags an unjustified recommendation', () => {
    const en = a.conformance.find((c) => c.framework === 'etsi-en-303-645')!.products[0]!;
    const partial = en.provisions.find((p) => p.support === 'partial')!;
    assert.equal(icsRow(partial).support, 'no');
    assert.match(icsRow(partial).detail, /^partly/);
    const unjustified = en.provisions.filter((p) => icsRow(p).justificationMissing);
    assert.equal(unjustified.length, en.summary.recommendationsWithoutJustification);
    assert.ok(unjustified.every((p) => p.status === 'recommended'));
    const justified = { ...unjustified[0]!, justification: 'the camera has no local storage' };
    assert.equal(icsRow(justified).justificationMissing, false);
    assert.equal(icsRow(justified).justification, 'the camera has no local storage');
    const na = {
      ...en.provisions[0]!,
      applies: false as const,
      support: 'not-applicable' as const,
      reason: 'no passwords',
    };
    assert.deepEqual([icsRow(na).support, icsRow(na).justification], ['N/A', 'no passwords']);
  });

  it('prints each in Markdown under the product with the flag', () => {
    const md = [...renderMarkdown(a, { catalog })].join('');
    assert.match(md, /### Implementation conformance statements: Vistacam NVR-1 recorder/);
    assert.match(md, /#### ETSI EN 303 645 V3\.1\.3 — Vistacam C2 camera/);
    assert.match(md, /\| 5\.1-1 \| Once out of the factory state[^|]*\| M C \| a holds \| yes \|/);
    assert.ok(md.includes(MISSING_JUSTIFICATION));
    assert.match(md, /recommendations? not met without a recorded justification \(provision 5\.0-1 asks for one\)/);
  });
});

describe('statement of applicability', () => {
  it('orders clauses number by number', () => {
    assert.ok(compareClauses('7.1.2.9', '7.1.2.10') < 0);
    assert.ok(compareClauses('7.1.3', '7.1.2.14') > 0);
    assert.ok(compareClauses('7.2', '7.2.1') < 0);
    assert.equal(compareClauses('7.1.2', '7.1.2'), 0);
  });

  it('lists every control in clause order with its statement; derived not-applicable is shown as such', () => {
    const rows = soaRows(a, { catalog });
    assert.equal(rows.length, a.controls.length);
    for (let i = 1; i < rows.length; i++) assert.ok(compareClauses(rows[i - 1]!.clause, rows[i]!.clause) <= 0);
    assert.ok(
      rows.every((r) => r.statement.length > 0),
      'statements from the catalog',
    );
    const derived = rows.find((r) => r.control === 'code-execution-control')!;
    assert.deepEqual([derived.applies, derived.status], ['no', 'not applicable (derived from the model)']);
    assert.match(derived.justification, /does not apply/);
    const withEvidence = rows.find((r) => /EXPIRED|valid until|no expiry/.test(r.evidence));
    assert.ok(withEvidence, 'evidence carries its expiry state');
  });
});

describe('evidence as people read it', () => {
  const stated = (line: number, title = 'declared in the model: the flow is encrypted', file = 'fleet.yaml') =>
    ({
      id: `model@${line}`,
      kind: 'model',
      title,
      location: `${file}:${line}`,
      source: { file, line, column: 5 },
      expired: false,
      subjects: [`f${line}`],
    }) satisfies EvidenceRef;
  const document: EvidenceRef = { id: 'pentest', kind: 'test', title: 'penetration test', expired: false };

  it('groups the statements of one fact in one file, naming the first lines and how many more', () => {
    const refs = [stated(10), document, stated(11), stated(12), stated(13), stated(14)];
    const shown = evidenceForReaders(refs);
    assert.equal(shown.length, 2);
    assert.equal(shown[0]!.id, 'model (5 statements)');
    assert.equal(shown[0]!.location, 'fleet.yaml lines 10, 11, 12 and 2 more');
    assert.deepEqual(shown[0]!.subjects, ['f10', 'f11', 'f12', 'f13', 'f14']);
    assert.equal(shown[1], document);
  });

  it('keeps a single statement, other facts and other files as they are', () => {
    const refs = [stated(10), stated(20, 'declared in the model: updates are signed'), stated(30, undefined, 'b.yaml')];
    assert.deepEqual(evidenceForReaders(refs), refs);
  });

  it('names every statement when there are no more than three', () => {
    assert.equal(evidenceForReaders([stated(1), stated(2), stated(3)])[0]!.location, 'fleet.yaml lines 1, 2, 3');
  });
});
