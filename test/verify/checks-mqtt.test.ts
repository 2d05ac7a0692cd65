/** CRED-03, CRED-04, MQTT-01 and CRED-06 (MQTT) against real mosquitto brokers on 127.0.0.1. */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { publishRetained, startMosquitto } from '../fixtures/mosquitto.js';
import { one, runChecks } from '../fixtures/verify-run.js';

const T = { timeout: 20_000 };
const USERS = { operator: 'S3cure-operator-pass' };

describe('MQTT checks', () => {
  it('CRED-03 fails on an anonymous broker and passes on one with a password file', T, async (t) => {
    const open = await startMosquitto(t);
    const closed = await startMosquitto(t, { users: USERS });
    if (!open || !closed) return;
    const [fail, pass] = await Promise.all([
      runChecks(['CRED-03'], { services: [{ port: open.port, protocol: 'mqtt' }] }),
      runChecks(['CRED-03'], { services: [{ port: closed.port, protocol: 'mqtt' }] }),
    ]);
    assert.equal(one(fail, 'CRED-03').verdict, 'FAIL', one(fail, 'CRED-03').summary);
    assert.match(one(fail, 'CRED-03').exchanges![0]!.seen!, /rc=0/);
    assert.equal(one(pass, 'CRED-03').verdict, 'PASS', one(pass, 'CRED-03').summary);
    assert.match(one(pass, 'CRED-03').exchanges![0]!.seen!, /rc=5 \(not authorised\)/);
    assert.deepEqual(one(pass, 'CRED-03').controls, ['authenticate-before-access']);
    assert.equal(one(pass, 'CRED-03').target, `tcp://127.0.0.1:${closed.port}`);
  });

  it('CRED-04 fails when admin/admin works and passes when every default is refused', T, async (t) => {
    const weak = await startMosquitto(t, { users: { admin: 'admin' } });
    const strong = await startMosquitto(t, { users: USERS });
    if (!weak || !strong) return;
    const [fail, pass] = await Promise.all([
      runChecks(['CRED-04'], { services: [{ port: weak.port, protocol: 'mqtt' }] }),
      runChecks(['CRED-04'], {
        services: [{ port: strong.port, protocol: 'mqtt' }],
        credentials: {
          defaults: [
            { username: 'admin', password: 'admin' },
            { username: 'guest', password: 'guest' },
          ],
        },
      }),
    ]);
    const failed = one(fail, 'CRED-04');
    assert.equal(failed.verdict, 'FAIL', failed.summary);
    assert.match(failed.summary, /default #1 \(sha256 [0-9a-f]{8}\)/);
    const passed = one(pass, 'CRED-04');
    assert.equal(passed.verdict, 'PASS', passed.summary);
    assert.equal(passed.exchanges!.length, 3, 'the anonymous CONNECT and the two pairs');
    // no password in clear anywhere in the evidence
    for (const o of [failed, passed]) assert.doesNotMatch(JSON.stringify(o), /"admin"|:admin|12345|root\/root/);
  });

  it('CRED-04 does not call a default credential found on a broker that accepts any credential', T, async (t) => {
    const open = await startMosquitto(t);
    if (!open) return;
    const o = one(await runChecks(['CRED-04'], { services: [{ port: open.port, protocol: 'mqtt' }] }), 'CRED-04');
    assert.equal(o.verdict, 'INCONCLUSIVE', o.summary);
    assert.match(o.summary, /accepts any user name and password/);
    assert.ok(o.details?.includes('the broker accepts anonymous clients: see CRED-03'), JSON.stringify(o.details));
  });

  it('MQTT-01 fails when "#" and "$SYS/#" are granted to anonymous clients, without payloads', T, async (t) => {
    const open = await startMosquitto(t);
    if (!open) return;
    await publishRetained(open.port, { 'shop/door/state': 'open-secret-payload' });
    const o = one(await runChecks(['MQTT-01'], { services: [{ port: open.port, protocol: 'mqtt' }] }), 'MQTT-01');
    assert.equal(o.verdict, 'FAIL', o.summary);
    assert.match(o.summary, /"#" to anonymous/);
    assert.ok(
      o.details?.some((d) => d.includes('shop/door/state')),
      JSON.stringify(o.details),
    );
    assert.doesNotMatch(JSON.stringify(o), /open-secret-payload/);
  });

  it('MQTT-01 passes when anonymous clients are refused', T, async (t) => {
    const broker = await startMosquitto(t, { users: USERS });
    if (!broker) return;
    const o = one(await runChecks(['MQTT-01'], { services: [{ port: broker.port, protocol: 'mqtt' }] }), 'MQTT-01');
    assert.equal(o.verdict, 'PASS', o.summary);
    assert.match(o.summary, /refuses anonymous clients/);
  });

  it('MQTT-01 does not pass on a port that accepts TCP but never sends a CONNACK', T, async (t) => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    t.after(() => {
      silent.close();
    });
    const port = (silent.address() as net.AddressInfo).port;
    const o = one(
      await runChecks(['MQTT-01'], { services: [{ port, protocol: 'mqtt' }] }, { timeoutMs: 500 }),
      'MQTT-01',
    );
    assert.equal(o.verdict, 'INCONCLUSIVE', o.summary);
    assert.match(o.summary, /no CONNACK/);
  });

  it('MQTT-01 does not fail when SUBACK grants but the ACL filters everything (mosquitto)', T, async (t) => {
    const broker = await startMosquitto(t, { users: USERS, acl: 'user operator\ntopic read sensors/#\n' });
    if (!broker) return;
    const o = one(
      await runChecks(['MQTT-01'], {
        services: [{ port: broker.port, protocol: 'mqtt' }],
        credentials: { valid: { username: 'operator', password: USERS.operator } },
      }),
      'MQTT-01',
    );
    assert.equal(o.verdict, 'INCONCLUSIVE', `${o.summary} ${JSON.stringify(o.exchanges)}`);
    assert.match(o.summary, /may filter by ACL/);
  });

  it(
    'CRED-06 fails when an anonymous client reads undeclared topics and passes when only public ones exist',
    T,
    async (t) => {
      const leaky = await startMosquitto(t);
      const tidy = await startMosquitto(t);
      if (!leaky || !tidy) return;
      await publishRetained(leaky.port, { 'shop/camera/stream-key': 'k', 'public/status': 'ok' });
      await publishRetained(tidy.port, { 'public/status': 'ok' });
      const service = (port: number) => ({ port, protocol: 'mqtt' as const, publicTopics: ['public/#', '$SYS/#'] });
      const [fail, pass] = await Promise.all([
        runChecks(['CRED-06'], { services: [service(leaky.port)] }),
        runChecks(['CRED-06'], { services: [service(tidy.port)] }),
      ]);
      assert.equal(one(fail, 'CRED-06').verdict, 'FAIL', one(fail, 'CRED-06').summary);
      assert.match(one(fail, 'CRED-06').summary, /shop\/camera\/stream-key/);
      assert.equal(one(pass, 'CRED-06').verdict, 'PASS', one(pass, 'CRED-06').summary);
    },
  );
});
