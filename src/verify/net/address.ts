/**
 * Canonical addresses: the one spelling of an IP address that the scope guard judges and the socket connects to.
 * An address can be written many ways — `127.1`, `2130706433`, `0x7f.0.0.1`, `::ffff:127.0.0.1`, `0:0::FFFF:7F00:1`
 * — and the guard and the socket must never read one spelling differently (ipaddr.js reads the IPv4-compatible
 * `::192.0.2.10` as IPv4, while the kernel connects to the IPv6 address ::c000:20a). So every address is read once,
 * the way the operating system reads it, and from then on only its canonical text is used:
 *
 * - IPv6 is parsed by the OS's own inet_pton (Node's SocketAddress) and written in RFC 5952 form (lower case, the
 *   longest run of zero groups compressed). An IPv4-mapped address (::ffff:0:0/96) becomes its IPv4 address: a
 *   dual-stack socket sends IPv4 packets for it. The IPv4-compatible form (::a.b.c.d) and NAT64 addresses
 *   (64:ff9b::/96, 64:ff9b:1::/48) stay IPv6: that is where their packets go; the IPv4 address they embed is noted.
 *   A zone id (`fe80::1%eth0`) is kept: it names the link.
 * - IPv4 takes the inet_aton forms getaddrinfo accepts (one to four parts, each decimal, octal with a leading 0 or
 *   hex with 0x) and is written as a dotted quad.
 * - Anything else (a trailing dot, spaces, brackets) is not an address literal: it is a host name, resolved by the
 *   resolver, whose answers are canonicalised in turn.
 */
import { SocketAddress } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface CanonicalAddress {
  /** the text the scope guard judges and the socket connects to */
  address: string;
  ip: ipaddr.IPv4 | ipaddr.IPv6;
  /** the IPv6 zone id, for link-local addresses */
  zone?: string;
  /** the IPv4 address an IPv6 address embeds: NAT64 (its packets reach that host) or the IPv4-compatible form */
  embedded?: { ipv4: ipaddr.IPv4; form: 'nat64' | 'ipv4-compatible' };
}

const IPV4_LITERAL = /^(?:0[xX][0-9a-fA-F]*|[0-9]+)(?:\.(?:0[xX][0-9a-fA-F]*|[0-9]+)){0,3}$/;
const NAT64 = [ipaddr.parseCIDR('64:ff9b::/96'), ipaddr.parseCIDR('64:ff9b:1::/48')] as const;

/** The canonical form of an IP address literal, or undefined when `text` is not one (then it is a host name). */
export function canonicalAddress(text: string): CanonicalAddress | undefined {
  if (IPV4_LITERAL.test(text)) {
    if (!ipaddr.IPv4.isValid(text)) return undefined;
    const ip = ipaddr.IPv4.parse(text);
    return { address: ip.toString(), ip };
  }
  const percent = text.indexOf('%');
  const base = percent < 0 ? text : text.slice(0, percent);
  const zone = percent < 0 ? undefined : text.slice(percent + 1);
  if (zone !== undefined && !/^[\w.-]{1,64}$/.test(zone)) return undefined;
  const bytes = ipv6Bytes(base);
  if (!bytes) return undefined;
  const ip = ipaddr.fromByteArray(bytes) as ipaddr.IPv6;
  if (ip.isIPv4MappedAddress()) {
    const v4 = ip.toIPv4Address();
    return { address: v4.toString(), ip: v4 };
  }
  const address = `${ip.toRFC5952String()}${zone === undefined ? '' : `%${zone}`}`;
  const nat64 = NAT64.some((range) => ip.match(range));
  const compatible = ip.match(ipaddr.parseCIDR('::/96')) && bytes.slice(12).some((b, i) => b > (i === 3 ? 1 : 0));
  const embedded =
    nat64 || compatible
      ? {
          ipv4: ipaddr.fromByteArray(bytes.slice(12)) as ipaddr.IPv4,
          form: nat64 ? ('nat64' as const) : ('ipv4-compatible' as const),
        }
      : undefined;
  return { address, ip, ...(zone !== undefined && { zone }), ...(embedded && { embedded }) };
}

/** The 16 bytes inet_pton reads from `text`, or undefined when it is not an IPv6 address. */
function ipv6Bytes(text: string): number[] | undefined {
  if (!text.includes(':')) return undefined;
  let presented: string;
  try {
    presented = new SocketAddress({ address: text, family: 'ipv6' }).address;
  } catch {
    return undefined;
  }
  // inet_ntop writes the IPv4-compatible and -mapped forms with a dotted tail; make that two hex groups
  const hex = presented.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a, b, c, d) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((n) => n.toString(16)).join(':'),
  );
  return ipaddr.IPv6.parse(hex).toByteArray();
}

/** How an address is written in a URL or an endpoint: IPv6 in brackets. */
export function bracket(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}
