/**
 * UPNP-01 — SSDP exposure: a unicast M-SEARCH (ssdp:all and upnp:rootdevice) to the target's SSDP port, and a
 * multicast one only where the target lists `allow: [multicast]` (then only the target's own replies are read).
 */

import type { Target } from '../../model/verification.js';
import { SSDP_PORT, type SsdpSearch, searchSsdp } from '../protocols/ssdp.js';
import type { Check, CheckContext } from '../types.js';
import { servicesWith, short } from './common.js';

const searches = new WeakMap<object, Map<string, Promise<SsdpSearch>>>();

/** One SSDP search per run and target port: UPNP-01 and UPNP-02 share it. */
export function ssdpSearch(ctx: CheckContext): Promise<SsdpSearch> {
  const port = ctx.service?.port ?? SSDP_PORT;
  let perNet = searches.get(ctx.net);
  if (!perNet) {
    perNet = new Map();
    searches.set(ctx.net, perNet);
  }
  const multicast = ctx.target.allow?.includes('multicast') ?? false;
  const key = `${ctx.address}:${port}:${multicast}`;
  let search = perNet.get(key);
  if (!search) {
    search = searchSsdp(ctx.net, ctx.address, port, { timeoutMs: ctx.timeoutMs, signal: ctx.signal, multicast });
    perNet.set(key, search);
  }
  return search;
}

/** The declared SSDP service, or one host-level run on port 1900 when none is declared. */
export function ssdpServices(target: Target) {
  const declared = servicesWith(target, ['ssdp']);
  return declared.length > 0 ? declared : [undefined];
}

export const upnp01: Check = {
  meta: {
    id: 'UPNP-01',
    title: 'SSDP answers only where declared, and never on a WAN-facing address',
    description:
      'Sends unicast M-SEARCH requests to UDP 1900 (or the declared SSDP port); multicast only with `allow: ' +
      '[multicast]`. FAIL when SSDP answers and is not declared, or the target is WAN-facing; PASS when it is ' +
      'declared on a LAN address or the port is closed; INCONCLUSIVE when nothing answers at all.',
    passes:
      'an SSDP answer on a declared SSDP port of a LAN address, or an ICMP port-unreachable where SSDP is not declared',
    intrusiveness: 'safe',
    controls: ['minimise-interfaces-and-services', 'user-no-inbound-internet-exposure'],
    requirements: ['etsi-en-303-645:5.6-1', 'etsi-en-303-645:5.6-2'],
    equivalent: 'nmap upnp-info / broadcast-upnp-info; EMBA L22 (upnpc)',
  },
  appliesTo: ssdpServices,
  async run(ctx) {
    const port = ctx.service?.port ?? SSDP_PORT;
    const search = await ssdpSearch(ctx);
    const sent = `M-SEARCH ssdp:all + upnp:rootdevice to ${port} (${search.sent} datagrams${ctx.target.allow?.includes('multicast') ? ', one multicast' : ''})`;
    if (search.replies.length === 0) {
      if (search.refused) {
        return {
          verdict: ctx.service ? 'INCONCLUSIVE' : 'PASS',
          summary: ctx.service
            ? `declared SSDP port ${port} is closed`
            : `SSDP port ${port} is closed (ICMP port unreachable)`,
          exchanges: [{ sent, seen: 'ICMP port unreachable' }],
        };
      }
      return {
        verdict: 'INCONCLUSIVE',
        summary: `no SSDP answer on port ${port}: off, or filtered (UDP silence proves nothing)`,
        exchanges: [{ sent, seen: 'nothing' }],
      };
    }
    const exchanges = search.replies.slice(0, 6).map((r) => ({
      sent: `${r.via} M-SEARCH`,
      seen: short(
        `${r.status} ST=${r.headers.st ?? ''} SERVER=${r.headers.server ?? ''} LOCATION=${r.headers.location ?? ''}`,
        240,
      ),
    }));
    const servers = [...new Set(search.replies.map((r) => r.headers.server).filter(Boolean))];
    const details = [`${search.replies.length} replies`, ...servers.map((s) => `SERVER: ${s}`)];
    if (ctx.target.wanFacing) {
      return { verdict: 'FAIL', summary: `SSDP answers on a WAN-facing address (port ${port})`, details, exchanges };
    }
    if (!ctx.service) {
      return { verdict: 'FAIL', summary: `SSDP answers on port ${port} but is not declared`, details, exchanges };
    }
    details.push('warning: SSDP is declared and answers: it announces the device to everyone on the segment');
    return { verdict: 'PASS', summary: `SSDP answers as declared, on a LAN address`, details, exchanges };
  },
};
