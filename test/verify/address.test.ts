/**
 * Canonical addresses and the scope guard: one reading of every spelling, the one the operating system has, and the
 * canonical text is what the socket gets. The property test runs in a network namespace, where the kernel itself is
 * the oracle (test/fixtures/address-oracle.ts); the CLI test shows that an IPv4-compatible spelling of an in-scope
 * IPv4 address is refused before a single packet leaves.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { canonicalAddress } from '../../src/verify/net/address.js';
import { Scope, ScopeViolation } from '../../src/verify/net/scope.js';
import { planRun } from '../../src/verify/runner.js';
import { requireNetns, runInNetns } from '../fixtures/netns.js';
import { tempDir } from '../fixtures/system.js';

describe('canonical addresses', () => {
  const canonical = (text: string) => canonicalAddress(text)?.address;

  it('reads the inet_aton forms of IPv4 the way getaddrinfo does', () => {
    for (const spelling of ['127.0.0.1', '127.1', '127.0.1', '2130706433', '0x7f000001', '0x7f.1', '0177.0.0.1']) {
      assert.equal(canonical(spelling), '127.0.0.1', spelling);
    }
    assert.equal(canonical('010.0.0.1'), '8.0.0.1', 'a leading zero is octal');
  });

  it('keeps the IPv4-compatible and NAT64 forms IPv6, and makes IPv4-mapped ones IPv4', () => {
    assert.equal(canonical('::192.0.2.10'), '::c000:20a');
    assert.equal(canonicalAddress('::192.0.2.10')!.embedded?.ipv4.toString(), '192.0.2.10');
    assert.equal(canonical('64:ff9b::192.0.2.10'), '64:ff9b::c000:20a');
    assert.equal(canonicalAddress('64:ff9b::c000:20a')!.embedded?.form, 'nat64');
    for (const mapped of ['::ffff:192.0.2.10', '::FFFF:C000:20A', '0:0:0:0:0:ffff:192.0.2.10', '::0:ffff:c000:020a']) {
      assert.equal(canonical(mapped), '192.0.2.10', mapped);
    }
    assert.equal(canonical('2001:0DB8:0:0:0:0:0:0001'), '2001:db8::1');
    assert.equal(canonical('fe80::1%eth0'), 'fe80::1%eth0');
    assert.equal(canonical('::1'), '::1');
  });

  it('takes no host name, trailing dot, bracket or space for an address', () => {
    for (const text of [
      '127.0.0.1.',
      ' 127.0.0.1',
      '[::1]',
      'camera.lan',
      '1.2.3.4.5',
      '127.0.0.256',
      '08.0.0.1',
      '0x',
    ]) {
      assert.equal(canonical(text), undefined, text);
    }
  });
});

describe('scope guard on canonical addresses', () => {
  it('refuses ::192.0.2.10 under a scope of 192.0.2.10, and says why', () => {
    const scope = new Scope(['192.0.2.10'], { env: {} });
    assert.throws(
      () => scope.admit('::c000:20a', 23),
      (e: unknown) => e instanceof ScopeViolation && /IPv6 address; it embeds 192\.0\.2\.10/.test(e.message),
    );
    assert.equal(scope.allows('192.0.2.10'), true);
    assert.equal(scope.allows('::ffff:192.0.2.10'), true, 'the mapped form is the IPv4 address');
  });

  it('admits only canonical text: what it judges is what the socket gets', () => {
    const scope = new Scope(['127.0.0.1'], { env: {} });
    assert.equal(scope.admit('127.0.0.1', 80), '127.0.0.1');
    assert.throws(() => scope.admit('127.1', 80), /not in canonical form \(127\.0\.0\.1\)/);
    assert.throws(() => scope.admit('::ffff:127.0.0.1', 80), /not in canonical form/);
  });

  it('allows a NAT64 address only when the IPv4 host it reaches is in the scope too', () => {
    assert.equal(new Scope(['64:ff9b::c000:20a'], { env: {} }).allows('64:ff9b::192.0.2.10'), false);
    assert.equal(new Scope(['64:ff9b::c000:20a', '192.0.2.10'], { env: {} }).allows('64:ff9b::192.0.2.10'), true);
  });

  it('matches zone ids exactly and reads scope entries in any spelling', () => {
    const scope = new Scope(['fe80::1%eth0', '::ffff:192.0.2.0/120', '0x7f.1'], { env: {} });
    assert.equal(scope.allows('fe80::1%eth0'), true);
    assert.equal(scope.allows('fe80::1%eth1'), false);
    assert.equal(scope.allows('fe80::1'), false);
    assert.equal(scope.allows('192.0.2.255'), true);
    assert.equal(scope.allows('127.0.0.1'), true);
  });

  it('the planner refuses every spelling that leads out of the scope, and plans canonical addresses', async () => {
    const spec = (host: string, scope: string[]) => ({ scope, targets: [{ host, services: [] }] });
    await assert.rejects(planRun(spec('::192.0.2.10', ['192.0.2.10']), { env: {} }), /outside the listed scope/);
    await assert.rejects(planRun(spec('64:ff9b::192.0.2.10', ['64:ff9b::c000:20a']), { env: {} }), /NAT64/);
    const plan = await planRun(spec('2130706433', ['127.0.0.1']), { env: {} });
    assert.deepEqual(plan.targets[0]!.addresses, ['127.0.0.1']);
    assert.equal(plan.targets[0]!.address, '127.0.0.1');
    const named = await planRun(spec('camera.lan', ['192.0.2.10']), {
      env: {},
      resolve: async () => ['::ffff:192.0.2.10'],
    });
    assert.deepEqual(named.targets[0]!.addresses, ['192.0.2.10'], 'resolver answers are canonicalised too');
    await assert.rejects(
      planRun(spec('camera.lan', ['192.0.2.10']), { env: {}, resolve: async () => ['::192.0.2.10'] }),
      /camera\.lan resolves to ::c000:20a/,
    );
  });
});

/**
 * A namespace with a veth pair: routes for the test ranges (and no default route) lead out of v0, whose packets are
 * counted. No link-local addresses, so the kernel sends nothing of its own but the few MLD reports for the global
 * address, which stop after a second or two (the test waits until the counter is still).
 */
const VETH = `
echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad
ip link add v0 type veth peer name v1
ip link set v0 addrgenmode none
ip link set v1 addrgenmode none
ip link set v0 up
ip link set v1 up
ip route add 192.0.2.0/24 dev v0
ip route add 198.51.100.0/24 dev v0
ip route add 203.0.113.0/24 dev v0
ip -6 addr add 2001:db8:ffff::1/64 dev v0 nodad
ip -6 route add ::/96 dev v0
ip -6 route add 64:ff9b::/96 dev v0
ip -6 route add 2001:db8::/32 dev v0
`;

describe('in a network namespace', () => {
  it('thousands of spellings: iotassure reads each as the kernel would connect to it, and the scope never lets one out', {
    timeout: 120_000,
  }, async (t) => {
    if (!requireNetns(t)) return;
    // default routes, so that every address has somewhere to go; a private mount of resolv.conf pointing at the
    // namespace's own (closed) port 53, so that spellings that are host names fail at once and nothing leaves
    const run = await runInNetns(
      t,
      `echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad
ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
ip route add default dev v0
ip -6 addr add 2001:db8:ffff::1/64 dev v0 nodad
ip -6 route add default dev v0
echo 'nameserver 127.0.0.1' > "$WORK/resolv.conf"
unshare -m --propagation private bash -c 'mount --bind "$WORK/resolv.conf" /etc/resolv.conf && exec node --import tsx "$REPO/test/fixtures/address-oracle.ts" "$OUT" 6000 27400' 2>>"$WORK/fixtures.log"`,
      { timeoutMs: 110_000 },
    );
    assert.ok(run.output, `no result: ${run.stderr} ${run.log}`);
    const result = JSON.parse(run.output) as { checked: number; literal: number; mismatches: unknown[] };
    assert.ok(result.checked > 2000, `${result.checked} distinct spellings`);
    assert.ok(result.literal > 1500, `${result.literal} of them address literals`);
    assert.deepEqual(result.mismatches, []);
  });

  it('a target ::192.0.2.10 with scope [192.0.2.10] is refused with exit 2 before any packet', {
    timeout: 60_000,
  }, async (t) => {
    if (!requireNetns(t)) return;
    const work = tempDir('iotassure-scope-');
    const targets = (host: string) =>
      JSON.stringify({
        scope: ['192.0.2.10'],
        targets: [{ host, services: [{ port: 23, protocol: 'telnet' }] }],
        limits: { timeoutMs: 500 },
      });
    writeFileSync(join(work, 'compat.json'), targets('::192.0.2.10'));
    writeFileSync(join(work, 'v4.json'), targets('192.0.2.10'));
    const run = await runInNetns(
      t,
      `${VETH}
tx() { sed 's/:/ /' /proc/net/dev | awk '$1 == "v0" { print $11 }'; }
settled=$(tx); for _ in $(seq 20); do sleep 0.5; now=$(tx); [ "$now" = "$settled" ] && break; settled=$now; done
sleep 1
before=$(tx)
node "$REPO/bin/iotassure.js" verify ${work}/compat.json --only NET-01 --quiet >"$WORK/compat.out" 2>"$WORK/compat.err"; code=$?
after=$(tx)
node "$REPO/bin/iotassure.js" verify ${work}/v4.json --only NET-01 --quiet >"$WORK/v4.out" 2>&1
control=$(tx)
printf '{"code":%s,"before":%s,"after":%s,"control":%s}' "$code" "$before" "$after" "$control" > "$OUT"`,
      { timeoutMs: 50_000 },
    );
    assert.ok(run.output, `no result: ${run.stderr} ${run.log}`);
    const r = JSON.parse(run.output) as Record<string, number>;
    const stderr = readFileSync(join(run.work, 'compat.err'), 'utf8');
    assert.equal(r.code, 2, stderr);
    assert.match(stderr, /::c000:20a/);
    assert.match(stderr, /outside the listed scope/);
    assert.equal(r.after, r.before, 'not one packet left for the refused target');
    assert.ok(r.control! > r.after!, 'the counter does count: the in-scope IPv4 target sends packets');
  });
});
