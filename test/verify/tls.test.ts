/** TLS-01..TLS-06 against real openssl s_server instances on 127.0.0.1 (weak, strong, expired). */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, type TestContext } from 'node:test';
import { startOpenssl } from '../fixtures/tls.js';
import { one, runChecks, runSpec } from '../fixtures/verify-run.js';

const T = { timeout: 20_000 };

async function httpServer(t: TestContext, handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

const https = (port: number, tls?: object) => ({
  services: [{ port, protocol: 'https' as const, ...(tls && { tls }) }],
});

describe('TLS checks against openssl s_server', () => {
  it('TLS-01 fails on TLSv1.0/1.1 and passes on TLSv1.2+1.3; a declared version list is compared', T, async (t) => {
    const weak = await startOpenssl(t, 'weak');
    const strong = await startOpenssl(t, 'strong');
    if (!weak || !strong) return;
    const [w, s, d] = await Promise.all([
      runChecks(['TLS-01'], { services: [{ port: weak.port, protocol: 'https' }] }),
      runChecks(['TLS-01'], { services: [{ port: strong.port, protocol: 'https' }] }),
      runChecks(['TLS-01'], { services: [{ port: strong.port, protocol: 'https', tls: { versions: ['TLSv1.3'] } }] }),
    ]);
    const fail = one(w, 'TLS-01');
    assert.equal(fail.verdict, 'FAIL', fail.summary);
    assert.match(fail.summary, /deprecated TLSv1, TLSv1\.1/);
    assert.ok(fail.exchanges!.some((e) => /SSLv3/.test(e.sent ?? '') && /alert/.test(e.seen ?? '')));
    const pass = one(s, 'TLS-01');
    assert.equal(pass.verdict, 'PASS', pass.summary);
    assert.match(pass.summary, /TLSv1\.2 and TLSv1\.3/);
    const declared = one(d, 'TLS-01');
    assert.equal(declared.verdict, 'FAIL', declared.summary);
    assert.match(declared.summary, /accepts TLSv1\.2, not declared/);
  });

  it('TLS-02 fails on anonymous and CBC suites outside the profile, passes on ECDHE AEAD only', T, async (t) => {
    const weak = await startOpenssl(t, 'weak');
    const strong = await startOpenssl(t, 'strong');
    if (!weak || !strong) return;
    const allow = ['intrusive' as const];
    const [w, s, notAllowed] = await Promise.all([
      runChecks(['TLS-02'], { allow, services: [{ port: weak.port, protocol: 'https' }] }),
      runChecks(['TLS-02'], { allow, services: [{ port: strong.port, protocol: 'https' }] }),
      runSpec(['TLS-02'], { targets: [{ host: '127.0.0.1', services: [{ port: strong.port, protocol: 'https' }] }] }),
    ]);
    const fail = one(w, 'TLS-02');
    assert.equal(fail.verdict, 'FAIL', fail.summary);
    assert.match(fail.summary, /TLS_DH_anon_WITH_AES_128_CBC_SHA \(aNULL\)/);
    assert.match(fail.summary, /outside the Mozilla intermediate profile/);
    assert.ok(
      fail.details!.some((d) => d.startsWith('TLSv1.2: ') && d.includes('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384')),
    );
    const pass = one(s, 'TLS-02');
    assert.equal(pass.verdict, 'PASS', pass.summary);
    assert.deepEqual(
      pass.details!.find((d) => d.startsWith('TLSv1.3: ')),
      'TLSv1.3: TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256',
    );
    // without allow: [intrusive] the runner does not run it
    assert.equal(notAllowed.observations.length, 0);
    assert.match(notAllowed.skipped[0]!.reason, /allow: \[intrusive\]/);
  });

  it('TLS-03 fails on 1024-bit DHE and passes on X25519/P-256 only', T, async (t) => {
    const weak = await startOpenssl(t, 'weak');
    const strong = await startOpenssl(t, 'strong');
    if (!weak || !strong) return;
    const [w, s] = await Promise.all([
      runChecks(['TLS-03'], { services: [{ port: weak.port, protocol: 'https' }] }),
      runChecks(['TLS-03'], { services: [{ port: strong.port, protocol: 'https' }] }),
    ]);
    assert.equal(one(w, 'TLS-03').verdict, 'FAIL', one(w, 'TLS-03').summary);
    assert.match(one(w, 'TLS-03').summary, /DHE with a 1024-bit group/);
    assert.equal(one(s, 'TLS-03').verdict, 'PASS', one(s, 'TLS-03').summary);
    assert.ok(one(s, 'TLS-03').details!.some((d) => /X25519/.test(d)));
  });

  it(
    'TLS-04 fails on RSA-1024/SHA-1, an expired certificate, a wrong anchor or pin; passes with the anchor or pin',
    T,
    async (t) => {
      const weak = await startOpenssl(t, 'weak');
      const strong = await startOpenssl(t, 'strong');
      const expired = await startOpenssl(t, 'expired');
      if (!weak || !strong || !expired) return;
      const certs = strong.certs;
      const [w, anchored, pinned, wrongAnchor, wrongPin, exp] = await Promise.all([
        runChecks(['TLS-04'], https(weak.port)),
        runChecks(['TLS-04'], https(strong.port, { anchor: certs.ca.cert, hostname: 'device.test' })),
        runChecks(['TLS-04'], https(strong.port, { pin: certs.strong.fingerprint })),
        runChecks(['TLS-04'], https(strong.port, { anchor: certs.otherCa.cert })),
        runChecks(['TLS-04'], https(strong.port, { pin: certs.weak.fingerprint })),
        runChecks(['TLS-04'], https(expired.port, { anchor: certs.ca.cert })),
      ]);
      const weakResult = one(w, 'TLS-04');
      assert.equal(weakResult.verdict, 'FAIL');
      assert.match(weakResult.summary, /RSA key of 1024 bits/);
      assert.match(weakResult.summary, /sha1WithRSAEncryption/);
      assert.ok(
        weakResult.details!.some((d) => /warning: lifespan \d+ days/.test(d)),
        JSON.stringify(weakResult.details),
      );
      assert.equal(one(anchored, 'TLS-04').verdict, 'PASS', one(anchored, 'TLS-04').summary);
      assert.match(
        one(anchored, 'TLS-04').summary,
        /2048-bit RSA key and sha256WithRSAEncryption, leads to the declared anchor or pin, and it names device\.test/,
      );
      assert.equal(one(pinned, 'TLS-04').verdict, 'PASS', one(pinned, 'TLS-04').summary);
      assert.equal(one(wrongAnchor, 'TLS-04').verdict, 'FAIL');
      assert.match(one(wrongAnchor, 'TLS-04').summary, /does not lead to the declared anchor/);
      assert.equal(one(wrongPin, 'TLS-04').verdict, 'FAIL');
      assert.match(one(wrongPin, 'TLS-04').summary, /does not match the declared pin/);
      assert.equal(one(exp, 'TLS-04').verdict, 'FAIL');
      assert.match(one(exp, 'TLS-04').summary, /expired on/);
    },
  );

  it('TLS-04 fails on a name mismatch and is INCONCLUSIVE without an anchor or pin', T, async (t) => {
    const strong = await startOpenssl(t, 'strong');
    if (!strong) return;
    const [mismatch, untrusted] = await Promise.all([
      runChecks(['TLS-04'], https(strong.port, { anchor: strong.certs.ca.cert, hostname: 'camera.example' })),
      runChecks(['TLS-04'], https(strong.port)),
    ]);
    const m = one(mismatch, 'TLS-04');
    assert.equal(m.verdict, 'FAIL', m.summary);
    assert.match(m.summary, /a name that does not match camera\.example \(it names DNS:localhost, DNS:device\.test/);
    const u = one(untrusted, 'TLS-04');
    assert.equal(u.verdict, 'INCONCLUSIVE', u.summary);
    assert.match(u.summary, /declare the trust anchor \(tls\.anchor\)/);
  });

  it(
    'TLS-04 holds an 826-day certificate to the CA/Browser Forum limit: FAIL on the Web PKI, a warning on a private one',
    T,
    async (t) => {
      const long = await startOpenssl(t, 'long-lived');
      if (!long) return;
      const anchor = long.certs.ca.cert;
      const [web, own] = await Promise.all([
        runChecks(['TLS-04'], https(long.port, { anchor, hostname: 'device.test', pki: 'web' })),
        runChecks(['TLS-04'], https(long.port, { anchor, hostname: 'device.test' })),
      ]);
      const w = one(web, 'TLS-04');
      assert.equal(w.verdict, 'FAIL', w.summary);
      assert.match(w.summary, /a validity of 826 days, over the CA\/Browser Forum limit of (?:200|100|47) days/);
      const p = one(own, 'TLS-04');
      assert.equal(p.verdict, 'PASS', p.summary);
      assert.ok(
        p.details!.some((d) => /^warning: a validity of 826 days, over the CA\/Browser Forum limit/.test(d)),
        JSON.stringify(p.details),
      );
    },
  );

  it('TLS-05 passes on OpenSSL (secure renegotiation, no compression, fallback SCSV honoured)', T, async (t) => {
    const strong = await startOpenssl(t, 'strong');
    const weak = await startOpenssl(t, 'weak');
    if (!strong || !weak) return;
    const [s, w] = await Promise.all([
      runChecks(['TLS-05'], { services: [{ port: strong.port, protocol: 'https' }] }),
      runChecks(['TLS-05'], { services: [{ port: weak.port, protocol: 'https' }] }),
    ]);
    for (const o of [one(s, 'TLS-05'), one(w, 'TLS-05')]) {
      assert.equal(o.verdict, 'PASS', o.summary);
      assert.ok(o.details!.includes('fallback protection: inappropriate_fallback'), JSON.stringify(o.details));
    }
    // (the FAIL case — no secure renegotiation — is gnutls-serv in a network namespace: tls-netns.test.ts)
  });

  it('TLS-06 fails when plain HTTP serves the same site and passes when it only redirects to https', T, async (t) => {
    const strong = await startOpenssl(t, 'strong');
    if (!strong) return;
    const plain = await httpServer(t, (_req, res) => res.end('<h1>admin</h1>'));
    const redirect = await httpServer(t, (_req, res) => {
      res.writeHead(301, { location: `https://127.0.0.1:${strong.port}/` });
      res.end();
    });
    const target = (httpPort: number) => ({
      services: [
        { port: strong.port, protocol: 'https' as const },
        { port: httpPort, protocol: 'http' as const },
      ],
    });
    const [f, p] = await Promise.all([runChecks(['TLS-06'], target(plain)), runChecks(['TLS-06'], target(redirect))]);
    assert.equal(one(f, 'TLS-06').verdict, 'FAIL', one(f, 'TLS-06').summary);
    assert.match(one(f, 'TLS-06').summary, new RegExp(`HTTP also answers in cleartext on port ${plain}`));
    assert.equal(one(p, 'TLS-06').verdict, 'PASS', one(p, 'TLS-06').summary);
    assert.ok(one(p, 'TLS-06').exchanges!.some((e) => /redirect to https:/.test(e.seen ?? '')));
  });
});
