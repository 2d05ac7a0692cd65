/**
 * The scope guard: the one place that decides whether an address may be contacted. Every socket iotassure opens
 * passes through Net (net.ts), which asks this guard first, so an address outside the listed scope is refused
 * before a single packet is sent. The guard judges canonical addresses only (address.ts) and hands back the text
 * the socket must connect to, so what is judged and what is connected to cannot differ. In tests
 * (IOTASSURE_TEST_SCOPE=loopback) only loopback is allowed, unless the process runs in a network namespace the test
 * created (IOTASSURE_NETNS=1).
 */
import type ipaddr from 'ipaddr.js';
import { type CanonicalAddress, canonicalAddress } from './address.js';

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

interface Range {
  base: ipaddr.IPv4 | ipaddr.IPv6;
  bits: number;
  zone?: string;
}

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

  /**
   * The canonical address to connect to, when `address` — already in canonical form — is inside the scope;
   * otherwise ScopeViolation. A spelling that is not canonical is refused too: it was not read the way the socket
   * would read it, so it must not reach one.
   */
  admit(address: string, port?: number): string {
    const canonical = canonicalAddress(address);
    if (!canonical) throw new ScopeViolation(address, port, 'not an IP address; resolve names first');
    if (canonical.address !== address) {
      throw new ScopeViolation(address, port, `not in canonical form (${canonical.address}); canonicalise it first`);
    }
    this.judge(canonical, port);
    return canonical.address;
  }

  /** Throws ScopeViolation unless the canonical address is inside the scope. */
  judge(canonical: CanonicalAddress, port?: number): void {
    const { address, ip } = canonical;
    if (this.loopbackOnly && ip.range() !== 'loopback') {
      throw new ScopeViolation(address, port, 'test mode allows only loopback addresses');
    }
    if (!this.contains(canonical.ip, canonical.zone)) {
      const embedded = canonical.embedded
        ? ` (an IPv6 address; it embeds ${canonical.embedded.ipv4}, but packets go to the IPv6 address)`
        : '';
      throw new ScopeViolation(address, port, `outside the listed scope${embedded}`);
    }
    // A NAT64 address reaches the IPv4 host it embeds: that host must be in the scope as well.
    if (canonical.embedded?.form === 'nat64' && !this.contains(canonical.embedded.ipv4)) {
      throw new ScopeViolation(
        address,
        port,
        `a NAT64 address of ${canonical.embedded.ipv4}, which is outside the listed scope`,
      );
    }
  }

  private contains(ip: ipaddr.IPv4 | ipaddr.IPv6, zone?: string): boolean {
    return this.ranges.some(
      (r) => r.base.kind() === ip.kind() && ip.match([r.base, r.bits] as never) && r.zone === zone,
    );
  }

  /**
   * Throws ScopeViolation unless `group` is a multicast address and multicast is possible here: a multicast datagram
   * reaches every device on the segment, so it is refused in loopback test mode (outside a test network namespace).
   * Callers also check that the target allows multicast and keep only the target's replies.
   */
  assertMulticast(group: string): void {
    const canonical = canonicalAddress(group);
    if (!canonical || canonical.address !== group || canonical.ip.range() !== 'multicast') {
      throw new ScopeViolation(group, undefined, 'not a multicast group');
    }
    if (this.loopbackOnly) throw new ScopeViolation(group, undefined, 'test mode allows no multicast');
  }

  /** Whether `text` (any spelling of an address) is inside the scope. */
  allows(text: string): boolean {
    const canonical = canonicalAddress(text);
    if (!canonical) return false;
    try {
      this.judge(canonical);
      return true;
    } catch {
      return false;
    }
  }
}

/** A scope entry: an address or CIDR range in any spelling, read like a target address. */
function parseRange(entry: string, maxHosts: number): Range {
  const slash = entry.lastIndexOf('/');
  const canonical = canonicalAddress(slash < 0 ? entry : entry.slice(0, slash));
  const full = canonical?.ip.kind() === 'ipv4' ? 32 : 128;
  const written =
    slash < 0 ? undefined : /^\d{1,3}$/.test(entry.slice(slash + 1)) ? Number(entry.slice(slash + 1)) : -1;
  if (!canonical || written === -1) throw new ScopeViolation(entry, undefined, 'not an IP address or CIDR range');
  // an IPv4-mapped range (::ffff:192.0.2.0/120) became IPv4: its prefix loses the 96 mapped bits
  const mapped = slash >= 0 && canonicalAddress(entry.slice(0, slash))!.ip.kind() === 'ipv4' && entry.includes(':');
  const bits = written === undefined ? full : mapped ? written - 96 : written;
  if (bits < 0 || bits > full) throw new ScopeViolation(entry, undefined, 'not an IP address or CIDR range');
  const hostBits = full - bits;
  if (hostBits > 30 || 2 ** hostBits > maxHosts) {
    throw new ScopeViolation(entry, undefined, `the range has ${2 ** hostBits} addresses; the limit is ${maxHosts}`);
  }
  return { base: canonical.ip, bits, ...(canonical.zone !== undefined && { zone: canonical.zone }) };
}
