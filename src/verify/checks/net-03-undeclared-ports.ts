/**
 * NET-03 — no undeclared open interfaces (TS 103 701 5.6-1-2, CSA CLS `nmap -sT -sU`): a TCP connect scan and UDP
 * probes with protocol payloads, compared with the declared services. A UDP port that does not answer is
 * "open|filtered" — never proof of absence — so it makes the verdict INCONCLUSIVE, not PASS. A TCP port that does
 * not answer is "filtered" only on a host that answers on some other port; when nothing answers at all the host is
 * unreachable and nothing was observed. The full TCP range needs `allow: [intrusive]`.
 */

import { transportOf } from '../../model/verification.js';
import { NetError } from '../net/net.js';
import { UDP_PROBES, udpPayload } from '../protocols/udp-probes.js';
import type { Check, CheckContext, Exchange } from '../types.js';

/**
 * Common IoT TCP ports: remote shells, web admin, MQTT, RTSP, TR-069, UPnP, CoAP over TCP and TLS (RFC 8323: 5683,
 * 5684 — libcoap opens them by default), vendor services, industrial protocols.
 */
export const IOT_TCP_PORTS = [
  21, 22, 23, 25, 53, 80, 81, 102, 443, 502, 554, 1883, 1900, 2323, 4840, 5000, 5001, 5555, 5683, 5684, 7547, 8000,
  8008, 8080, 8081, 8443, 8554, 8883, 8888, 9000, 9443, 10000, 20000, 34567, 37777, 47808, 49152, 49153,
];
export const IOT_UDP_PORTS = UDP_PROBES.map((p) => p.port);

/** unreachable: no route or host down — nothing about the port, or the host, was learnt */
type PortState = 'open' | 'closed' | 'filtered' | 'open|filtered' | 'unreachable';

export const net03: Check = {
  meta: {
    id: 'NET-03',
    title: 'No undeclared open ports',
    description:
      'TCP connect scan of the declared ports and common IoT ports (all 65535 with allow: intrusive and scan.tcp: ' +
      'all), and UDP probes with protocol payloads for 53, 123, 161, 1900, 5353 and 5683. FAIL when a port not in ' +
      'the declared profile is open; INCONCLUSIVE when an undeclared UDP port gives no answer (open|filtered) or the ' +
      'host answers on no port at all; PASS otherwise.',
    passes:
      'an answer from the host (an open or closed port), and every probed port not declared either closed, or filtered on that answering host; every probed UDP port answered or refused',
    intrusiveness: 'safe',
    controls: [
      'user-network-segmentation',
      'user-disable-unused-features',
      'debug-interface-protection',
      'minimise-interfaces-and-services',
      'security-testing',
    ],
    requirements: ['etsi-en-303-645:5.6-1'],
    equivalent: 'nmap -sT -sU (CSA CLS); TS 103 701 5.6-1-2',
  },
  appliesTo: () => [undefined],
  async run(ctx) {
    const declaredTcp = new Set(ctx.target.services.filter((s) => transportOf(s) === 'tcp').map((s) => s.port));
    const declaredUdp = new Set(ctx.target.services.filter((s) => transportOf(s) === 'udp').map((s) => s.port));
    const notes: string[] = [];
    const tcp = tcpPorts(ctx, declaredTcp, notes);
    const udp = udpPorts(ctx, declaredUdp);
    const exchanges: Exchange[] = [];

    const tcpStates = await pool(tcp, 8, (port) => tcpState(ctx, port));
    const udpStates = await pool(udp, 4, (port) => udpState(ctx, port));

    const openTcp = tcp.filter((_, i) => tcpStates[i] === 'open');
    const undeclaredTcp = openTcp.filter((p) => !declaredTcp.has(p));
    const answeredUdp = udp.filter((_, i) => udpStates[i] === 'open');
    const undeclaredUdp = answeredUdp.filter((p) => !declaredUdp.has(p));
    const silentUdp = udp.filter(
      (p, i) => (udpStates[i] === 'open|filtered' || udpStates[i] === 'unreachable') && !declaredUdp.has(p),
    );
    const closedDeclared = [...declaredTcp].filter((p) => tcp.includes(p) && !openTcp.includes(p));
    const filteredTcp = tcp.filter((_, i) => tcpStates[i] === 'filtered' || tcpStates[i] === 'unreachable');
    const hostAnswered =
      tcpStates.some((s) => s === 'open' || s === 'closed') || udpStates.some((s) => s === 'open' || s === 'closed');

    exchanges.push({
      sent: `TCP connect to ${tcp.length} port${tcp.length === 1 ? '' : 's'}`,
      seen: `open: ${openTcp.join(', ') || 'none'}`,
    });
    if (udp.length > 0) {
      exchanges.push({
        sent: `UDP probes to ${udp.join(', ')}`,
        seen: udp.map((p, i) => `${p} ${udpStates[i]}`).join(', '),
      });
    }
    const details = [...notes];
    if (closedDeclared.length > 0) details.push(`declared but not open: TCP ${closedDeclared.join(', ')}`);
    if (!hostAnswered) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `the host answered none of the ${tcp.length + udp.length} probes (unreachable, switched off or filtered), so nothing was observed`,
        details,
        exchanges,
      };
    }
    if (filteredTcp.length > 0) details.push(`filtered (no answer) on TCP ${filteredTcp.join(', ')}`);
    const undeclared = [...undeclaredTcp.map((p) => `TCP ${p}`), ...undeclaredUdp.map((p) => `UDP ${p}`)];
    if (undeclared.length > 0) {
      return {
        verdict: 'FAIL',
        summary: `undeclared open port${undeclared.length === 1 ? '' : 's'}: ${undeclared.join(', ')}`,
        details,
        exchanges,
      };
    }
    if (silentUdp.length > 0) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `no undeclared TCP port is open; UDP ${silentUdp.join(', ')} gave no answer (open|filtered), so they cannot be ruled out`,
        details,
        exchanges,
      };
    }
    return {
      verdict: 'PASS',
      summary: `every open port among the ${tcp.length + udp.length} probed is declared`,
      details,
      exchanges,
    };
  },
};

function tcpPorts(ctx: CheckContext, declared: Set<number>, notes: string[]): number[] {
  const scan = ctx.target.scan?.tcp ?? 'iot';
  if (Array.isArray(scan)) return unique([...scan, ...declared]);
  if (scan === 'declared') return unique([...declared]);
  if (scan === 'all') {
    if (ctx.target.allow?.includes('intrusive')) return Array.from({ length: 65535 }, (_, i) => i + 1);
    notes.push('scan.tcp: all needs allow: [intrusive]; scanned the common IoT ports instead');
  }
  return unique([...IOT_TCP_PORTS, ...declared]);
}

function udpPorts(ctx: CheckContext, declared: Set<number>): number[] {
  const scan = ctx.target.scan?.udp ?? 'iot';
  if (Array.isArray(scan)) return unique([...scan, ...declared]);
  if (scan === 'declared') return unique([...declared]);
  return unique([...IOT_UDP_PORTS, ...declared]);
}

const unique = (ports: number[]) => [...new Set(ports)].sort((a, b) => a - b);

async function tcpState(ctx: CheckContext, port: number): Promise<PortState> {
  try {
    const socket = await ctx.net.tcp(ctx.address, port, ctx.signal);
    socket.destroy();
    return 'open';
  } catch (error) {
    if (!(error instanceof NetError)) throw error;
    if (error.kind === 'refused' || error.kind === 'reset') return 'closed';
    return error.kind === 'unreachable' ? 'unreachable' : 'filtered';
  }
}

async function udpState(ctx: CheckContext, port: number): Promise<PortState> {
  try {
    return await udpExchange(ctx, port);
  } catch (error) {
    if (error instanceof NetError && error.kind === 'unreachable') return 'unreachable';
    throw error;
  }
}

async function udpExchange(ctx: CheckContext, port: number): Promise<PortState> {
  return ctx.net.udpSession(
    ctx.address,
    port,
    async (session) => {
      for (let attempt = 0; attempt < 2; attempt++) {
        await session.send(udpPayload(port));
        const reply = await session.receive(ctx.timeoutMs);
        if (reply) return 'open';
        if (session.refused) return 'closed';
      }
      return 'open|filtered';
    },
    ctx.signal,
  );
}

/** Runs `fn` over `items` with at most `size` at once, keeping the order of results. */
async function pool<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}
