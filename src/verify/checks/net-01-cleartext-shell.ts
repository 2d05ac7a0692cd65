/**
 * NET-01 — no telnet or other cleartext remote shell: connect to the telnet ports (23, 2323 and any declared telnet
 * service) and read for up to 2 s, looking for telnet option negotiation (IAC) or a login prompt, as nmap's banner
 * script shows it. A closed or filtered port passes.
 */
import { NetError } from '../net.js';
import { SocketReader } from '../protocols/reader.js';
import { LOGIN_PROMPT, looksLikeTelnet } from '../protocols/telnet.js';
import type { Check, Exchange } from '../types.js';
import { short } from './common.js';

const TELNET_PORTS = [23, 2323];

export const net01: Check = {
  meta: {
    id: 'NET-01',
    title: 'No telnet or other cleartext remote shell',
    description:
      'Connects to TCP 23, 2323 and any declared telnet port and reads up to 2 seconds. FAIL when telnet ' +
      'negotiation or a login prompt appears; PASS when the ports are closed or filtered.',
    intrusiveness: 'safe',
    controls: ['user-disable-unused-features', 'minimise-interfaces-and-services'],
    requirements: ['etsi-en-303-645:5.5-1', 'etsi-en-303-645:5.6-1'],
    equivalent: 'nmap banner, telnet-encryption',
  },
  appliesTo: () => [undefined],
  async run(ctx) {
    const declared = ctx.target.services.filter((s) => s.protocol === 'telnet').map((s) => s.port);
    const ports = [...new Set([...declared, ...TELNET_PORTS])];
    const exchanges: Exchange[] = [];
    const telnet: number[] = [];
    const silent: number[] = [];
    for (const port of ports) {
      let socket: Awaited<ReturnType<typeof ctx.net.tcp>>;
      try {
        socket = await ctx.net.tcp(ctx.address, port, ctx.signal);
      } catch (error) {
        if (error instanceof NetError && ['refused', 'timeout', 'unreachable'].includes(error.kind)) {
          exchanges.push({ sent: `TCP connect ${port}`, seen: error.kind === 'refused' ? 'closed' : 'filtered' });
          continue;
        }
        throw error;
      }
      const reader = new SocketReader(socket);
      const read = await reader.until(
        (d) => looksLikeTelnet(d) || LOGIN_PROMPT.test(d.toString('latin1')),
        Math.min(2000, ctx.timeoutMs),
        ctx.signal,
      );
      socket.destroy();
      const seen = read.data.subarray(0, 48);
      if (read.end === 'match') {
        telnet.push(port);
        exchanges.push({
          sent: `TCP connect ${port}`,
          seen: `telnet: ${seen.toString('hex').slice(0, 48)} ${short(seen.toString('latin1').replace(/[^\x20-\x7e]/g, ''), 40)}`.trim(),
        });
      } else {
        silent.push(port);
        exchanges.push({
          sent: `TCP connect ${port}`,
          seen: `open, ${read.data.length === 0 ? 'nothing sent' : 'no telnet negotiation'}`,
        });
      }
    }
    if (telnet.length > 0) {
      return {
        verdict: 'FAIL',
        summary: `a telnet service answers on port ${telnet.join(', ')}: logins and sessions travel in clear`,
        exchanges,
      };
    }
    if (silent.some((p) => declared.includes(p))) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `declared telnet port ${silent.join(', ')} is open but did not speak telnet`,
        exchanges,
      };
    }
    return {
      verdict: 'PASS',
      summary: `no telnet service answers on port ${ports.join(', ')}`,
      details: silent.length > 0 ? [`open without telnet: ${silent.join(', ')} (see NET-03)`] : undefined,
      exchanges,
    };
  },
};
