/**
 * The run's safety rules: scope before anything is sent, opt-ins for intrusive checks, attempt pacing and lockout,
 * time caps, errors as verdicts — and the registry's consistency with the catalog.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.js';
import type { VerificationSpec } from '../../src/model/verification.js';
import { checks } from '../../src/verify/checks/index.js';
import { loadVerification } from '../../src/verify/load.js';
import { CredentialBudget } from '../../src/verify/net/credentials.js';
import { DEFAULT_LIMITS, Limiter } from '../../src/verify/net/limits.js';
import { Net } from '../../src/verify/net/net.js';
import { Scope, ScopeViolation } from '../../src/verify/net/scope.js';
import { executePlan, PlanError, planRun, verify } from '../../src/verify/runner.js';
import type { Check } from '../../src/verify/types.js';
import { TEST_LIMITS } from '../fixtures/verify-run.js';

const LOOPBACK = { IOTASSURE_TEST_SCOPE: 'loopback' };

/**
 * A Net whose scope would allow the target and that records every call instead of sending anything: an empty
 * record proves the refusal came from the plan, before any check asked for a socket.
 */
class SpyNet extends Net {
  readonly calls: string[] = [];
  constructor(allowed: string) {
    super(new Scope([allowed], { env: {} }), new Limiter(DEFAULT_LIMITS), 500);
  }
  override async tcp(host: string, port: number): Promise<never> {
    this.calls.push(`tcp ${host}:${port}`);
    throw new Error('the spy sends nothing');
  }
  override async http(request: { host: string; port: number }): Promise<never> {
    this.calls.push(`http ${request.host}:${request.port}`);
    throw new Error('the spy sends nothing');
  }
  override async udpSession(host: string, port: number): Promise<never> {
    this.calls.push(`udp ${host}:${port}`);
    throw new Error('the spy sends nothing');
  }
}

describe('scope: nothing outside it is ever contacted', () => {
  for (const host of ['10.0.0.1', '192.168.1.1', '8.8.8.8']) {
    it(`refuses a target at ${host} before opening any socket`, async () => {
      const spy = new SpyNet(host);
      const spec: VerificationSpec = {
        targets: [
          {
            host,
            services: [
              { port: 23, protocol: 'telnet' },
              { port: 80, protocol: 'http' },
            ],
          },
        ],
      };
      await assert.rejects(verify(spec, { env: LOOPBACK, net: spy }), (error: unknown) => {
        assert.ok(error instanceof PlanError);
        assert.deepEqual(error.path, ['targets', 0, 'host']);
        assert.match(error.message, /test mode allows only loopback/);
        return true;
      });
      assert.deepEqual(spy.calls, []);
      assert.equal(spy.opened.size, 0);
    });
  }

  it('refuses listed addresses outside an explicit scope even outside test mode', async () => {
    const spec: VerificationSpec = { scope: ['192.0.2.0/28'], targets: [{ host: '192.0.2.77', services: [] }] };
    await assert.rejects(planRun(spec, { env: {} }), /outside the listed scope/);
  });

  it('resolves host names once and refuses a name that resolves outside the scope', async () => {
    const resolved: string[] = [];
    const resolve = async (host: string) => {
      resolved.push(host);
      return host === 'camera.lan' ? ['127.0.0.1', '10.1.2.3'] : ['127.0.0.1'];
    };
    const spec = (host: string): VerificationSpec => ({ scope: ['127.0.0.1'], targets: [{ host, services: [] }] });
    await assert.rejects(
      planRun(spec('camera.lan'), { env: LOOPBACK, resolve }),
      /camera\.lan resolves to 10\.1\.2\.3/,
    );
    const plan = await planRun(spec('recorder.lan'), { env: LOOPBACK, resolve });
    assert.deepEqual(plan.targets[0]!.addresses, ['127.0.0.1']);
    assert.deepEqual(resolved, ['camera.lan', 'recorder.lan']);
  });

  it('Net itself refuses an out-of-scope address before connecting', async () => {
    const guarded = new Net(new Scope(['10.0.0.1'], { env: LOOPBACK }), new Limiter(DEFAULT_LIMITS), 500);
    await assert.rejects(guarded.tcp('10.0.0.1', 80), ScopeViolation);
    await assert.rejects(guarded.http({ host: '8.8.8.8', port: 80, path: '/' }), ScopeViolation);
    assert.equal(guarded.opened.size, 0);
  });

  it('the scope hash changes with the scope', async () => {
    const a = await planRun({ targets: [{ host: '127.0.0.1', services: [] }] }, { env: LOOPBACK });
    const b = await planRun(
      { scope: ['127.0.0.0/30'], targets: [{ host: '127.0.0.1', services: [] }] },
      { env: LOOPBACK },
    );
    assert.match(a.scopeHash, /^sha256:[0-9a-f]{64}$/);
    assert.notEqual(a.scopeHash, b.scopeHash);
    assert.deepEqual(a.scope, ['127.0.0.1']);
  });
});

describe('plan', () => {
  const spec: VerificationSpec = {
    targets: [
      {
        id: 'recorder',
        element: 'recorder',
        host: '127.0.0.1',
        services: [
          { port: 23, protocol: 'telnet', authentication: 'password' },
          { port: 1883, protocol: 'mqtt' },
        ],
      },
    ],
  };

  it('plans the checks that apply, with attempt caps, and lists opt-in checks as not run', async () => {
    const plan = await planRun(spec, { env: LOOPBACK });
    const row = (id: string, endpoint: string) =>
      plan.items.find((i) => i.check.meta.id === id && i.endpoint === endpoint);
    assert.equal(row('CRED-01', 'tcp://127.0.0.1:23')?.attempts, 3);
    assert.equal(row('CRED-03', 'tcp://127.0.0.1:1883')?.attempts, 0);
    assert.equal(row('NET-03', 'host://127.0.0.1')?.skipped, undefined);
    assert.equal(row('CRED-05', 'tcp://127.0.0.1:23')?.skipped, 'needs allow: [brute-force] on the target');
    assert.equal(row('CRED-01', 'tcp://127.0.0.1:1883'), undefined, 'CRED-01 is not for MQTT');
    const allowed = await planRun(
      { ...spec, targets: [{ ...spec.targets[0]!, allow: ['brute-force'] }], limits: { attemptsPerService: 2 } },
      { env: LOOPBACK },
    );
    const cred05 = allowed.items.find((i) => i.check.meta.id === 'CRED-05' && i.endpoint.endsWith(':23'))!;
    assert.equal(cred05.skipped, undefined);
    assert.equal(cred05.attempts, 12);
    assert.equal(allowed.items.find((i) => i.check.meta.id === 'CRED-01')?.attempts, 2);
  });

  it("a target takes the default-credential lists of its element's kind", () => {
    const example = join(import.meta.dirname, '../../examples/monitoring-camera');
    const { spec } = loadVerification(join(example, 'targets.yaml'), join(example, 'system.yaml'));
    const classes = Object.fromEntries(spec.targets.map((t) => [t.element, t.deviceClass]));
    assert.equal(classes['entrance-camera'], 'camera', 'kind camera (through its template)');
    assert.equal(classes.recorder, 'camera', 'declared in the targets file');
  });

  it('--only keeps the named checks', async () => {
    const plan = await planRun(spec, { env: LOOPBACK, only: ['CRED-03', 'MQTT-01'] });
    assert.deepEqual([...new Set(plan.items.map((i) => i.check.meta.id))], ['CRED-03', 'MQTT-01']);
  });
});

describe('execution', () => {
  const hang: Check = {
    meta: {
      id: 'TEST-HANG',
      title: 'hangs',
      description: '',
      passes: 'never',
      intrusiveness: 'safe',
      controls: [],
      requirements: [],
    },
    appliesTo: () => [undefined],
    run: () => new Promise(() => {}),
  };
  const broken: Check = {
    ...hang,
    meta: { ...hang.meta, id: 'TEST-BUG' },
    run: () => Promise.reject(new TypeError('oops')),
  };
  const refused: Check = {
    ...hang,
    meta: { ...hang.meta, id: 'TEST-REFUSED' },
    run: async (ctx) => {
      const socket = await ctx.net.tcp(ctx.address, 1, ctx.signal);
      socket.destroy();
      return { verdict: 'PASS', summary: 'unreachable' };
    },
  };

  it('a check that hangs stops at its time cap; exceptions become INCONCLUSIVE verdicts and the run goes on', {
    timeout: 10_000,
  }, async () => {
    const plan = await planRun(
      { targets: [{ host: '127.0.0.1', services: [] }], limits: { ...TEST_LIMITS } },
      { env: LOOPBACK, checks: [hang, broken, refused] },
    );
    plan.limits.checkTimeoutMs = 300;
    const result = await executePlan(plan, { env: LOOPBACK });
    const by = (id: string) => result.observations.find((o) => o.check === id)!;
    assert.equal(by('TEST-HANG').verdict, 'INCONCLUSIVE');
    assert.match(by('TEST-HANG').summary, /time cap of 300 ms/);
    assert.match(by('TEST-BUG').summary, /internal error: oops/);
    assert.equal(by('TEST-REFUSED').summary, 'could not connect to 127.0.0.1: connection refused');
  });

  it('an aborted run stops and says so', { timeout: 10_000 }, async () => {
    const plan = await planRun(
      { targets: [{ host: '127.0.0.1', services: [] }] },
      { env: LOOPBACK, checks: [hang, hang] },
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await executePlan(plan, { env: LOOPBACK, signal: controller.signal });
    assert.equal(result.aborted, true);
    assert.equal(result.observations.length, 1);
    assert.equal(result.observations[0]!.summary, 'the run was stopped');
  });

  it('writes an audit record of start, each check and end with connection counts', { timeout: 10_000 }, async () => {
    const server = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const events: Record<string, unknown>[] = [];
    await verify(
      {
        targets: [{ host: '127.0.0.1', services: [{ port, protocol: 'http' }], scan: { tcp: [port], udp: [] } }],
        limits: TEST_LIMITS,
      },
      { env: LOOPBACK, only: ['NET-03'], audit: (e) => events.push(e) },
    );
    server.close();
    assert.deepEqual(
      events.map((e) => e.event),
      ['start', 'check', 'end'],
    );
    assert.deepEqual(events[0]!.checks, ['NET-03 host://127.0.0.1']);
    assert.deepEqual(events[2]!.connections, { [`127.0.0.1:${port}`]: 1 });
  });
});

describe('credential budget', () => {
  const request = (port: number, check: string, allowance = 10) => ({
    address: '127.0.0.1',
    port,
    check,
    allowance,
    target: 't',
    pair: { username: 'admin', password: 'admin' },
    label: 'default #1',
  });

  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** when a taken submission was handed over */
  const handedOver = async (taken: Promise<unknown>) => {
    assert.ok(await taken, 'a submission was handed over');
    return performance.now();
  };

  it('is one per address and port, paced a second after each check is done, and ends at a lockout', async () => {
    const events: Record<string, unknown>[] = [];
    const budget = new CredentialBudget(2, new Map(), (e) => events.push(e));
    const cred01 = budget.forCheck();
    assert.ok(await cred01.take(request(23, 'CRED-01')));
    cred01.end();
    const done = performance.now();
    const cred05 = budget.forCheck();
    const second = await handedOver(cred05.take(request(23, 'CRED-05')));
    assert.ok(second - done >= 1000, `a second check drew from the same budget ${second - done} ms after the first`);
    cred05.end();
    const http02 = budget.forCheck();
    assert.equal(await http02.take(request(23, 'HTTP-02')), undefined, 'budget of 127.0.0.1:23 spent');
    http02.end();
    const cred02 = budget.forCheck();
    assert.ok(await cred02.take(request(80, 'CRED-02', 1)), 'another port has its own budget');
    assert.equal(await cred02.take(request(80, 'CRED-02', 1)), undefined, "the check's allowance is spent");
    cred02.end();
    budget.lockedOut('127.0.0.1', 'account locked', 'CRED-01');
    const cred06 = budget.forCheck();
    assert.equal(await cred06.take(request(81, 'CRED-06')), undefined, 'no submission to the address after a lockout');
    cred06.end();
    assert.equal(budget.total, 3);
    assert.deepEqual(budget.sent(), { '127.0.0.1:23': 2, '127.0.0.1:80': 1 });
    assert.deepEqual(
      events.map((e) => `${e.event} ${e.endpoint ?? e.address} ${e.check}`),
      [
        'credential 127.0.0.1:23 CRED-01',
        'credential 127.0.0.1:23 CRED-05',
        'credential 127.0.0.1:80 CRED-02',
        'lockout 127.0.0.1 CRED-01',
      ],
    );
  });

  it("holds the address's turn while a check's attempt is out, however long it takes", async () => {
    const budget = new CredentialBudget(3);
    const slow = budget.forCheck();
    const other = budget.forCheck();
    const first = await handedOver(slow.take(request(23, 'CRED-05')));
    const queued = handedOver(other.take(request(80, 'CRED-02')));
    await wait(1500); // the slow check's login takes 1.5 s to answer
    const done = performance.now();
    slow.end();
    const second = await queued;
    other.end();
    assert.ok(
      second - done >= 1000,
      `the queued check was handed its submission ${second - done} ms after the other was done`,
    );
    assert.ok(second - first >= 2500, `${second - first} ms between the hand-overs`);
  });

  it("counts a check's next submission from the moment it asks for it", async () => {
    const budget = new CredentialBudget(3);
    const check = budget.forCheck();
    const first = await handedOver(check.take(request(23, 'CRED-05')));
    await wait(300); // the attempt
    const asked = performance.now();
    const second = await handedOver(check.take(request(23, 'CRED-05')));
    check.end();
    assert.ok(second - asked >= 1000, `handed over ${second - asked} ms after it was asked for`);
    assert.ok(second - first >= 1300, `${second - first} ms between the hand-overs`);
  });

  it('keeps the pace when a timer fires late', async () => {
    const budget = new CredentialBudget(3);
    const [a, b, c] = [budget.forCheck(), budget.forCheck(), budget.forCheck()];
    assert.ok(await a.take(request(23, 'CRED-01')));
    a.end();
    const aDone = performance.now();
    let bDone = 0;
    const bHanded = handedOver(b.take(request(23, 'CRED-05'))).then((at) => {
      b.end();
      bDone = performance.now();
      return at;
    });
    const cHanded = handedOver(c.take(request(23, 'CRED-06')));
    // a busy process: nothing runs from 0.9 to 1.4 s, so b's timer fires 0.4 s late
    await wait(900 - (performance.now() - aDone));
    const busyUntil = aDone + 1400;
    while (performance.now() < busyUntil);
    const [bAt, cAt] = await Promise.all([bHanded, cHanded]);
    c.end();
    assert.ok(bAt - aDone >= 1350, `b came ${bAt - aDone} ms on`);
    assert.ok(cAt - bDone >= 1000, `c came ${cAt - bDone} ms after b was done`);
  });

  it('lets the line move on past a check that stops waiting, and hands nothing to a check that has ended', async () => {
    const budget = new CredentialBudget(3);
    const [a, b, c] = [budget.forCheck(), budget.forCheck(), budget.forCheck()];
    assert.ok(await a.take(request(23, 'CRED-01')));
    const stop = new AbortController();
    const bTaken = b.take(request(23, 'CRED-05'), stop.signal);
    const cHanded = handedOver(c.take(request(23, 'CRED-06')));
    stop.abort(new Error('stopped at its time cap'));
    await assert.rejects(bTaken, /stopped at its time cap/);
    b.end();
    a.end();
    const aDone = performance.now();
    const cAt = await cHanded;
    c.end();
    assert.ok(cAt - aDone >= 1000, `c came ${cAt - aDone} ms after a was done`);
    assert.equal(await a.take(request(23, 'CRED-01')), undefined, 'a check that has ended is handed nothing');
    assert.deepEqual(budget.sent(), { '127.0.0.1:23': 2 }, 'the stopped check was not charged');
  });
});

describe('registry', () => {
  const catalog = loadCatalog();

  it('has unique ids, one module per check, and metadata a report can use', () => {
    const ids = checks.map((c) => c.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const { meta } of checks) {
      assert.match(meta.id, /^[A-Z]+-\d{2}$/);
      assert.ok(meta.title && meta.description && meta.controls.length > 0 && meta.requirements.length > 0, meta.id);
    }
  });

  it('names exactly the controls whose catalog entry lists the check, and requirements that exist', () => {
    for (const { meta } of checks) {
      const listing = [...catalog.controls.values()]
        .filter((c) => c.verification?.checks?.includes(meta.id))
        .map((c) => c.id);
      assert.deepEqual(
        [...meta.controls].sort(),
        listing.sort(),
        `${meta.id}: meta.controls vs catalog verification.checks`,
      );
      for (const control of meta.controls)
        assert.ok(catalog.controls.has(control), `${meta.id}: unknown control ${control}`);
      for (const requirement of meta.requirements)
        assert.ok(catalog.requirement(requirement), `${meta.id}: ${requirement}`);
    }
  });
});

describe('the network chokepoint', () => {
  const MODULES = '(?:node:)?(?:net|tls|dgram|http|https|http2)';
  const banned = new RegExp(
    [
      `\\bfrom\\s+['"]${MODULES}['"]`, // import … from 'node:net'
      `\\bimport\\s+['"]${MODULES}['"]`, // import 'node:net'
      `\\b(?:require|import)\\(\\s*['"]${MODULES}['"]`, // require('net'), import('node:tls')
      '\\bfetch\\s*\\(', // the global fetch
      '\\bundici\\b',
    ].join('|'),
  );

  it('the pattern catches every way in', () => {
    for (const line of [
      "import net from 'node:net';",
      'import { connect } from "tls";',
      "const dgram = require('node:dgram');",
      "const https = await import('node:https');",
      'const r = await fetch(url);',
      "import { request } from 'undici';",
    ]) {
      assert.match(line, banned, line);
    }
    assert.doesNotMatch("import { Net } from './net.js';", banned);
  });

  it('no module under src/verify outside the net/ folder imports node:net, node:tls, node:dgram, node:http(s) or calls fetch', () => {
    const root = join(import.meta.dirname, '../../src/verify');
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const offenders = files(root)
      .filter((f) => !f.startsWith(join(root, 'net', '/')) && !f.endsWith('.test.ts'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${f.slice(root.length + 1)}:${i + 1}` }))
          .filter(
            ({ line }) => banned.test(line) && !/^\s*(?:\/\/|\*|\/\*)/.test(line) && !/^\s*import\s+type\b/.test(line),
          )
          .map(({ line, at }) => `${at}: ${line.trim()}`),
      );
    assert.ok(files(root).length > 20, 'the walk found the modules');
    assert.deepEqual(offenders, []);
  });
});
