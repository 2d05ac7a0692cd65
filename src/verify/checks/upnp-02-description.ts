/**
 * UPNP-02 — the UPnP description and IGD control: the LOCATION from the SSDP answer is fetched only when it points
 * to the target's own address (never another host), its services listed, and for a WANIPConnection or
 * WANPPPConnection the read-only GetExternalIPAddress is called to see whether port-mapping control is reachable
 * without authentication. AddPortMapping is never sent.
 */
import { NetError } from '../net/net.js';
import { undeclaredVersions } from '../protocols/disclosure.js';
import { allDevices, getExternalIpRequest, IGD_CONNECTION, parseDescription, SSDP_PORT } from '../protocols/ssdp.js';
import type { Check, Exchange } from '../types.js';
import { short } from './common.js';
import { ssdpSearch, ssdpServices } from './upnp-01-ssdp.js';

function sameHost(url: URL, address: string, host: string): boolean {
  const h = url.hostname.replace(/^\[|\]$/g, '');
  return h === address || h === host;
}

export const upnp02: Check = {
  meta: {
    id: 'UPNP-02',
    title: 'UPnP description discloses little and IGD port mapping is not open',
    description:
      'Fetches the SSDP LOCATION (only on the target itself), lists the device services, and for an Internet ' +
      'Gateway Device calls the read-only GetExternalIPAddress. FAIL when WANIPConnection/WANPPPConnection control ' +
      'answers without authentication and the IGD is undeclared (list "InternetGatewayDevice" in the SSDP ' +
      "service's `disclosure`) or the target is WAN-facing; warns about undeclared model, serial and version details.",
    passes:
      'a UPnP description read from the target, and no WANIPConnection/WANPPPConnection control answering without authentication unless declared on a LAN address',
    intrusiveness: 'safe',
    controls: [
      'authenticate-before-access',
      'minimise-interfaces-and-services',
      'network-selection-and-segmentation',
      'user-no-inbound-internet-exposure',
    ],
    requirements: ['etsi-en-303-645:5.6-1', 'etsi-en-303-645:5.6-2', 'etsi-en-303-645:5.5-5'],
    equivalent: 'nmap upnp-info; EMBA L22',
  },
  appliesTo: ssdpServices,
  async run(ctx) {
    const search = await ssdpSearch(ctx);
    const locations = [
      ...new Set(search.replies.map((r) => r.headers.location).filter((l): l is string => Boolean(l))),
    ];
    if (locations.length === 0) {
      // NOT_APPLICABLE only when the port was seen closed and SSDP is not declared: silence shows nothing
      return {
        verdict: search.replies.length === 0 && search.refused && !ctx.service ? 'NOT_APPLICABLE' : 'INCONCLUSIVE',
        summary:
          search.replies.length === 0
            ? search.refused
              ? `SSDP port ${ctx.service?.port ?? SSDP_PORT} is closed, so there is no description to read`
              : `no SSDP answer on port ${ctx.service?.port ?? SSDP_PORT} (UDP silence proves nothing), so no description was read`
            : 'the SSDP answers carry no LOCATION',
      };
    }
    const exchanges: Exchange[] = [];
    const details: string[] = [];
    const problems: string[] = [];
    const disclosure = ctx.service?.disclosure ?? [];
    const igdDeclared = disclosure.some((d) => /InternetGatewayDevice|WANIPConnection|WANPPPConnection/i.test(d));
    let read = 0;
    for (const location of locations.slice(0, 4)) {
      let url: URL;
      try {
        url = new URL(location);
      } catch {
        details.push(`LOCATION ${short(location, 80)} is not a URL`);
        continue;
      }
      if (url.protocol !== 'http:' || !sameHost(url, ctx.address, ctx.target.host)) {
        exchanges.push({ sent: `LOCATION ${location}`, seen: 'not followed: another host or scheme' });
        continue;
      }
      const port = Number(url.port || 80);
      const host = ctx.address;
      const response = await ctx.net.http(
        { host, port, path: `${url.pathname}${url.search}`, headers: { host: url.host }, maxBytes: 256 * 1024 },
        ctx.signal,
      );
      const xml = response.body.toString('utf8');
      const description = response.status === 200 ? parseDescription(xml) : undefined;
      exchanges.push({
        sent: `GET ${location}`,
        seen: `HTTP ${response.status}, ${description ? 'UPnP description' : 'not a UPnP description'}`,
      });
      if (!description) continue;
      read++;
      const devices = allDevices(description.root);
      for (const d of devices) {
        details.push(
          short(
            `${d.deviceType ?? '?'}: ${[d.friendlyName, d.manufacturer, d.modelName, d.modelNumber && `model ${d.modelNumber}`, d.serialNumber && `serial ${d.serialNumber}`].filter(Boolean).join(', ')}`,
            240,
          ),
        );
        if (d.serialNumber && !disclosure.some((x) => d.serialNumber!.includes(x) || x.includes('serial'))) {
          details.push(`warning: discloses serial number ${d.serialNumber} without authentication`);
        }
      }
      for (const v of undeclaredVersions(xml.replace(/<[^>]+>/g, ' '), disclosure))
        details.push(`warning: discloses ${v}`);
      const base = new URL(description.urlBase ?? location);
      for (const service of devices.flatMap((d) => d.services)) {
        if (!IGD_CONNECTION.test(service.serviceType) || !service.controlURL) continue;
        const control = new URL(service.controlURL, base);
        if (!sameHost(control, ctx.address, ctx.target.host)) {
          exchanges.push({ sent: `controlURL ${control.href}`, seen: 'not followed: another host' });
          continue;
        }
        const soap = getExternalIpRequest(service.serviceType);
        let seen: string;
        let open = false;
        try {
          const answer = await ctx.net.http(
            {
              host,
              port: Number(control.port || 80),
              path: `${control.pathname}${control.search}`,
              method: 'POST',
              headers: { host: control.host, ...soap.headers },
              body: soap.body,
              maxBytes: 64 * 1024,
            },
            ctx.signal,
          );
          const body = answer.body.toString('utf8');
          open = answer.status === 200 && /GetExternalIPAddressResponse/i.test(body);
          const error = /<errorCode>(\d+)<\/errorCode>/.exec(body)?.[1];
          seen = `HTTP ${answer.status}${error ? ` UPnPError ${error}` : ''}${open ? ` ${short(/<NewExternalIPAddress>([^<]*)</.exec(body)?.[1] ?? '', 40)}` : ''}`;
        } catch (error) {
          if (!(error instanceof NetError)) throw error;
          seen = error.message;
        }
        exchanges.push({ sent: `SOAP GetExternalIPAddress (read-only) to ${control.pathname}`, seen });
        if (open) {
          const why = ctx.target.wanFacing
            ? 'on a WAN-facing address'
            : igdDeclared
              ? ''
              : 'and the IGD is not declared';
          if (why) problems.push(`${service.serviceType.split(':')[3]} control answers without authentication ${why}`);
          else
            details.push(`warning: declared IGD ${service.serviceType.split(':')[3]} answers without authentication`);
        }
      }
    }
    if (problems.length > 0) {
      return {
        verdict: 'FAIL',
        summary: `${problems.join('; ')}: any LAN host can open ports in the firewall`,
        details,
        exchanges,
      };
    }
    if (read === 0)
      return {
        verdict: 'INCONCLUSIVE',
        summary: 'no UPnP description could be read on the target',
        details,
        exchanges,
      };
    return {
      verdict: 'PASS',
      summary: 'no UPnP port-mapping control is reachable without authentication',
      details,
      exchanges,
    };
  },
};
