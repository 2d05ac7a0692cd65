/**
 * UPNP-01 and UPNP-02: a Node SSDP responder on loopback (fast PASS/FAIL pairs), and minissdpd — the real SSDP
 * daemon — on port 1900 in a network namespace, answering unicast and multicast M-SEARCH.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RunResult } from '../../src/verify/runner.js';
import { requireNetns, runInNetns } from '../fixtures/netns.js';
import { minissdpdScript, startSsdpResponder, startUpnpDevice } from '../fixtures/ssdp.js';
import { freePort, requireBinaries, tempDir } from '../fixtures/system.js';
import { one, runChecks, TEST_LIMITS } from '../fixtures/verify-run.js';

const T = { timeout: 20_000 };

describe('UPnP checks', () => {
  it('UPNP-01 passes for declared SSDP on a LAN address and fails on a WAN-facing one', T, async (t) => {
    const device = await startUpnpDevice(t, 'basic');
    const ssdp = await startSsdpResponder(t, device.location);
    const services = [{ port: ssdp.port, protocol: 'ssdp' as const }];
    const [lan, wan] = await Promise.all([
      runChecks(['UPNP-01'], { services }),
      runChecks(['UPNP-01'], { services, wanFacing: true }),
    ]);
    const pass = one(lan, 'UPNP-01');
    assert.equal(pass.verdict, 'PASS', pass.summary);
    assert.ok(pass.details!.some((d) => d.includes('SERVER: Linux/5.10 UPnP/1.1 MiniUPnPd/2.3.1')));
    assert.equal(one(wan, 'UPNP-01').verdict, 'FAIL', one(wan, 'UPNP-01').summary);
    assert.match(one(wan, 'UPNP-01').summary, /WAN-facing/);
    assert.ok(ssdp.searches() >= 2, 'unicast M-SEARCH reached the responder');
  });

  it('UPNP-02 fails when IGD port-mapping control answers without auth and passes for a media server', T, async (t) => {
    const router = await startUpnpDevice(t, 'igd');
    const media = await startUpnpDevice(t, 'basic');
    const ssdpRouter = await startSsdpResponder(t, router.location);
    const ssdpMedia = await startSsdpResponder(t, media.location);
    const [f, p] = await Promise.all([
      runChecks(['UPNP-02'], { services: [{ port: ssdpRouter.port, protocol: 'ssdp', disclosure: ['MiniUPnPd'] }] }),
      runChecks(['UPNP-02'], { services: [{ port: ssdpMedia.port, protocol: 'ssdp' }] }),
    ]);
    const fail = one(f, 'UPNP-02');
    assert.equal(fail.verdict, 'FAIL', fail.summary);
    assert.match(fail.summary, /WANIPConnection control answers without authentication and the IGD is not declared/);
    assert.ok(
      fail.exchanges!.some(
        (e) => /GetExternalIPAddress/.test(e.sent ?? '') && /HTTP 200 203\.0\.113\.7/.test(e.seen ?? ''),
      ),
    );
    assert.ok(fail.details!.some((d) => /warning: discloses serial number SN-0042-TEST/.test(d)));
    // read-only: the only SOAP action the router saw is GetExternalIPAddress
    for (let i = 0; i < 20 && !router.fixture.output().includes('SOAP'); i++)
      await new Promise((r) => setTimeout(r, 50));
    assert.match(router.fixture.output(), /#GetExternalIPAddress/);
    assert.doesNotMatch(router.fixture.output(), /AddPortMapping|DeletePortMapping/);
    const pass = one(p, 'UPNP-02');
    assert.equal(pass.verdict, 'PASS', pass.summary);
    assert.ok(pass.details!.some((d) => /MediaServer:1: Test Media Server/.test(d)));
  });

  it('a closed SSDP port is closed, not an error: the second M-SEARCH meets the ICMP port-unreachable', T, async () => {
    const port = await freePort();
    for (let run = 0; run < 3; run++) {
      const o = await runChecks(['UPNP-01', 'UPNP-02'], { services: [{ port, protocol: 'ssdp' }] });
      assert.equal(one(o, 'UPNP-01').summary, `declared SSDP port ${port} is closed`, `run ${run + 1}`);
      assert.match(one(o, 'UPNP-02').summary, /closed, so there is no description to read/, `run ${run + 1}`);
      assert.match(one(o, 'UPNP-01').exchanges![0]!.seen!, /ICMP port unreachable/);
    }
  });

  it(
    'in a netns: undeclared SSDP on a closed 1900 passes UPNP-01 and is not applicable to UPNP-02, every time',
    T,
    async (t) => {
      if (!requireNetns(t)) return;
      const specPath = join(tempDir('iotassure-spec-'), 'spec.json');
      writeFileSync(specPath, JSON.stringify({ limits: TEST_LIMITS, targets: [{ host: '127.0.0.1', services: [] }] }));
      const run = await runInNetns(
        t,
        `for i in 1 2 3; do scan ${specPath} "$WORK/run$i.json" UPNP-01,UPNP-02; done
cat "$WORK/run1.json" > "$OUT"; echo >> "$OUT"; cat "$WORK/run2.json" >> "$OUT"; echo >> "$OUT"; cat "$WORK/run3.json" >> "$OUT"`,
      );
      const runs = run.output
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as RunResult).observations);
      assert.equal(runs.length, 3, run.stderr);
      for (const o of runs) {
        assert.equal(one(o, 'UPNP-01').verdict, 'PASS', one(o, 'UPNP-01').summary);
        assert.match(one(o, 'UPNP-01').summary, /SSDP port 1900 is closed/);
        assert.equal(one(o, 'UPNP-02').verdict, 'NOT_APPLICABLE', one(o, 'UPNP-02').summary);
      }
    },
  );

  it('UPNP-02 does not follow a LOCATION that points to another host', T, async (t) => {
    const ssdp = await startSsdpResponder(t, 'http://192.0.2.10:49152/rootDesc.xml');
    const o = one(await runChecks(['UPNP-02'], { services: [{ port: ssdp.port, protocol: 'ssdp' }] }), 'UPNP-02');
    assert.equal(o.verdict, 'INCONCLUSIVE', o.summary);
    assert.match(o.exchanges![0]!.seen!, /not followed: another host/);
  });

  it('in a netns: minissdpd on 1900 answers unicast and multicast; undeclared fails, declared passes', T, async (t) => {
    if (!requireNetns(t) || !requireBinaries(t, ['minissdpd'], 'minissdpd')) return;
    const spec = {
      limits: TEST_LIMITS,
      targets: [
        { id: 'undeclared', host: '127.0.0.1', allow: ['multicast'], services: [] },
        {
          id: 'declared',
          host: '127.0.0.1',
          services: [
            {
              port: 1900,
              protocol: 'ssdp',
              disclosure: ['InternetGatewayDevice', 'MiniUPnPd/2.3.1', 'SN-0042-TEST', 'TR-1 2.4.1'],
            },
          ],
        },
      ],
    };
    const specPath = join(tempDir('iotassure-spec-'), 'spec.json');
    writeFileSync(specPath, JSON.stringify(spec));
    const run = await runInNetns(t, `${minissdpdScript(5000, 'igd')}\nscan ${specPath} "$OUT" UPNP-01,UPNP-02`);
    assert.ok(run.output, `no output: ${run.stderr}\n${run.log}`);
    const o = (JSON.parse(run.output) as RunResult).observations;
    const of = (target: string, check: string) => o.find((x) => x.targetId === target && x.check === check)!;
    const undeclared = of('undeclared', 'UPNP-01');
    assert.equal(undeclared.verdict, 'FAIL', undeclared.summary);
    assert.match(undeclared.summary, /not declared/);
    assert.ok(
      undeclared.exchanges!.some((e) => e.sent === 'multicast M-SEARCH'),
      'minissdpd answered the multicast M-SEARCH',
    );
    assert.ok(undeclared.exchanges!.some((e) => e.sent === 'unicast M-SEARCH'));
    assert.equal(of('undeclared', 'UPNP-02').verdict, 'FAIL', of('undeclared', 'UPNP-02').summary);
    assert.equal(of('declared', 'UPNP-01').verdict, 'PASS', of('declared', 'UPNP-01').summary);
    const declared = of('declared', 'UPNP-02');
    assert.equal(declared.verdict, 'PASS', declared.summary);
    assert.ok(
      declared.details!.some((d) => /warning: declared IGD WANIPConnection answers without authentication/.test(d)),
    );
  });
});
