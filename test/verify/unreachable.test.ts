/**
 * No PASS without an answer: every check, run against hosts that cannot answer — one whose packets vanish (a
 * neighbour that never replies), one switched off on the link (no ARP reply), one without a route, and loopback in
 * an empty network namespace — gives INCONCLUSIVE or NOT_APPLICABLE, never PASS, and never an internal error.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { EvidenceObservation } from '../../src/evidence/observation.js';
import type { Target, VerificationSpec } from '../../src/model/verification.js';
import { checks } from '../../src/verify/checks/index.js';
import { requireNetns, runInNetns, writeJson } from '../fixtures/netns.js';
import { tempDir } from '../fixtures/system.js';

/** A device declaring every kind of service, so that every check applies to it. */
function everything(id: string, host: string, publicKey: string): Target {
  return {
    id,
    host,
    deviceClass: 'camera',
    allow: ['auth-attempt', 'intrusive', 'brute-force', 'multicast'],
    credentials: { valid: { username: 'operator', password: 'S3cure-operator' } },
    update: { url: `https://${host}:443/fw/manifest.json`, publicKey },
    services: [
      { port: 21, protocol: 'ftp', authentication: 'password' },
      { port: 22, protocol: 'ssh', authentication: 'password' },
      { port: 23, protocol: 'telnet', authentication: 'password' },
      { port: 80, protocol: 'http', authentication: 'password', loginPath: '/login', protectedPaths: ['/admin'] },
      { port: 443, protocol: 'https', tls: { hostname: 'camera.example' } },
      { port: 1883, protocol: 'mqtt', publicTopics: ['status/#'] },
      { port: 8883, protocol: 'mqtts' },
      { port: 5683, protocol: 'coap', publicPaths: ['/.well-known/core'] },
      { port: 5684, protocol: 'coaps' },
      { port: 1900, protocol: 'ssdp' },
    ],
  };
}

const LIMITS: VerificationSpec['limits'] = {
  timeoutMs: 300,
  connectionsPerSecond: 1000,
  perHost: 16,
  concurrency: 64,
  checkTimeoutMs: 60_000,
};

function publicKeyFile(dir: string): string {
  const file = join(dir, 'vendor.pub.pem');
  writeFileSync(file, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
  return file;
}

/** Nothing was observed, so nothing may be concluded: no PASS, no FAIL, no internal error. */
function assertNoPass(observations: EvidenceObservation[], where: string): void {
  const passes = observations.filter((o) => o.verdict === 'PASS');
  assert.deepEqual(
    passes.map((o) => `${o.check} ${o.target}: ${o.summary}`),
    [],
    `${where}: PASS without an answer`,
  );
  const fails = observations.filter((o) => o.verdict === 'FAIL');
  assert.deepEqual(
    fails.map((o) => `${o.check} ${o.target}: ${o.summary}`),
    [],
    `${where}: FAIL without an answer`,
  );
  const errors = observations.filter((o) => /internal error|Port should be/.test(o.summary));
  assert.deepEqual(
    errors.map((o) => `${o.check} ${o.target}: ${o.summary}`),
    [],
    `${where}: internal errors`,
  );
}

describe('no PASS without an answer', () => {
  it('every check, against a silent host, a switched-off host and one without a route', {
    timeout: 240_000,
  }, async (t) => {
    if (!requireNetns(t)) return;
    const dir = tempDir('iotassure-unreachable-');
    const key = publicKeyFile(dir);
    const hosts = { silent: '192.0.2.20', off: '192.0.2.10', noroute: '198.51.100.1' };
    const spec: VerificationSpec = {
      scope: Object.values(hosts),
      targets: Object.entries(hosts).map(([id, host]) => everything(id, host, key)),
      limits: LIMITS,
    };
    const specFile = writeJson(dir, 'spec.json', spec);
    // 192.0.2.20 has a neighbour entry, so its packets leave and vanish (timeouts); 192.0.2.10 gets no ARP reply
    const run = await runInNetns(
      t,
      `ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
ip route add 192.0.2.0/24 dev v0
ip neigh add 192.0.2.20 lladdr 02:00:00:00:00:01 dev v0 nud permanent
scan ${specFile} "$OUT" 2>>"$WORK/fixtures.log"`,
      { timeoutMs: 230_000 },
    );
    assert.ok(run.output, `no result: ${run.stderr}\n${run.log.slice(-2000)}`);
    const result = JSON.parse(run.output) as { observations: EvidenceObservation[] };
    for (const id of Object.keys(hosts)) {
      const mine = result.observations.filter((o) => o.targetId === id);
      assert.deepEqual(
        [...new Set(mine.map((o) => o.check))].sort(),
        checks.map((c) => c.meta.id).sort(),
        `${id}: every check ran`,
      );
      assertNoPass(mine, id);
    }
  });

  it('in an empty network namespace, verify on loopback and on an outside address gives no PASS', {
    timeout: 240_000,
  }, async (t) => {
    if (!requireNetns(t)) return;
    const dir = tempDir('iotassure-empty-');
    const key = publicKeyFile(dir);
    const targets = writeJson(dir, 'targets.json', {
      targets: [everything('loopback', '127.0.0.1', key), everything('outside', '192.0.2.10', key)],
      limits: LIMITS,
    } satisfies VerificationSpec);
    const run = await runInNetns(
      t,
      `ip link set lo down
node "$REPO/bin/iotassure.js" verify ${targets} --out "$WORK/evidence" --quiet > "$WORK/stdout" 2> "$WORK/stderr"
echo $? > "$OUT"`,
      { timeoutMs: 230_000 },
    );
    const code = Number(run.output.trim());
    const stderr = readFileSync(join(run.work, 'stderr'), 'utf8');
    assert.ok(run.output, `no result: ${run.stderr}\n${stderr}`);
    const evidence = JSON.parse(readFileSync(join(run.work, 'evidence', 'evidence.json'), 'utf8')) as {
      observations: EvidenceObservation[];
    };
    assertNoPass(evidence.observations, 'empty namespace');
    const inconclusive = evidence.observations.filter((o) => o.verdict === 'INCONCLUSIVE').length;
    assert.ok(code !== 0 || inconclusive > 0, `exit ${code} with ${inconclusive} INCONCLUSIVE`);
    assert.match(readFileSync(join(run.work, 'stdout'), 'utf8'), /0 PASS/);
  });
});
