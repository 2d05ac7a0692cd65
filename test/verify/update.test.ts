/** UPD-01, UPD-02 and UPD-03 against a Node HTTPS update server with signed manifests (update-server.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Target } from '../../src/model/verification.js';
import { testCertificates } from '../fixtures/tls.js';
import { type KeyKind, startUpdateServer, type UpdateServer, type Variant } from '../fixtures/update-server.js';
import { one, runChecks } from '../fixtures/verify-run.js';

const T = { timeout: 20_000 };

async function target(
  server: UpdateServer,
  variant: Variant,
  options: { plain?: 'twin' | 'redirect'; anchor?: boolean; key?: boolean; installed?: string } = {},
) {
  const certs = await testCertificates();
  const services: Target['services'] = [
    { port: server.httpsPort, protocol: 'https', ...(options.anchor !== false && { tls: { anchor: certs.ca.cert } }) },
  ];
  if (options.plain)
    services.push({ port: options.plain === 'twin' ? server.plainPort : server.redirectPort, protocol: 'http' });
  return {
    services,
    update: {
      url: server.url(variant),
      ...(options.key !== false && { publicKey: server.key.publicPem }),
      installedVersion: options.installed ?? '2.0.0',
    },
  };
}

describe('update checks', () => {
  it(
    'UPD-01 passes over TLS with the declared anchor and an HTTPS-only twin; fails when HTTP serves the image',
    T,
    async (t) => {
      const server = await startUpdateServer(t, await testCertificates());
      const [p, f, noAnchor] = await Promise.all([
        runChecks(['UPD-01'], await target(server, 'good', { plain: 'redirect' })),
        runChecks(['UPD-01'], await target(server, 'good', { plain: 'twin' })),
        runChecks(['UPD-01'], await target(server, 'good', { anchor: false })),
      ]);
      const pass = one(p, 'UPD-01');
      assert.equal(pass.verdict, 'PASS', pass.summary);
      assert.ok(pass.details!.some((d) => /ends at the declared anchor/.test(d)));
      const fail = one(f, 'UPD-01');
      assert.equal(fail.verdict, 'FAIL', fail.summary);
      assert.match(
        fail.summary,
        new RegExp(
          `plain HTTP also serves http://127\\.0\\.0\\.1:${server.plainPort}/good/manifest\\.json, http://127\\.0\\.0\\.1:${server.plainPort}/good/fw\\.bin`,
        ),
      );
      assert.equal(one(noAnchor, 'UPD-01').verdict, 'INCONCLUSIVE', one(noAnchor, 'UPD-01').summary);
    },
  );

  it('UPD-01 fails for a plain http:// update URL', T, async () => {
    const o = one(
      await runChecks(['UPD-01'], { services: [], update: { url: 'http://127.0.0.1:9/fw/manifest.json' } }),
      'UPD-01',
    );
    assert.equal(o.verdict, 'FAIL', o.summary);
    assert.match(o.summary, /plain HTTP/);
  });

  for (const kind of ['ed25519', 'ecdsa', 'rsa-pss'] as KeyKind[]) {
    it(`UPD-02 passes for a ${kind} signed manifest whose image matches`, T, async (t) => {
      const server = await startUpdateServer(t, await testCertificates(), kind);
      const o = one(await runChecks(['UPD-02', 'UPD-03'], await target(server, 'good')), 'UPD-02');
      assert.equal(o.verdict, 'PASS', o.summary);
      assert.match(o.summary, /2\.1\.0 is validly signed/);
    });
  }

  it(
    'UPD-02 fails for a modified image, no signature, a foreign signature and a rollback; inconclusive without a key',
    T,
    async (t) => {
      const server = await startUpdateServer(t, await testCertificates());
      const run = async (variant: Variant, options = {}) =>
        one(await runChecks(['UPD-02'], await target(server, variant, options)), 'UPD-02');
      const [tampered, unsigned, badsig, rollback, nokey] = await Promise.all([
        run('tampered'),
        run('unsigned'),
        run('badsig'),
        run('rollback'),
        run('good', { key: false }),
      ]);
      assert.equal(tampered.verdict, 'FAIL');
      assert.match(tampered.summary, /image SHA-256 [0-9a-f]{16}… differs from the manifest/);
      assert.equal(unsigned.verdict, 'FAIL');
      assert.match(unsigned.summary, /carries no signature/);
      assert.equal(badsig.verdict, 'FAIL');
      assert.match(badsig.summary, /Ed25519|ed25519 signature does not verify/i);
      assert.equal(rollback.verdict, 'FAIL');
      assert.match(rollback.summary, /offers 1\.0\.0, older than the installed 2\.0\.0 \(rollback\)/);
      assert.equal(nokey.verdict, 'INCONCLUSIVE');
    },
  );

  it(
    'UPD-03 passes when a one-byte change is rejected and fails when the manifest does not bind the image',
    T,
    async (t) => {
      const server = await startUpdateServer(t, await testCertificates());
      const [good, nohash] = await Promise.all([
        runChecks(['UPD-02', 'UPD-03'], await target(server, 'good')),
        runChecks(['UPD-02', 'UPD-03'], await target(server, 'nohash')),
      ]);
      const pass = one(good, 'UPD-03');
      assert.equal(pass.verdict, 'PASS', pass.summary);
      assert.match(pass.details![0]!, /byte 32768 of 65536 flipped: rejected/);
      const fail = one(nohash, 'UPD-03');
      assert.equal(fail.verdict, 'FAIL', fail.summary);
      assert.match(fail.summary, /a modified image still passes verification/);
      assert.equal(one(nohash, 'UPD-02').verdict, 'FAIL');
      assert.match(one(nohash, 'UPD-02').summary, /no sha256/);
    },
  );
});
