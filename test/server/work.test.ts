/** Work on a system through the API, on both databases: edits, evidence files, acceptance, comments, sign-off. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { decodeAssessment } from '../../src/report/assessment-json.js';
import { DATABASES, example, startWorkspace, type TestWorkspace } from '../support/server.js';

const camera = example('monitoring-camera');

interface RiskView {
  id: string;
  residual: { likelihood: number; impact: number; level: string };
  mitigations: { control: string; effective: boolean }[];
}

async function assessment(ws: TestWorkspace, revision: number) {
  await ws.settle();
  const res = await ws.admin.call('GET', `/api/systems/camera/assessment?revision=${revision}`);
  assert.equal(res.status, 200, res.text);
  return decodeAssessment(res.body) as {
    risks: RiskView[];
    controls: { id: string; status: string; declared?: string; evidence: { id: string }[] }[];
  };
}

for (const kind of DATABASES) {
  describe(`work on a system on ${kind}`, () => {
    test('a control edit is a new revision that changes one line and lowers the residual risk', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      await ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: camera });
      const before = await assessment(ws, 1);
      // Declared not-started for the whole system, and no fact of the model says it could not be in place.
      const control = 'minimise-interfaces-and-services';
      const risk = before.risks.find((r) => r.id === 'cleartext-admin-service:recorder')!;
      assert.equal(risk.mitigations.find((m) => m.control === control)?.effective, false);
      const edit = await ws.admin.call('PUT', `/api/systems/camera/controls/${control}`, {
        base: 1,
        status: 'implemented',
        owner: 'Security team',
      });
      assert.equal(edit.status, 200, edit.text);
      assert.equal(edit.body.revision, 2);
      const after = await assessment(ws, 2);
      const changed = after.risks.find((r) => r.id === risk.id)!;
      const score = (r: RiskView) => r.residual.likelihood * r.residual.impact;
      assert.ok(score(changed) < score(risk), `${risk.id}: residual ${score(risk)} → ${score(changed)}`);
      assert.equal(after.controls.find((c) => c.id === control)?.declared, 'implemented');
      const yaml = (await ws.admin.call('GET', '/api/systems/camera/model')).text;
      const added = yaml.split('\n').filter((line) => !camera.split('\n').includes(line));
      assert.ok(added.length <= 2, `only the control's line(s) change: ${added.join(' | ')}`);
      const stale = await ws.admin.call('PUT', `/api/systems/camera/controls/${control}`, {
        base: 1,
        status: 'verified',
      });
      assert.equal(stale.status, 409);
      assert.equal((await ws.admin.call('GET', '/api/systems/camera/model')).text, yaml, 'the 409 lost nothing');
      const history = await ws.admin.call('GET', `/api/systems/camera/history?control=${control}`);
      assert.deepEqual(
        history.body.entries.map((e: { action: string }) => e.action),
        ['control.edit'],
      );
    });

    test('a status for one product: its own entry, its own status; scopes the control cannot take are refused as the CLI refuses them', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      await ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: camera });
      const url = '/api/systems/camera/controls/product-security-documentation';
      const scoped = await ws.admin.call('PUT', url, {
        base: 1,
        status: 'implemented',
        owner: 'NVR team',
        scope: { products: ['recorder-nvr'] },
      });
      assert.equal(scoped.status, 200, scoped.text);
      const state = (await assessment(ws, 2)) as unknown as {
        controls: { id: string; products: { product: string; status: string }[] }[];
      };
      const perProduct = state.controls.find((c) => c.id === 'product-security-documentation')!.products;
      assert.equal(perProduct.find((p) => p.product === 'recorder-nvr')?.status, 'implemented');
      assert.equal(perProduct.find((p) => p.product === 'c2-camera')?.status, 'not-started', 'only the product named');

      const organisationLevel = await ws.admin.call('PUT', '/api/systems/camera/controls/product-security-policy', {
        base: 2,
        status: 'planned',
        scope: { products: ['c2-camera'] },
      });
      assert.equal(organisationLevel.status, 400);
      assert.match(
        organisationLevel.body.error.message,
        /product-security-policy is put in place per organisation; its status cannot be given per product/,
      );
      const unknown = await ws.admin.call('PUT', url, { base: 2, status: 'planned', scope: { products: ['c3'] } });
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.error.message, /"c3" is not one of the model's products/);
      const badKey = await ws.admin.call('PUT', url, { base: 2, status: 'planned', scope: { zones: ['x'] } });
      assert.equal(badKey.status, 400, 'a scope key the model does not have');
      assert.equal((await ws.admin.call('GET', '/api/systems/camera/revisions')).body.revisions.length, 2);

      // A status for the recorder's product lowers the recorder's risk.
      const risk = 'no-security-logging:recorder';
      const residual = (a: { risks: RiskView[] }) => a.risks.find((r) => r.id === risk)!.residual;
      const before = residual(await assessment(ws, 2));
      const recorder = await ws.admin.call(
        'PUT',
        '/api/systems/camera/controls/security-monitoring-and-anomaly-detection',
        {
          base: 2,
          status: 'implemented',
          scope: { products: ['recorder-nvr'] },
        },
      );
      assert.equal(recorder.status, 200, recorder.text);
      const after = residual(await assessment(ws, 3));
      assert.ok(after.likelihood < before.likelihood, `${risk}: likelihood ${before.likelihood} → ${after.likelihood}`);

      const upload = await ws.admin.call(
        'POST',
        '/api/systems/camera/controls/threat-and-risk-analysis/evidence?base=3&title=NVR%20threat%20model&filename=tm.pdf&products=recorder-nvr',
        Buffer.from('threat model of the recorder'),
        { 'content-type': 'application/octet-stream' },
      );
      assert.equal(upload.status, 201, upload.text);
      const yaml = (await ws.admin.call('GET', '/api/systems/camera/model')).text;
      const entries = (
        parse(yaml) as { assessment: { controls: Record<string, { products?: string[]; evidence?: string[] }[]> } }
      ).assessment.controls['threat-and-risk-analysis']!;
      assert.deepEqual(
        entries.map((e) => [e.products, e.evidence ?? []]),
        [
          [['c2-camera', 'vistacam-app'], ['ev-threat-model']],
          [['recorder-nvr'], [upload.body.evidence]],
        ],
      );
    });

    test('the diff between two revisions is what `iotassure diff` says, per product', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      await ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: camera });
      const edit = await ws.admin.call('PUT', '/api/systems/camera/controls/product-security-documentation', {
        base: 1,
        status: 'implemented',
        scope: { products: ['recorder-nvr'] },
      });
      assert.equal(edit.status, 200, edit.text);
      await ws.settle();
      const res = await ws.admin.call('GET', '/api/systems/camera/diff?from=1&to=2');
      assert.equal(res.status, 200, res.text);
      const change = res.body.diff.controls.find((c: { id: string }) => c.id === 'product-security-documentation');
      assert.deepEqual(change.products, [{ product: 'recorder-nvr', from: 'not-started', to: 'implemented' }]);
      assert.equal(res.body.diff.summary.newRisks, 0);
      const same = await ws.admin.call('GET', '/api/systems/camera/diff?from=2&to=2');
      assert.deepEqual(same.body.diff.controls, [], 'a revision against itself changes nothing');
      assert.equal((await ws.admin.call('GET', '/api/systems/camera/diff?from=1&to=9')).status, 404);
      assert.equal((await ws.admin.call('GET', '/api/systems/camera/diff?from=one&to=2')).status, 400);
    });

    test('evidence files: content-addressed, listed in the model with who and when, never served inline', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      await ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: camera });
      const bytes = Buffer.from('<html><script>alert(1)</script></html>');
      const upload = (base: number, control: string) =>
        ws.admin.call(
          'POST',
          `/api/systems/camera/controls/${control}/evidence?base=${base}&title=Lockout%20test&filename=report.html&kind=test&expires=2027-12-01&reviewer=Rita%20Reviewer`,
          bytes,
          { 'content-type': 'application/octet-stream' },
        );
      const first = await upload(1, 'brute-force-protection');
      assert.equal(first.status, 201, first.text);
      assert.match(first.body.file, /^[0-9a-f]{64}$/);
      const second = await upload(2, 'secure-communication');
      assert.equal(second.status, 409, 'the same file is the same evidence entry');
      const rows = await ws.ctx.store.db.selectFrom('evidence_files').select('sha256').execute();
      assert.equal(rows.length, 1, 'stored once by content');
      const file = await ws.admin.call('GET', `/api/systems/camera/files/${first.body.file}`);
      assert.equal(file.status, 200);
      assert.equal(file.text, bytes.toString());
      assert.equal(file.headers['content-type'], 'application/octet-stream');
      assert.match(String(file.headers['content-disposition']), /^attachment; filename="report.html"/);
      assert.match(String(file.headers['content-security-policy']), /sandbox/);
      const state = await assessment(ws, 2);
      const control = state.controls.find((c) => c.id === 'brute-force-protection')!;
      assert.ok(control.evidence.some((e) => e.id === first.body.evidence));
      const yaml = (await ws.admin.call('GET', '/api/systems/camera/model')).text;
      assert.match(
        yaml,
        new RegExp(
          `id: ${first.body.evidence}, kind: test, title: Lockout test, location: sha256:${first.body.file}, collected: \\d{4}-\\d{2}-\\d{2}, expires: 2027-12-01, by: Administrator`,
        ),
      );
      const tooBig = await ws.admin.call(
        'POST',
        '/api/systems/camera/controls/brute-force-protection/evidence?base=2&title=x&filename=x',
        Buffer.alloc(33 * 1024 * 1024),
        { 'content-type': 'application/octet-stream' },
      );
      assert.equal(tooBig.status, 413);
      const missing = await ws.admin.call('GET', `/api/systems/camera/files/${'0'.repeat(64)}`);
      assert.equal(missing.status, 404);
    });

    test('risk acceptance names its approver and review date; sign-off in order by three people', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      await ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: camera });
      const risk = 'cleartext-across-boundary:recorder-to-cloud';
      const noDate = await ws.admin.call('PUT', `/api/systems/camera/risks/${risk}`, { base: 1, treatment: 'accept' });
      assert.equal(noDate.status, 400);
      const accepted = await ws.admin.call('PUT', `/api/systems/camera/risks/${risk}`, {
        base: 1,
        treatment: 'accept',
        justification: 'until the recorder is replaced in March',
        reviewBy: '2027-03-31',
      });
      assert.equal(accepted.status, 200, accepted.text);
      const approvals = (await ws.admin.call('GET', '/api/systems/camera/approvals')).body.approvals;
      assert.equal(approvals[0].approver_name, 'Administrator');
      assert.equal(approvals[0].review_by, '2027-03-31');
      const state = await assessment(ws, 2);
      assert.equal(state.risks.find((r) => r.id === risk) && 'found', 'found');

      const auditor = await ws.user('audrey@example.org');
      const owner = await ws.user('olga@example.org');
      await ws.admin.call('PUT', `/api/systems/camera/members/${auditor.id}`, { role: 'auditor' });
      await ws.admin.call('PUT', `/api/systems/camera/members/${owner.id}`, { role: 'owner' });
      const url = '/api/systems/camera/revisions/2/signoff';
      assert.equal((await owner.call('POST', url, { step: 'approved' })).status, 409, 'not before review');
      assert.equal((await ws.admin.call('POST', url, { step: 'prepared', note: 'ready' })).status, 201);
      assert.equal((await auditor.call('POST', url, { step: 'prepared' })).status, 403, 'auditors do not prepare');
      assert.equal((await ws.admin.call('POST', url, { step: 'approved' })).status, 409, 'not before review');
      assert.equal((await auditor.call('POST', url, { step: 'reviewed' })).status, 201);
      const self = await ws.admin.call('POST', url, { step: 'approved' });
      assert.equal(self.status, 403, 'the preparer does not approve their own work');
      const approved = await owner.call('POST', url, { step: 'approved' });
      assert.equal(approved.status, 201);
      assert.equal(approved.body.signedOff, true);
      assert.deepEqual(
        approved.body.steps.map((s: { step: string; name: string }) => `${s.step}:${s.name}`),
        ['prepared:Administrator', 'reviewed:audrey@example.org', 'approved:olga@example.org'],
      );
      const again = await owner.call('POST', url, { step: 'approved' });
      assert.equal(again.status, 409);
      assert.match(again.body.error.message, /signed off and immutable/);
      const md = await ws.admin.call('GET', '/api/systems/camera/revisions/2/export/md');
      assert.equal(md.status, 200);
      assert.match(
        md.text,
        /## Sign-off \(revision 2, signed off\)[\s\S]*\| approved \| olga@example\.org \| owner \|/,
      );
      assert.match(String(md.headers['content-disposition']), /attachment; filename="camera-r2-/);
      const html = await ws.admin.call('GET', '/api/systems/camera/revisions/2/export/html');
      assert.match(html.text, /<section id="signoff">.*audrey@example\.org/);
      const unsigned = await ws.admin.call('GET', '/api/systems/camera/revisions/1/export/md');
      assert.doesNotMatch(unsigned.text, /## Sign-off/);
    });

    test('comments on controls and risks, listed per target', async (t) => {
      const ws = await startWorkspace(t, kind);
      if (!ws) return;
      await ws.admin.call('POST', '/api/systems/camera/revisions', { yaml: camera });
      const hostile = '<img src=x onerror=alert(1)> **not markdown**';
      const posted = await ws.admin.call('POST', '/api/systems/camera/comments', {
        target: 'control:secure-communication',
        body: hostile,
      });
      assert.equal(posted.status, 201);
      await ws.admin.call('POST', '/api/systems/camera/comments', { target: 'system', body: 'overall fine' });
      const list = await ws.admin.call('GET', '/api/systems/camera/comments?target=control:secure-communication');
      assert.deepEqual(
        list.body.comments.map((c: { body: string }) => c.body),
        [hostile],
      );
      const bad = await ws.admin.call('POST', '/api/systems/camera/comments', { target: 'nonsense', body: 'x' });
      assert.equal(bad.status, 400);
    });
  });
}
