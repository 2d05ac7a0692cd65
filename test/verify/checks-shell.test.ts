/** CRED-01, CRED-05, NET-01, NET-04 and SSH-01 against busybox telnetd, dropbear and an ssh2 server on 127.0.0.1. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startDropbear } from '../fixtures/dropbear.js';
import { startSshServer } from '../fixtures/ssh-server.js';
import { startTelnetd } from '../fixtures/telnetd.js';
import { one, runChecks } from '../fixtures/verify-run.js';

const T = { timeout: 20_000 };

describe('telnet checks', () => {
  it(
    'CRED-01 fails when the telnet login takes admin/admin, and passes when all defaults are refused',
    T,
    async (t) => {
      const weak = await startTelnetd(t);
      const strong = await startTelnetd(t, { username: 'operator', password: 'N0t-a-default' });
      if (!weak || !strong) return;
      const defaults = [
        { username: 'admin', password: 'admin' },
        { username: 'root', password: 'root' },
        { username: 'admin', password: '12345' },
      ];
      const [fail, pass, capped] = await Promise.all([
        runChecks(['CRED-01'], { services: [{ port: weak.port, protocol: 'telnet' }] }),
        runChecks(['CRED-01'], { services: [{ port: strong.port, protocol: 'telnet' }], credentials: { defaults } }),
        runChecks(['CRED-01'], { services: [{ port: strong.port, protocol: 'telnet' }] }),
      ]);
      const failed = one(fail, 'CRED-01');
      assert.equal(failed.verdict, 'FAIL', failed.summary);
      assert.match(failed.summary, /telnet login accepted default #1 \(sha256 [0-9a-f]{8}\)/);
      assert.equal(failed.exchanges!.length, 2, 'stops at the first success, then one random control pair');
      const passed = one(pass, 'CRED-01');
      assert.equal(passed.verdict, 'PASS', `${passed.summary} ${JSON.stringify(passed.exchanges)}`);
      assert.equal(passed.exchanges!.length, 3);
      assert.ok(passed.durationMs! >= 1900, `paced at one attempt per second (took ${passed.durationMs} ms)`);
      const cut = one(capped, 'CRED-01');
      assert.equal(cut.verdict, 'INCONCLUSIVE', 'the built-in list is longer than the budget: no PASS');
      assert.match(cut.summary, /the first 3 of 10 default pairs were rejected/);
      for (const o of [failed, passed, cut]) assert.doesNotMatch(JSON.stringify(o.exchanges), /admin|root|12345/);
    },
  );

  it('NET-01 fails on a telnet service and passes when no telnet port answers', T, async (t) => {
    const telnetd = await startTelnetd(t);
    if (!telnetd) return;
    const [fail, pass] = await Promise.all([
      runChecks(['NET-01'], { services: [{ port: telnetd.port, protocol: 'telnet' }] }),
      runChecks(['NET-01'], { services: [] }),
    ]);
    assert.equal(one(fail, 'NET-01').verdict, 'FAIL', one(fail, 'NET-01').summary);
    assert.match(one(fail, 'NET-01').exchanges!.find((e) => e.seen?.startsWith('telnet'))!.seen!, /^telnet: fffd/);
    assert.equal(one(pass, 'NET-01').verdict, 'PASS', one(pass, 'NET-01').summary);
    assert.equal(one(pass, 'NET-01').target, 'host://127.0.0.1');
  });

  it('NET-04 fails on an undeclared version in the telnet banner and passes once it is declared', T, async (t) => {
    const telnetd = await startTelnetd(t, { banner: 'Camera OS BusyBox v1.35.0' });
    if (!telnetd) return;
    const fail = await runChecks(['NET-04'], { services: [{ port: telnetd.port, protocol: 'telnet' }] });
    const pass = await runChecks(['NET-04'], {
      services: [{ port: telnetd.port, protocol: 'telnet', disclosure: ['BusyBox v1.35.0'] }],
    });
    assert.equal(one(fail, 'NET-04').verdict, 'FAIL', one(fail, 'NET-04').summary);
    assert.match(one(fail, 'NET-04').summary, /BusyBox v1\.35\.0/);
    assert.equal(one(pass, 'NET-04').verdict, 'PASS', one(pass, 'NET-04').summary);
  });

  it('NET-04 sees an operating-system release without a dotted version (Debian GNU/Linux 12)', T, async (t) => {
    const telnetd = await startTelnetd(t, { issue: 'Debian GNU/Linux 12\n' });
    if (!telnetd) return;
    const o = one(await runChecks(['NET-04'], { services: [{ port: telnetd.port, protocol: 'telnet' }] }), 'NET-04');
    assert.equal(o.verdict, 'FAIL', o.summary);
    assert.match(o.summary, /Debian GNU\/Linux 12/);
  });

  it('CRED-05 runs only with allow: brute-force, and passes when the login locks out', T, async (t) => {
    const telnetd = await startTelnetd(t, { lockoutAfter: 3, username: 'operator', password: 'N0t-a-default' });
    if (!telnetd) return;
    const service = { port: telnetd.port, protocol: 'telnet' as const, authentication: 'password' as const };
    const none = await runChecks(['CRED-05'], { services: [service] });
    assert.equal(none.length, 0, 'not run without the opt-in');
    const o = one(await runChecks(['CRED-05'], { services: [service], allow: ['brute-force'] }), 'CRED-05');
    assert.equal(o.verdict, 'PASS', `${o.summary} ${JSON.stringify(o.exchanges)}`);
    assert.match(o.summary, /locked out after 4 wrong passwords/, JSON.stringify(o.exchanges));
  });
});

describe('SSH checks', () => {
  it(
    'CRED-01 fails when SSH takes admin/admin and passes on dropbear, which takes none of the defaults',
    T,
    async (t) => {
      const weak = await startSshServer(t);
      const dropbear = await startDropbear(t);
      if (!dropbear) return;
      const [fail, pass] = await Promise.all([
        runChecks(['CRED-01'], { services: [{ port: weak.port, protocol: 'ssh' }] }),
        runChecks(['CRED-01'], {
          services: [{ port: dropbear.port, protocol: 'ssh' }],
          credentials: { defaults: [{ username: 'root', password: 'root' }] },
        }),
      ]);
      assert.equal(one(fail, 'CRED-01').verdict, 'FAIL', one(fail, 'CRED-01').summary);
      assert.match(one(fail, 'CRED-01').summary, /SSH password login accepted default #1/);
      assert.equal(
        one(pass, 'CRED-01').verdict,
        'PASS',
        `${one(pass, 'CRED-01').summary} ${JSON.stringify(one(pass, 'CRED-01').exchanges)}`,
      );
    },
  );

  it('SSH-01 passes on dropbear and fails on a server offering group1, 3des-cbc and hmac-md5', T, async (t) => {
    const dropbear = await startDropbear(t);
    if (!dropbear) return;
    const weak = await startSshServer(t, {
      algorithms: {
        kex: ['curve25519-sha256', 'diffie-hellman-group1-sha1'],
        cipher: ['aes128-ctr', '3des-cbc'],
        hmac: ['hmac-sha2-256', 'hmac-md5'],
      },
    });
    const [pass, fail] = await Promise.all([
      runChecks(['SSH-01'], { services: [{ port: dropbear.port, protocol: 'ssh' }] }),
      runChecks(['SSH-01'], { services: [{ port: weak.port, protocol: 'ssh' }] }),
    ]);
    assert.equal(one(pass, 'SSH-01').verdict, 'PASS', one(pass, 'SSH-01').summary);
    assert.match(one(pass, 'SSH-01').exchanges![0]!.seen!, /^SSH-2\.0-dropbear/);
    const failed = one(fail, 'SSH-01');
    assert.equal(failed.verdict, 'FAIL', failed.summary);
    assert.match(failed.summary, /diffie-hellman-group1-sha1/);
    assert.match(failed.summary, /3des-cbc/);
    assert.match(failed.summary, /hmac-md5/);
  });

  it('CRED-05 does not call a wrong test password a locked account', T, async (t) => {
    const server = await startSshServer(t, { username: 'operator', password: 'N0t-a-default' });
    const o = one(
      await runChecks(['CRED-05'], {
        services: [{ port: server.port, protocol: 'ssh', authentication: 'password' }],
        allow: ['brute-force'],
        credentials: { valid: { username: 'operator', password: 'a-typo' } },
      }),
      'CRED-05',
    );
    assert.equal(o.verdict, 'INCONCLUSIVE', `${o.summary} ${JSON.stringify(o.exchanges)}`);
    assert.match(o.summary, /the test account \(credentials\.valid\) was not accepted before the test/);
    assert.equal(o.exchanges!.length, 1, 'no wrong password is sent when the test account does not work');
  });

  it('CRED-05 fails when ten wrong passwords are answered at once and the valid login still works', T, async (t) => {
    const server = await startSshServer(t, { username: 'operator', password: 'N0t-a-default' });
    const o = one(
      await runChecks(['CRED-05'], {
        services: [{ port: server.port, protocol: 'ssh', authentication: 'password' }],
        allow: ['brute-force'],
        credentials: { valid: { username: 'operator', password: 'N0t-a-default' } },
      }),
      'CRED-05',
    );
    assert.equal(o.verdict, 'FAIL', `${o.summary} ${JSON.stringify(o.exchanges)}`);
    assert.equal(o.exchanges!.length, 12, 'the valid login before, ten wrong passwords, the valid login after');
    assert.doesNotMatch(JSON.stringify(o), /N0t-a-default/);
  });
});
