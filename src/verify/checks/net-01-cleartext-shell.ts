/**
 * NET-01 — no telnet or other cleartext remote shell: connect to the telnet ports (23, 2323 and any declared telnet
 * service) and read for up to 2 s, looking for telnet option negotiation (IAC) or a login prompt, as nmap's banner
 * script shows it. A closed port passes; a silent one passes only as "filtered" on a host that answers elsewhere —
 * on a host that answers nowhere (switched off, no route) nothing was observed.
 */
import { NetError } from '../net/net.js';
import { SocketReader } from '../protocols/reader.js';
import { LOGIN_PROMPT, looksLikeTelnet } from '../protocols/telnet.js';
import type { Check, Exchange } from '../types.js';
import { hostAnswers, portSilence, short } from './common.js';

const TELNET_PORTS = [23, 2323];

export const net01: Check = {
  meta: {
    id: 'NET-01',
    title: 'No telnet or other cleartext remote shell',
    description:
      'Connects to TCP 23, 2323 and any declared telnet port and reads up to 2 seconds. FAIL when telnet ' +
      'negotiation or a login prompt appears; PASS when the ports are closed, or filtered on a host that answers on ' +
      'another port; INCONCLUSIVE when the host answers nowhere.',
    passes: 'each telnet port refused (closed), open without telnet, or silent while the host answers on another port',
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
    const noAnswer: number[] = [];
    let answered = false;
    for (const port of ports) {
      let socket: Awaited<ReturnType<typeof ctx.net.tcp>>;
      try {
        socket = await ctx.net.tcp(ctx.address, port, ctx.signal);
      } catch (error) {
        if (!(error instanceof NetError) || error.kind === 'tls' || error.kind === 'protocol') throw error;
        const state = portSilence(error);
        exchanges.push({
          sent: `TCP connect ${port}`,
          seen: state === 'closed' ? 'closed' : `no answer (${error.message})`,
        });
        if (state === 'closed') answered = true;
        else noAnswer.push(port);
        continue;
      }
      answered = true;
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
    const alive = answered || noAnswer.length === 0 ? undefined : await hostAnswers(ctx, ports);
    if (noAnswer.length > 0 && !answered && alive === undefined) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `no answer on port ${noAnswer.join(', ')} and none on the declared TCP ports: the host is unreachable, switched off or filtered, so nothing was observed`,
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
    const details = [
      ...(silent.length > 0 ? [`open without telnet: ${silent.join(', ')} (see NET-03)`] : []),
      ...(noAnswer.length > 0
        ? [
            `filtered (no answer) on ${noAnswer.join(', ')}, while the host answers${alive ? ` on ${alive}` : ' on another port'}`,
          ]
        : []),
    ];
    return {
      verdict: 'PASS',
      summary: `no telnet service answers on port ${ports.join(', ')}`,
      ...(details.length > 0 && { details }),
      exchanges,
    };
  },
};
