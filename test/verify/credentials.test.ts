/**
 * Every credential any check sends is charged to one budget per resolved address and port: a fake HTTP device on
 * loopback counts what arrives — HTTP Basic headers and login-form posts — and the count is held against
 * attemptsPerService, the one-per-second pace at the device, the lockout latch and the audit log. The device is
 * listed under five spellings of its address, as five targets, so that a budget per spelling would show.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { Target } from '../../src/model/verification.js';
import { auditFile } from '../../src/verify/net/audit.js';
import { verify } from '../../src/verify/runner.js';
import { listen } from '../fixtures/http-admin.js';
import { tempDir } from '../fixtures/system.js';

const FORM = `<html><head><title>Camera</title></head><body><form method="post" action="/login">
<input type="text" name="user"><input type="password" name="pass"><button>Sign in</button></form></body></html>`;

interface Submission {
  at: number;
  how: 'basic' | 'form';
  path: string;
  /** answered with a lockout */
  locked: boolean;
}

/** A camera admin page that refuses every credential, and after `lockoutAfter` of them answers 423 "locked". */
async function fakeDevice(t: TestContext, lockoutAfter = Number.POSITIVE_INFINITY) {
  const submissions: Submission[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const body = Buffer.concat(chunks).toString();
      const how = req.headers.authorization
        ? 'basic'
        : req.method === 'POST' && /(?:^|&)pass=/.test(body)
          ? 'form'
          : undefined;
      if (how) {
        const locked = submissions.length >= lockoutAfter;
        submissions.push({ at: performance.now(), how, path, locked });
        if (locked) {
          res.writeHead(423, { 'content-type': 'text/html' }).end('<p>Account locked: too many failed logins</p>');
          return;
        }
      }
      if (path === '/login') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(how ? `<p>Invalid password</p>${FORM}` : FORM);
        return;
      }
      if (path.startsWith('/admin')) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="camera"' }).end('unauthorised');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><title>Camera</title></html>');
    });
  });
  return { port: await listen(t, server), submissions };
}

/** The same device five times, each spelling of 127.0.0.1 a target of its own. */
function targets(port: number): Target[] {
  return ['127.0.0.1', '2130706433', '127.1', '0x7f.0.0.1', '::ffff:127.0.0.1'].map((host, i) => ({
    id: `spelling-${i}`,
    host,
    credentials: { valid: { username: 'operator', password: 'S3cure-operator' } },
    scan: { tcp: 'declared', udp: 'declared' },
    services: [
      {
        port,
        protocol: 'http',
        loginPath: '/login',
        protectedPaths: ['/admin', '/admin/users', '/admin/network', '/admin/config.json', '/admin/firmware'],
      },
    ],
  }));
}

function auditEvents(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('one credential budget per address and port', () => {
  it('a default run sends at most attemptsPerService submissions to the device, at least a second apart, all in the audit log', {
    timeout: 120_000,
  }, async (t) => {
    const device = await fakeDevice(t);
    const audit = join(tempDir('iotassure-audit-'), 'audit.log');
    const result = await verify(
      { targets: targets(device.port), limits: { timeoutMs: 2000 } },
      { env: { IOTASSURE_TEST_SCOPE: 'loopback' }, audit: auditFile(audit) },
    );
    assert.ok(
      result.observations.some((o) => o.check === 'CRED-06'),
      'CRED-06 ran',
    );
    const seen = device.submissions;
    assert.ok(seen.length > 0, 'credentials were sent at all');
    assert.ok(seen.length <= 3, `${seen.length} submissions at the device: ${JSON.stringify(seen)}`);
    const logged = auditEvents(audit).filter((e) => e.event === 'credential');
    assert.equal(logged.length, seen.length, 'the audit log lists every submission');
    // The pace holds at the device: a check's turn lasts until its attempt is answered, and the next hand-over waits
    // a second after that, so no two arrivals are closer than 1000 ms (less float rounding). Hand-overs alone a second
    // apart let arrivals come 800-970 ms apart: a form login fetches its page before it posts.
    for (let i = 1; i < seen.length; i++) {
      const gap = seen[i]!.at - seen[i - 1]!.at;
      assert.ok(gap >= 999.9, `submission ${i + 1} arrived ${gap} ms after the one before`);
    }
    assert.ok(
      logged.every((e) => e.endpoint === `127.0.0.1:${device.port}`),
      JSON.stringify(logged),
    );
    assert.deepEqual(result.credentialSubmissions, { [`127.0.0.1:${device.port}`]: seen.length });
    assert.equal(auditEvents(audit).at(-1)!.credentialAttempts, seen.length);
  });

  it('no check sends a credential after the device signals a lockout', { timeout: 120_000 }, async (t) => {
    const device = await fakeDevice(t, 1);
    const audit = join(tempDir('iotassure-audit-'), 'audit.log');
    await verify(
      { targets: targets(device.port), limits: { timeoutMs: 2000, attemptsPerService: 10 } },
      { env: { IOTASSURE_TEST_SCOPE: 'loopback' }, audit: auditFile(audit) },
    );
    const seen = device.submissions;
    const firstLock = seen.findIndex((s) => s.locked);
    assert.ok(firstLock >= 0, `the device locked: ${JSON.stringify(seen)}`);
    assert.equal(seen.length, firstLock + 1, `nothing after the lockout: ${JSON.stringify(seen)}`);
    const events = auditEvents(audit);
    assert.equal(events.filter((e) => e.event === 'credential').length, seen.length);
    assert.equal(events.filter((e) => e.event === 'lockout').length, 1, 'the latch is logged once');
  });
});
