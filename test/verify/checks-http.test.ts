/** CRED-02, CRED-06 (HTTP), NET-02 and HTTP-01…03 against Node http/https admin pages on 127.0.0.1. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GOOD_HEADERS, startHttpAdmin } from '../fixtures/http-admin.js';
import { one, runChecks } from '../fixtures/verify-run.js';

const T = { timeout: 20_000 };
const STRONG = { username: 'operator', password: 'N0t-a-default' };
/** A short vendor list the budget of 3 covers completely, so a run can finish it and PASS. */
const VENDOR_DEFAULTS = {
  defaults: [
    { username: 'admin', password: 'admin' },
    { username: 'admin', password: 'password' },
  ],
};

describe('HTTP admin checks', () => {
  it('CRED-02 fails when HTTP Basic takes admin/admin and passes when every default is refused', T, async (t) => {
    const weak = await startHttpAdmin(t, { basic: { username: 'admin', password: 'admin' } });
    const strong = await startHttpAdmin(t, { basic: STRONG });
    if (!weak || !strong) return;
    const service = (port: number) => ({ port, protocol: 'http' as const, loginPath: '/admin/' });
    const [fail, pass] = await Promise.all([
      runChecks(['CRED-02'], { services: [service(weak.port)] }),
      runChecks(['CRED-02'], { services: [service(strong.port)], credentials: VENDOR_DEFAULTS }),
    ]);
    const failed = one(fail, 'CRED-02');
    assert.equal(failed.verdict, 'FAIL', failed.summary);
    assert.match(failed.summary, /HTTP Basic login on \/admin\/ accepted default #1/);
    assert.match(
      failed.exchanges![1]!.sent!,
      /a random pair \(control\)/,
      'a random pair rules out "accepts anything"',
    );
    assert.equal(one(pass, 'CRED-02').verdict, 'PASS', one(pass, 'CRED-02').summary);
    assert.equal(one(pass, 'CRED-02').exchanges!.length, 2);
  });

  it(
    'CRED-02 reaches admin/password, the 2nd of its router list, and says how much of the list a cap covered',
    T,
    async (t) => {
      const device = await startHttpAdmin(t, { basic: { username: 'admin', password: 'password' } });
      const strong = await startHttpAdmin(t, { basic: STRONG });
      if (!device || !strong) return;
      const service = (port: number) => ({ port, protocol: 'http' as const, loginPath: '/admin/' });
      const [found, capped] = await Promise.all([
        runChecks(['CRED-02'], { services: [service(device.port)], deviceClass: 'router' }),
        runChecks(['CRED-02'], { services: [service(strong.port)], deviceClass: 'router' }),
      ]);
      assert.equal(one(found, 'CRED-02').verdict, 'FAIL', one(found, 'CRED-02').summary);
      assert.match(one(found, 'CRED-02').summary, /accepted default #2/);
      const c = one(capped, 'CRED-02');
      assert.equal(c.verdict, 'INCONCLUSIVE', 'a list cut short by the cap is no PASS');
      assert.match(
        c.summary,
        /the first 3 of 8 default pairs were rejected, but the submission limit stopped the list/,
      );
      assert.ok(
        c.details!.includes('tried 3 of the 8 pairs of the built-in router web admin list'),
        JSON.stringify(c.details),
      );
    },
  );

  it('CRED-02 logs in through a form with its CSRF field: FAIL with admin/admin, PASS otherwise', T, async (t) => {
    const weak = await startHttpAdmin(t, { form: { username: 'admin', password: 'admin' } });
    const strong = await startHttpAdmin(t, { form: STRONG });
    if (!weak || !strong) return;
    const service = (port: number) => ({
      port,
      protocol: 'http' as const,
      loginPath: '/login',
      protectedPaths: ['/admin'],
    });
    const [fail, pass] = await Promise.all([
      runChecks(['CRED-02'], { services: [service(weak.port)] }),
      runChecks(['CRED-02'], { services: [service(strong.port)], credentials: VENDOR_DEFAULTS }),
    ]);
    assert.equal(one(fail, 'CRED-02').verdict, 'FAIL', JSON.stringify(one(fail, 'CRED-02')));
    assert.match(one(fail, 'CRED-02').summary, /login form POST \/login accepted default #1/);
    assert.equal(one(pass, 'CRED-02').verdict, 'PASS', JSON.stringify(one(pass, 'CRED-02')));
  });

  it('CRED-02 tries only the fingerprinted vendor default', T, async (t) => {
    const hik = await startHttpAdmin(t, { server: 'App-webs/', basic: STRONG });
    if (!hik) return;
    const o = one(
      await runChecks(['CRED-02'], { services: [{ port: hik.port, protocol: 'http', loginPath: '/admin/' }] }),
      'CRED-02',
    );
    assert.equal(o.verdict, 'PASS', o.summary);
    assert.equal(o.exchanges!.length, 1);
    assert.ok(o.details?.includes('fingerprint: Hikvision'), JSON.stringify(o.details));
  });

  it('CRED-06 fails when a protected path answers without a login, and passes when all ask for one', T, async (t) => {
    const leaky = await startHttpAdmin(t, { form: STRONG, openPaths: ['/admin/config.json'] });
    const tidy = await startHttpAdmin(t, { basic: STRONG });
    if (!leaky || !tidy) return;
    const service = (port: number) => ({
      port,
      protocol: 'http' as const,
      protectedPaths: ['/admin/config.json', '/admin/users'],
    });
    const [fail, pass] = await Promise.all([
      runChecks(['CRED-06'], { services: [service(leaky.port)] }),
      runChecks(['CRED-06'], { services: [service(tidy.port)] }),
    ]);
    assert.equal(one(fail, 'CRED-06').verdict, 'FAIL', one(fail, 'CRED-06').summary);
    assert.match(one(fail, 'CRED-06').summary, /\/admin\/config\.json \(no credentials\)/);
    assert.equal(one(pass, 'CRED-06').verdict, 'PASS', one(pass, 'CRED-06').summary);
    assert.ok(
      leaky.requests.every((r) => r.startsWith('GET ')),
      'GET only',
    );
  });

  it('NET-02 fails on a password form over http:// and passes when http:// redirects to https://', T, async (t) => {
    const clear = await startHttpAdmin(t, { form: STRONG });
    const redirect = await startHttpAdmin(t, { redirectTo: 'https://127.0.0.1:8443' });
    if (!clear || !redirect) return;
    const service = (port: number) => ({ port, protocol: 'http' as const, loginPath: '/login' });
    const [fail, pass] = await Promise.all([
      runChecks(['NET-02'], { services: [service(clear.port)] }),
      runChecks(['NET-02'], { services: [service(redirect.port)] }),
    ]);
    assert.equal(one(fail, 'NET-02').verdict, 'FAIL', one(fail, 'NET-02').summary);
    assert.equal(one(pass, 'NET-02').verdict, 'PASS', one(pass, 'NET-02').summary);
  });

  it(
    'HTTP-01 fails without security headers and passes with HSTS, framing protection and nosniff over HTTPS',
    T,
    async (t) => {
      const bare = await startHttpAdmin(t, { tls: true });
      const good = await startHttpAdmin(t, { tls: true, headers: GOOD_HEADERS });
      const shortHsts = await startHttpAdmin(t, {
        tls: true,
        headers: { ...GOOD_HEADERS, 'strict-transport-security': 'max-age=3600' },
      });
      if (!bare || !good || !shortHsts) return;
      const service = (port: number) => ({ port, protocol: 'https' as const });
      const [fail, pass, short] = await Promise.all([
        runChecks(['HTTP-01'], { services: [service(bare.port)] }),
        runChecks(['HTTP-01'], { services: [service(good.port)] }),
        runChecks(['HTTP-01'], { services: [service(shortHsts.port)] }),
      ]);
      assert.equal(one(fail, 'HTTP-01').verdict, 'FAIL');
      assert.match(one(fail, 'HTTP-01').summary, /no Strict-Transport-Security.*framing.*nosniff/);
      assert.equal(one(pass, 'HTTP-01').verdict, 'PASS', one(pass, 'HTTP-01').summary);
      assert.equal(one(pass, 'HTTP-01').target, `tcp://127.0.0.1:${good.port}`);
      assert.equal(one(short, 'HTTP-01').verdict, 'FAIL');
      assert.match(one(short, 'HTTP-01').summary, /max-age 3600 is shorter than 180 days/);
    },
  );

  it('HTTP-01 over plain HTTP does not claim an HSTS header it never saw', T, async (t) => {
    const plain = await startHttpAdmin(t, {
      headers: { 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff' },
    });
    if (!plain) return;
    const o = one(await runChecks(['HTTP-01'], { services: [{ port: plain.port, protocol: 'http' }] }), 'HTTP-01');
    assert.equal(o.verdict, 'PASS', o.summary);
    assert.doesNotMatch(o.summary, /HSTS(,| is| are) .*set|^HSTS/);
    assert.match(o.summary, /HSTS is not judged over plain HTTP/);
  });

  it('HTTP-02 fails on a session cookie without HttpOnly or Secure, and passes when it has both', T, async (t) => {
    const bad = await startHttpAdmin(t, { tls: true, loginCookies: ['sid=abc; Path=/'] });
    const good = await startHttpAdmin(t, {
      tls: true,
      loginCookies: ['sid=abc; Path=/; Secure; HttpOnly; SameSite=Strict'],
    });
    if (!bad || !good) return;
    const [fail, pass] = await Promise.all([
      runChecks(['HTTP-02'], { services: [{ port: bad.port, protocol: 'https' }] }),
      runChecks(['HTTP-02'], { services: [{ port: good.port, protocol: 'https' }] }),
    ]);
    assert.equal(one(fail, 'HTTP-02').verdict, 'FAIL');
    assert.equal(one(fail, 'HTTP-02').summary, 'sid lacks HttpOnly; sid lacks Secure');
    assert.equal(one(pass, 'HTTP-02').verdict, 'PASS', one(pass, 'HTTP-02').summary);
    assert.doesNotMatch(JSON.stringify(fail), /abc/, 'cookie values are not kept');
  });

  it('HTTP-02 logs in with the valid test account to see the session cookie', T, async (t) => {
    const site = await startHttpAdmin(t, { form: STRONG, sessionCookie: 'session=xyz; Path=/' });
    if (!site) return;
    const o = one(
      await runChecks(['HTTP-02'], {
        services: [{ port: site.port, protocol: 'http', loginPath: '/login' }],
        credentials: { valid: STRONG },
      }),
      'HTTP-02',
    );
    assert.equal(o.verdict, 'FAIL', JSON.stringify(o));
    assert.equal(o.summary, 'session lacks HttpOnly');
    assert.doesNotMatch(JSON.stringify(o), /N0t-a-default/);
  });

  it('HTTP-03 fails on an undeclared Server version and passes without one', T, async (t) => {
    const chatty = await startHttpAdmin(t, { server: 'lighttpd/1.4.69', notFound: '<h1>404</h1><p>PHP/8.2.7</p>' });
    const quiet = await startHttpAdmin(t, { server: 'camera' });
    if (!chatty || !quiet) return;
    const [fail, pass, declared] = await Promise.all([
      runChecks(['HTTP-03'], { services: [{ port: chatty.port, protocol: 'http' }] }),
      runChecks(['HTTP-03'], { services: [{ port: quiet.port, protocol: 'http' }] }),
      runChecks(['HTTP-03'], {
        services: [{ port: chatty.port, protocol: 'http', disclosure: ['lighttpd/1.4.69', 'PHP/8.2.7'] }],
      }),
    ]);
    assert.equal(one(fail, 'HTTP-03').verdict, 'FAIL');
    assert.match(one(fail, 'HTTP-03').summary, /lighttpd\/1\.4\.69, PHP\/8\.2\.7/);
    assert.equal(one(pass, 'HTTP-03').verdict, 'PASS', one(pass, 'HTTP-03').summary);
    assert.equal(one(declared, 'HTTP-03').verdict, 'PASS', one(declared, 'HTTP-03').summary);
  });
});
