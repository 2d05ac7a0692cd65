/**
 * NET-03 against real TCP and UDP listeners on 127.0.0.1 (undeclared ports, silent UDP, closed UDP), and libcoap on
 * its standard port in a network namespace.
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { RunResult } from '../../src/verify/runner.js';
import { requireNetns, runInNetns } from '../fixtures/netns.js';
import { freePort, requireBinaries, tempDir } from '../fixtures/system.js';
import { one, runChecks, TEST_LIMITS } from '../fixtures/verify-run.js';

const T = { timeout: 20_000 };

async function tcpListener(t: TestContext): Promise<number> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

/** A UDP socket that answers every datagram (replies = true) or stays silent. */
async function udpListener(t: TestContext, replies: boolean): Promise<number> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (_message, remote) => {
    if (replies) socket.send(Buffer.from('pong'), remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return socket.address().port;
}

describe('NET-03 undeclared ports', () => {
  it('fails on an open TCP port that is not declared and passes when every open port is declared', T, async (t) => {
    const declared = await tcpListener(t);
    const extra = await tcpListener(t);
    const closed = await freePort();
    const services = [{ port: declared, protocol: 'http' as const }];
    const [fail, pass] = await Promise.all([
      runChecks(['NET-03'], { services, scan: { tcp: [declared, extra, closed], udp: [] } }),
      runChecks(['NET-03'], { services, scan: { tcp: [declared, closed], udp: [] } }),
    ]);
    assert.equal(one(fail, 'NET-03').verdict, 'FAIL');
    assert.equal(one(fail, 'NET-03').summary, `undeclared open port: TCP ${extra}`);
    assert.equal(one(pass, 'NET-03').verdict, 'PASS', one(pass, 'NET-03').summary);
  });

  it(
    'fails on an answering undeclared UDP port, is INCONCLUSIVE on a silent one, and counts ICMP-closed ports as closed',
    T,
    async (t) => {
      const answering = await udpListener(t, true);
      const silent = await udpListener(t, false);
      const closed = await freePort();
      const [fail, unsure, pass] = await Promise.all([
        runChecks(['NET-03'], { services: [], scan: { tcp: [], udp: [answering] } }),
        // a closed TCP port shows the host is there, so the silent UDP port is open|filtered, not unreachable
        runChecks(['NET-03'], { services: [], scan: { tcp: [closed], udp: [silent] } }, { timeoutMs: 300 }),
        runChecks(['NET-03'], { services: [], scan: { tcp: [], udp: [closed] } }),
      ]);
      assert.equal(one(fail, 'NET-03').verdict, 'FAIL', one(fail, 'NET-03').summary);
      assert.equal(one(fail, 'NET-03').summary, `undeclared open port: UDP ${answering}`);
      assert.equal(one(unsure, 'NET-03').verdict, 'INCONCLUSIVE', 'no answer on UDP is never a PASS');
      assert.match(one(unsure, 'NET-03').summary, /open\|filtered/);
      assert.equal(one(pass, 'NET-03').verdict, 'PASS', one(pass, 'NET-03').summary);
      assert.match(one(pass, 'NET-03').exchanges![1]!.seen!, new RegExp(`${closed} closed`));
    },
  );

  it('scans the full TCP range only when the target allows intrusive checks', T, async () => {
    const o = one(await runChecks(['NET-03'], { services: [], scan: { tcp: 'all', udp: [] } }), 'NET-03');
    assert.ok(
      o.details?.some((d) => /needs allow: \[intrusive\]/.test(d)),
      JSON.stringify(o.details),
    );
  });

  it('runs hundreds of probes on one signal without leaking abort listeners', T, async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const closed = await Promise.all(Array.from({ length: 40 }, () => freePort()));
      const o = one(await runChecks(['NET-03'], { services: [], scan: { tcp: closed, udp: [] } }), 'NET-03');
      assert.equal(o.verdict, 'PASS', o.summary);
    } finally {
      process.removeListener('warning', onWarning);
    }
    assert.deepEqual(
      warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message),
      [],
    );
  });

  it('in a netns: finds the CoAP over TCP of libcoap on 5683 next to the declared UDP 5683', {
    timeout: 30_000,
  }, async (t) => {
    if (!requireNetns(t) || !requireBinaries(t, ['coap-server-notls'], 'libcoap3-bin')) return;
    const spec = join(tempDir('iotassure-spec-'), 'spec.json');
    writeFileSync(
      spec,
      JSON.stringify({
        limits: TEST_LIMITS,
        targets: [{ host: '127.0.0.1', services: [{ port: 5683, protocol: 'coap' }], scan: { udp: 'declared' } }],
      }),
    );
    const run = await runInNetns(
      t,
      `bg coap-server-notls -A 127.0.0.1 -p 5683\nwait_tcp 5683\nscan ${spec} "$OUT" NET-03`,
    );
    assert.ok(run.output, `${run.stderr}\n${run.log}`);
    const o = one((JSON.parse(run.output) as RunResult).observations, 'NET-03');
    assert.equal(o.verdict, 'FAIL', o.summary);
    assert.equal(o.summary, 'undeclared open port: TCP 5683');
  });
});
