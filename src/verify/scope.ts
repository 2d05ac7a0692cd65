/**
 * The scope guard: the one place that decides whether an address may be contacted. Every socket iotassure opens
 * passes through Net (net.ts), which asks this guard first, so an address outside the listed scope is refused
 * before a single packet is sent. In tests (IOTASSURE_TEST_SCOPE=loopback) only loopback is allowed, unless the
 * process runs in a network namespace the test created (IOTASSURE_NETNS=1).
 */
import ipaddr from 'ipaddr.js';

export class ScopeViolation extends Error {
  constructor(
    readonly address: string,
    readonly port: number | undefined,
    reason: string,
  ) {
    super(`refused ${address}${port === undefined ? '' : `:${port}`}: ${reason}`);
    this.name = 'ScopeViolation';
  }
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Largest CIDR range a scope may list without --max-hosts: 256 addresses. */
export const MAX_SCOPE_HOSTS = 256;

export class Scope {
  private readonly ranges: Range[];
  private readonly loopbackOnly: boolean;

  constructor(entries: readonly string[], options: { maxHosts?: number; env?: NodeJS.ProcessEnv } = {}) {
    const env = options.env ?? process.env;
    this.loopbackOnly = env.IOTASSURE_TEST_SCOPE === 'loopback' && env.IOTASSURE_NETNS !== '1';
    this.ranges = entries.map((entry) => parseRange(entry, options.maxHosts ?? MAX_SCOPE_HOSTS));
  }

  /** Throws ScopeViolation unless `address` (an IP literal) is inside the scope. */
  assertAllowed(address: string, port?: number): void {
    if (!ipaddr.isValid(address)) throw new ScopeViolation(address, port, 'not an IP address; resolve names first');
    const ip = normalise(ipaddr.parse(address));
    if (this.loopbackOnly && ip.range() !== 'loopback') {
      throw new ScopeViolation(address, port, 'test mode allows only loopback addresses');
    }
    const inside = this.ranges.some(([base, bits]) => base.kind() === ip.kind() && ip.match([base, bits] as never));
    if (!inside) throw new ScopeViolation(address, port, 'outside the listed scope');
  }

  /**
   * Throws ScopeViolation unless `group` is a multicast address and multicast is possible here: a multicast datagram
   * reaches every device on the segment, so it is refused in loopback test mode (outside a test network namespace).
   * Callers also check that the target allows multicast and keep only the target's replies.
   */
  assertMulticast(group: string): void {
    if (!ipaddr.isValid(group) || ipaddr.parse(group).range() !== 'multicast') {
      throw new ScopeViolation(group, undefined, 'not a multicast group');
    }
    if (this.loopbackOnly) throw new ScopeViolation(group, undefined, 'test mode allows no multicast');
  }

  allows(address: string): boolean {
    try {
      this.assertAllowed(address);
      return true;
    } catch {
      return false;
    }
  }
}

function normalise(ip: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}

function parseRange(entry: string, maxHosts: number): Range {
  let range: Range;
  try {
    range = entry.includes('/')
      ? ipaddr.parseCIDR(entry)
      : [ipaddr.parse(entry), ipaddr.parse(entry).kind() === 'ipv4' ? 32 : 128];
  } catch {
    throw new ScopeViolation(entry, undefined, 'not an IP address or CIDR range');
  }
  const [base, bits] = range;
  const hostBits = (base.kind() === 'ipv4' ? 32 : 128) - bits;
  if (hostBits > 30 || 2 ** hostBits > maxHosts) {
    throw new ScopeViolation(entry, undefined, `the range has ${2 ** hostBits} addresses; the limit is ${maxHosts}`);
  }
  return [normalise(base), base.kind() === 'ipv6' && normalise(base).kind() === 'ipv4' ? bits - 96 : bits];
}
