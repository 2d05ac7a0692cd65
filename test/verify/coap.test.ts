/** COAP-01, COAP-02 and the CoAP side of TLS-06 against libcoap servers (and gnutls-serv --udp in a netns). */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RunResult } from '../../src/verify/runner.js';
import { LIBCOAP_RESOURCES, startCoap } from '../fixtures/coap.js';
import { DTLS_WEAK_PRIORITY, gnutlsCommand } from '../fixtures/gnutls.js';
import { requireNetns, runInNetns } from '../fixtures/netns.js';
import { requireBinaries, tempDir } from '../fixtures/system.js';
import { testCertificates } from '../fixtures/tls.js';
import { one, runChecks, TEST_LIMITS } from '../fixtures/verify-run.js';

const T = { timeout: 20_000 };

describe('CoAP checks', () => {
  it(
    'COAP-01 fails when /.well-known/core lists undeclared resources and passes when all are declared',
    T,
    async (t) => {
      const server = await startCoap(t);
      if (!server) return;
      const [f, p] = await Promise.all([
        runChecks(['COAP-01'], { services: [{ port: server.port, protocol: 'coap', publicPaths: ['/'] }] }),
        runChecks(['COAP-01'], { services: [{ port: server.port, protocol: 'coap', publicPaths: LIBCOAP_RESOURCES }] }),
      ]);
      const fail = one(f, 'COAP-01');
      assert.equal(fail.verdict, 'FAIL', fail.summary);
      assert.match(fail.summary, /3 undeclared resources: \/time, \/async, \/example_data/);
      assert.match(fail.exchanges![0]!.seen!, /^2\.05 <\/>;title="General Info"/);
      assert.equal(one(p, 'COAP-01').verdict, 'PASS', one(p, 'COAP-01').summary);
    },
  );

  it('COAP-01 is inconclusive when nothing answers', T, async (t) => {
    const server = await startCoap(t);
    if (!server) return;
    await server.fixture.stop();
    const o = one(await runChecks(['COAP-01'], { services: [{ port: server.port, protocol: 'coap' }] }), 'COAP-01');
    assert.equal(o.verdict, 'INCONCLUSIVE', o.summary);
  });

  it(
    'COAP-02 passes on libcoap DTLS 1.2 (PSK, AEAD) and fails where CoAPs is declared but plaintext answers',
    T,
    async (t) => {
      const secure = await startCoap(t, { psk: 'test-psk-secret' });
      const plain = await startCoap(t);
      if (!secure || !plain) return;
      const [p, f] = await Promise.all([
        runChecks(['COAP-02'], { services: [{ port: secure.dtlsPort!, protocol: 'coaps' }] }),
        runChecks(['COAP-02'], { services: [{ port: plain.port, protocol: 'coaps' }] }),
      ]);
      const pass = one(p, 'COAP-02');
      assert.equal(pass.verdict, 'PASS', pass.summary);
      assert.match(
        pass.exchanges![0]!.seen!,
        /HelloVerifyRequest, cookie echoed, ServerHello DTLSv1\.2 TLS_\w*PSK_WITH_(AES_\d+_GCM|CHACHA20_POLY1305)\w*/,
      );
      assert.match(pass.exchanges![1]!.seen!, /protocol_version/);
      const fail = one(f, 'COAP-02');
      assert.equal(fail.verdict, 'FAIL', fail.summary);
      assert.match(fail.summary, /declared CoAPs but answers plaintext CoAP/);
    },
  );

  it('TLS-06 fails for libcoap: DTLS on P+1 and plaintext CoAP still on P', T, async (t) => {
    const secure = await startCoap(t, { psk: 'test-psk-secret' });
    if (!secure) return;
    const o = one(await runChecks(['TLS-06'], { services: [{ port: secure.dtlsPort!, protocol: 'coaps' }] }), 'TLS-06');
    assert.equal(o.verdict, 'FAIL', o.summary);
    assert.match(o.summary, new RegExp(`COAP also answers in cleartext on port ${secure.port}`));
  });

  it('in a netns: gnutls DTLS 1.0 with 3DES fails COAP-02; DTLS alone on 5684 passes TLS-06', T, async (t) => {
    if (!requireNetns(t) || !requireBinaries(t, ['gnutls-serv'], 'gnutls-bin')) return;
    const certs = await testCertificates();
    const spec = {
      targets: [{ host: '127.0.0.1', services: [{ port: 5684, protocol: 'coaps' }] }],
      limits: TEST_LIMITS,
    };
    const specPath = join(tempDir('iotassure-spec-'), 'spec.json');
    writeFileSync(specPath, JSON.stringify(spec));
    const run = await runInNetns(
      t,
      `bg ${gnutlsCommand(certs.strong, 5684, DTLS_WEAK_PRIORITY, true)}\nsleep 0.4\nscan ${specPath} "$OUT" COAP-02,TLS-06`,
    );
    assert.ok(run.output, `no output: ${run.stderr}\n${run.log}`);
    const o = (JSON.parse(run.output) as RunResult).observations;
    const dtls = one(o, 'COAP-02');
    assert.equal(dtls.verdict, 'FAIL', dtls.summary);
    assert.match(dtls.summary, /accepts DTLS 1\.0/);
    assert.match(dtls.summary, /accepts weak suite .*3DES/);
    const twin = one(o, 'TLS-06');
    assert.equal(twin.verdict, 'PASS', twin.summary);
    assert.match(twin.exchanges![0]!.seen!, /ICMP port unreachable|no CoAP answer/);
  });
});
