/**
 * TLS checks against servers that may only run in a private network namespace: gnutls-serv with 3DES, RC4 and no
 * secure renegotiation (it binds every interface), and mosquitto on the standard MQTT ports 1883/8883 for TLS-06.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { VerificationSpec } from '../../src/model/verification.js';
import type { RunResult } from '../../src/verify/runner.js';
import { gnutlsCommand } from '../fixtures/gnutls.js';
import { requireNetns, runInNetns } from '../fixtures/netns.js';
import { requireBinaries, tempDir } from '../fixtures/system.js';
import { testCertificates } from '../fixtures/tls.js';
import { one, TEST_LIMITS } from '../fixtures/verify-run.js';

const T = { timeout: 20_000 };

async function scanInNetns(t: Parameters<typeof runInNetns>[0], setup: string, spec: VerificationSpec, only: string[]) {
  const dir = tempDir('iotassure-spec-');
  const specPath = join(dir, 'spec.json');
  writeFileSync(specPath, JSON.stringify({ ...spec, limits: { ...TEST_LIMITS, ...spec.limits } }));
  const run = await runInNetns(t, `${setup}\nscan ${specPath} "$OUT" ${only.join(',')}`);
  assert.ok(run.output.length > 0, `no scan output (exit ${run.code}):\n${run.stderr}\n${run.log}`);
  return JSON.parse(run.output) as RunResult;
}

describe('TLS checks in a network namespace', () => {
  it('gnutls-serv with 3DES/RC4 and no RFC 5746: TLS-01, TLS-02, TLS-04 and TLS-05 fail', T, async (t) => {
    if (!requireNetns(t) || !requireBinaries(t, ['gnutls-serv'], 'gnutls-bin')) return;
    const certs = await testCertificates();
    const result = await scanInNetns(
      t,
      `bg ${gnutlsCommand(certs.weak, 443)}\nwait_tcp 443`,
      { targets: [{ host: '127.0.0.1', allow: ['intrusive'], services: [{ port: 443, protocol: 'https' }] }] },
      ['TLS-01', 'TLS-02', 'TLS-04', 'TLS-05'],
    );
    const o = result.observations;
    assert.equal(one(o, 'TLS-01').verdict, 'FAIL', one(o, 'TLS-01').summary);
    const suites = one(o, 'TLS-02');
    assert.equal(suites.verdict, 'FAIL', suites.summary);
    assert.match(suites.summary, /TLS_RSA_WITH_3DES_EDE_CBC_SHA \(3DES\)/);
    assert.match(suites.summary, /TLS_RSA_WITH_RC4_128_SHA \(RC4\)/);
    const cert = one(o, 'TLS-04');
    assert.equal(cert.verdict, 'FAIL', cert.summary);
    assert.ok(
      cert.details!.some((d) => /read from raw TLSv1.2 handshake/.test(d)),
      'Node refuses the server; the raw Certificate message is used',
    );
    const hygiene = one(o, 'TLS-05');
    assert.equal(hygiene.verdict, 'FAIL', hygiene.summary);
    assert.match(hygiene.summary, /no secure renegotiation/);
  });

  it('TLS-06 fails with MQTT on 1883 next to MQTTS on 8883 and passes with 8883 alone', T, async (t) => {
    if (!requireNetns(t) || !requireBinaries(t, ['mosquitto'], 'mosquitto')) return;
    const certs = await testCertificates();
    const dir = tempDir('iotassure-mqtt-twin-');
    const conf = (address: string, plain: boolean) => {
      const path = join(dir, `${address}.conf`);
      const lines = [
        'user root',
        'per_listener_settings false',
        'allow_anonymous true',
        'persistence false',
        `listener 8883 ${address}`,
        `certfile ${certs.strong.cert}`,
        `keyfile ${certs.strong.key}`,
        ...(plain ? [`listener 1883 ${address}`] : []),
      ];
      writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o644 });
      return path;
    };
    const twin = conf('127.0.0.2', true);
    const single = conf('127.0.0.3', false);
    const result = await scanInNetns(
      t,
      `bg mosquitto -c ${twin}\nbg mosquitto -c ${single}\nwait_tcp 8883 127.0.0.2\nwait_tcp 1883 127.0.0.2\nwait_tcp 8883 127.0.0.3`,
      {
        targets: [
          { host: '127.0.0.2', services: [{ port: 8883, protocol: 'mqtts' }] },
          { host: '127.0.0.3', services: [{ port: 8883, protocol: 'mqtts' }] },
        ],
      },
      ['TLS-06'],
    );
    const byHost = (h: string) => result.observations.find((x) => x.host === h)!;
    assert.equal(byHost('127.0.0.2').verdict, 'FAIL', byHost('127.0.0.2').summary);
    assert.match(byHost('127.0.0.2').summary, /MQTT also answers in cleartext on port 1883/);
    assert.ok(byHost('127.0.0.2').exchanges!.some((e) => /CONNACK rc=0/.test(e.seen ?? '')));
    assert.equal(byHost('127.0.0.3').verdict, 'PASS', byHost('127.0.0.3').summary);
  });
});
