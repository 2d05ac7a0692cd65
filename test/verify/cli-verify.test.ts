/**
 * `iotassure verify` from the command line: input diagnostics, scope refusals, dry runs, exit codes, the files it
 * writes — and the end-to-end path into `iotassure assess --evidence` on the monitoring-camera example.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { Assessment } from '../../src/assess/assessment.js';
import { main } from '../../src/cli/main.js';
import { loadModelFile } from '../../src/model/load.js';
import { decodeAssessment } from '../../src/report/assessment-json.js';
import { startDropbear } from '../fixtures/dropbear.js';
import { GOOD_HEADERS, startHttpAdmin } from '../fixtures/http-admin.js';
import { startMosquitto } from '../fixtures/mosquitto.js';
import { tempDir } from '../fixtures/system.js';
import { startTelnetd } from '../fixtures/telnetd.js';
import '../fixtures/verify-run.js'; // loopback-only test scope

const T = { timeout: 20_000 };
const CAMERA = join(import.meta.dirname, '../../examples/monitoring-camera/system.yaml');
const FAST = 'limits: { timeoutMs: 1500, connectionsPerSecond: 200, perHost: 4 }';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), tty: false });
  return { code, stdout, stderr };
}

function file(text: string, name = 'targets.yaml'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

/** A TCP server that counts the connections it gets. */
async function counter(t: TestContext): Promise<{ port: number; connections: () => number }> {
  let n = 0;
  const server = net.createServer((s) => {
    n++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return { port: (server.address() as net.AddressInfo).port, connections: () => n };
}

describe('verify: input and scope errors exit 2 with precise diagnostics', () => {
  it('a typo in a targets file', async () => {
    const path = file('targets:\n  - host: 127.0.0.1\n    services: [{ port: 23, protocl: telnet }]\n');
    const r = await cli('verify', path);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      new RegExp(
        `${path}:3:\\d+: error: targets\\[0\\]\\.services\\[0\\]\\.protocl: unknown key "protocl"\\n  did you mean "protocol"\\?`,
      ),
    );
  });

  it('an element the model does not have, with a suggestion', async () => {
    const path = file('targets:\n  - host: 127.0.0.1\n    element: recordr\n    services: []\n');
    const r = await cli('verify', path, '--model', CAMERA, '--dry-run');
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /:3:14: error: targets\[0\]\.element: unknown element "recordr" in model .*\n {2}did you mean "recorder"\?/,
    );
  });

  it('a model without a verification section, and an unknown --only check', async () => {
    const r = await cli('verify', CAMERA);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /the model has no `verification:` section/);
    const only = await cli('verify', file('targets: [{ host: 127.0.0.1, services: [] }]\n'), '--only', 'CRED-1');
    assert.equal(only.code, 2);
    assert.match(only.stderr, /unknown check "CRED-1"; did you mean CRED-01\?/);
  });

  it('a target outside the scope is refused before anything is sent, and the refusal is audited', async () => {
    const out = tempDir();
    const path = file(
      'targets:\n  - host: 127.0.0.1\n    services: []\n  - host: 192.168.1.1\n    services: [{ port: 80, protocol: http }]\n',
    );
    const r = await cli('verify', path, '--out', out);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /:4:\d+: error: targets\[1\]\.host: target 192\.168\.1\.1 is not allowed: refused 192\.168\.1\.1: test mode allows only loopback addresses/,
    );
    assert.equal(r.stdout, '');
    assert.equal(existsSync(join(out, 'evidence.json')), false);
    const audit = readFileSync(join(out, 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      audit.map((e) => e.event),
      ['refused'],
    );
  });
});

describe('verify: runs', () => {
  it('--dry-run prints the plan and sends nothing', T, async (t) => {
    const target = await counter(t);
    const path = file(
      `targets:\n  - id: camera\n    host: 127.0.0.1\n    services: [{ port: ${target.port}, protocol: telnet }]\n`,
    );
    const text = await cli('verify', path, '--dry-run');
    assert.equal(text.code, 0);
    assert.match(
      text.stdout,
      new RegExp(`CRED-01 +tcp://127\\.0\\.0\\.1:${target.port} +auth-attempt, ≤ 3 credential submissions`),
    );
    assert.match(text.stdout, /CRED-05 .*\[not run: needs allow: \[brute-force\] on the target\]/);
    const json = JSON.parse((await cli('verify', path, '--dry-run', '--json')).stdout);
    assert.ok(json.items.some((i: { check: string }) => i.check === 'NET-03'));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(target.connections(), 0);
  });

  it('exit 1 on FAIL, 0 when all pass, and INCONCLUSIVE fails only with --fail-on INCONCLUSIVE', T, async (t) => {
    const bare = await startHttpAdmin(t, { tls: true });
    const good = await startHttpAdmin(t, { tls: true, headers: GOOD_HEADERS });
    const closed = await counter(t);
    if (!bare || !good) return;
    const spec = (port: number, protocol = 'https') =>
      file(`targets: [{ host: 127.0.0.1, services: [{ port: ${port}, protocol: ${protocol} }] }]\n${FAST}\n`);
    const failed = await cli('verify', spec(bare.port), '--only', 'HTTP-01');
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /^TARGET +CHECK +ENDPOINT +VERDICT +SUMMARY$/m);
    assert.match(
      failed.stdout,
      /target@127\.0\.0\.1 +HTTP-01 +tcp:\/\/127\.0\.0\.1:\d+ +FAIL +no Strict-Transport-Security/,
    );
    assert.match(failed.stderr, /^\[1\/1\] target@127\.0\.0\.1 HTTP-01 tcp:\/\/127\.0\.0\.1:\d+ FAIL \(\d+ ms\)$/m);
    assert.equal((await cli('verify', spec(good.port), '--only', 'HTTP-01')).code, 0);
    // a telnet port that closes at once: no login prompt, INCONCLUSIVE
    const unsure = spec(closed.port, 'telnet');
    const lenient = await cli('verify', unsure, '--only', 'CRED-01', '--json');
    assert.equal(lenient.code, 0);
    assert.equal(JSON.parse(lenient.stdout)[0].verdict, 'INCONCLUSIVE');
    assert.equal((await cli('verify', unsure, '--only', 'CRED-01', '--fail-on', 'INCONCLUSIVE')).code, 1);
  });

  it('reads the verification section of a system model', T, async (t) => {
    const site = await startHttpAdmin(t, { server: 'lighttpd/1.4.69' });
    if (!site) return;
    const model = file(
      [
        'system: { name: Test }',
        'elements:',
        '  - { id: hub, kind: hub, services: [{ protocol: http, port: 80, purpose: admin }] }',
        'verification:',
        `  targets: [{ element: hub, host: 127.0.0.1, services: [{ port: ${site.port}, protocol: http }] }]`,
        `  ${FAST}`,
        '',
      ].join('\n'),
      'system.yaml',
    );
    const r = await cli('verify', model, '--only', 'HTTP-03', '--json');
    assert.equal(r.code, 1, r.stderr);
    const [o] = JSON.parse(r.stdout);
    assert.equal(o.element, 'hub');
    assert.match(o.summary, /lighttpd\/1\.4\.69/);
  });
});

describe('verify → assess --evidence on the monitoring-camera example', () => {
  it(
    'failed checks become gaps with their evidence; a PASS turns an implemented control into verified',
    T,
    async (t) => {
      const broker = await startMosquitto(t);
      const telnetd = await startTelnetd(t);
      const ssh = await startDropbear(t);
      const admin = await startHttpAdmin(t, { form: { username: 'installer', password: 'Sh0p-2026!' } });
      if (!broker || !telnetd || !ssh || !admin) return;
      const out = tempDir();
      const targets = file(
        [
          '# the camera example, pointed at local stand-ins',
          'targets:',
          '  - id: cloud-broker',
          '    element: cloud-video',
          '    host: 127.0.0.1',
          `    services: [{ port: ${broker.port}, protocol: mqtt }]`,
          '  - id: recorder',
          '    element: recorder',
          '    host: 127.0.0.1',
          '    services:',
          `      - { port: ${telnetd.port}, protocol: telnet, authentication: password }`,
          `      - { port: ${admin.port}, protocol: http, loginPath: /login, protectedPaths: [/admin] }`,
          '  - id: indoor-camera-1',
          '    element: indoor-camera',
          '    host: 127.0.0.1',
          `    services: [{ port: ${ssh.port}, protocol: ssh }]`,
          FAST,
          '',
        ].join('\n'),
      );
      const verified = await cli(
        'verify',
        targets,
        '--model',
        CAMERA,
        '--out',
        out,
        '--only',
        'CRED-01,CRED-03,NET-01,SSH-01,CRED-06',
      );
      assert.equal(verified.code, 1, verified.stderr);
      const evidence = JSON.parse(readFileSync(join(out, 'evidence.json'), 'utf8'));
      const verdict = (check: string, target: string) =>
        evidence.observations.find(
          (o: { check: string; targetId: string }) => o.check === check && o.targetId === target,
        )?.verdict;
      assert.equal(verdict('CRED-03', 'cloud-broker'), 'FAIL');
      assert.equal(
        evidence.observations.find(
          (o: { check: string; target: string }) => o.check === 'CRED-01' && o.target.endsWith(`:${telnetd.port}`),
        ).verdict,
        'FAIL',
      );
      assert.equal(verdict('NET-01', 'recorder'), 'FAIL');
      assert.equal(verdict('SSH-01', 'indoor-camera-1'), 'PASS');
      assert.equal(verdict('CRED-06', 'recorder'), 'PASS');
      assert.doesNotMatch(readFileSync(join(out, 'evidence.json'), 'utf8'), /"admin"|admin:admin/);
      const audit = readFileSync(join(out, 'audit.log'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.equal(audit[0].event, 'start');
      assert.equal(audit.at(-1).event, 'end');
      assert.ok(audit.at(-1).credentialAttempts >= 4);

      const assessed = await cli(
        'assess',
        CAMERA,
        '--evidence',
        join(out, 'evidence.json'),
        '--format',
        'json',
        '--date',
        '2026-11-27',
      );
      assert.equal(assessed.code, 0, assessed.stderr);
      const assessment = decodeAssessment(JSON.parse(assessed.stdout)) as Assessment;
      const gap = (control: string) => assessment.gaps.find((g: { control: string }) => g.control === control);
      const control = (id: string) => assessment.controls.find((c: { id: string }) => c.id === id);
      const failedId = (check: string, target: string) =>
        evidence.observations.find(
          (o: { check: string; targetId: string }) => o.check === check && o.targetId === target,
        ).id;
      assert.deepEqual(gap('authenticate-before-access')?.failedEvidence, [failedId('CRED-03', 'cloud-broker')]);
      assert.ok(
        gap('password-credential-quality')?.failedEvidence.includes(failedId('CRED-01', 'recorder')),
        'declared verified, but a default password works',
      );
      assert.ok(gap('minimise-interfaces-and-services')?.failedEvidence.includes(failedId('NET-01', 'recorder')));
      // implemented in the example, evidenced by SSH-01 PASS on the indoor camera and contradicted by nothing: verified
      // there, and only there — the other elements it applies to were not checked, so over the system it stays
      // implemented
      const declared = loadModelFile(CAMERA).assessment.controls.get('cryptographic-authentication')?.[0]?.status;
      assert.equal(declared, 'implemented', 'precondition: the example declares the control implemented');
      const crypto = control('cryptographic-authentication')!;
      const statusOf = (subject: string) => crypto.subjects.find((s) => s.subject === subject)?.status;
      assert.equal(statusOf('indoor-camera'), 'verified');
      assert.equal(statusOf('recorder'), 'implemented');
      assert.equal(crypto.status, 'implemented');
      assert.equal(gap('cryptographic-authentication'), undefined);
      assert.ok(crypto.evidence.some((e) => e.kind === 'check' && e.verdict === 'PASS'));
    },
  );
});

describe('verification docs and example', () => {
  it('docs/verification.md describes every registered check', async () => {
    const { checks, sbomChecks } = await import('../../src/verify/checks/index.js');
    const doc = readFileSync(join(import.meta.dirname, '../../docs/verification.md'), 'utf8');
    for (const { meta } of [...checks, ...sbomChecks])
      assert.match(doc, new RegExp(`\\| \\*\\*${meta.id}\\*\\* \\|`), meta.id);
  });

  it("the camera example's targets file is valid for its model", async () => {
    const { loadVerification } = await import('../../src/verify/load.js');
    const loaded = loadVerification(join(import.meta.dirname, '../../examples/monitoring-camera/targets.yaml'), CAMERA);
    assert.deepEqual(
      loaded.spec.targets.map((t) => t.element),
      ['indoor-camera', 'entrance-camera', 'recorder'],
    );
  });
});
