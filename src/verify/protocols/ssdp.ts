/**
 * SSDP and UPnP descriptions for UPNP-01 and UPNP-02: a unicast M-SEARCH to the target's port 1900 (multicast only
 * where the target allows it, and then only the target's replies are kept), the HTTP-like reply headers, and the
 * device description XML (UPnP Device Architecture 1.1 §2). Nothing is ever sent to a control URL except the
 * read-only GetExternalIPAddress; AddPortMapping and other state-changing actions never.
 */
import { XMLParser } from 'fast-xml-parser';
import type { Net } from '../net/net.js';

export const SSDP_GROUP = '239.255.255.250';
export const SSDP_PORT = 1900;
const SETTLE_MS = 300;

export function mSearch(host: string, port: number, st: string, multicast = false): Buffer {
  return Buffer.from(
    [
      'M-SEARCH * HTTP/1.1',
      `HOST: ${multicast ? SSDP_GROUP : host}:${port}`,
      'MAN: "ssdp:discover"',
      'MX: 1',
      `ST: ${st}`,
      'USER-AGENT: iotassure-verify UPnP/1.1',
      '',
      '',
    ].join('\r\n'),
  );
}

export interface SsdpReply {
  status: string;
  headers: Record<string, string>;
  /** how it was obtained */
  via: 'unicast' | 'multicast';
}

export function parseSsdpReply(datagram: Buffer, via: SsdpReply['via']): SsdpReply | undefined {
  const text = datagram.toString('latin1');
  const lines = text.split(/\r?\n/);
  const status = lines[0] ?? '';
  if (!/^HTTP\/1\.[01] \d{3}/i.test(status) && !/^NOTIFY /i.test(status)) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, via };
}

export interface SsdpSearch {
  replies: SsdpReply[];
  refused: boolean;
  sent: number;
}

/** Unicast M-SEARCH (ssdp:all and upnp:rootdevice) to host:port; optionally the same to the multicast group. */
export async function searchSsdp(
  net: Net,
  host: string,
  port: number,
  options: { timeoutMs: number; signal?: AbortSignal; multicast?: boolean },
): Promise<SsdpSearch> {
  const waitMs = Math.min(options.timeoutMs, 1500);
  const result = await net.udpSession(
    host,
    port,
    async (session) => {
      const replies: SsdpReply[] = [];
      let sent = 0;
      for (let attempt = 0; attempt < 2 && replies.length === 0 && !session.refused; attempt++) {
        for (const st of ['ssdp:all', 'upnp:rootdevice']) {
          await session.send(mSearch(host, port, st));
          sent++;
        }
        let deadline = Date.now() + waitMs;
        while (Date.now() < deadline && !session.refused) {
          const datagram = await session.receive(deadline - Date.now());
          if (!datagram) break;
          const reply = parseSsdpReply(datagram, 'unicast');
          if (reply) replies.push(reply);
          // after the first answer, wait only a little for the rest
          deadline = Math.min(deadline, Date.now() + SETTLE_MS);
        }
      }
      return { replies, refused: session.refused && replies.length === 0, sent };
    },
    options.signal,
  );
  if (options.multicast && port === SSDP_PORT) {
    const datagrams = await net.multicast(SSDP_GROUP, SSDP_PORT, mSearch(host, port, 'ssdp:all', true), host, {
      waitMs,
      retries: 0,
      signal: options.signal,
    });
    result.sent++;
    for (const d of datagrams) {
      const reply = parseSsdpReply(d, 'multicast');
      if (reply) result.replies.push(reply);
    }
  }
  return result;
}

export interface UpnpService {
  serviceType: string;
  controlURL?: string;
  SCPDURL?: string;
}

export interface UpnpDevice {
  deviceType?: string;
  friendlyName?: string;
  manufacturer?: string;
  modelName?: string;
  modelNumber?: string;
  serialNumber?: string;
  UDN?: string;
  services: UpnpService[];
  devices: UpnpDevice[];
}

export interface UpnpDescription {
  urlBase?: string;
  root: UpnpDevice;
}

const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, trimValues: true });

function list<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function text(value: unknown): string | undefined {
  return value === undefined || value === null || typeof value === 'object' ? undefined : String(value);
}

function device(node: Record<string, unknown>): UpnpDevice {
  const services = list((node.serviceList as { service?: unknown } | undefined)?.service) as Record<string, unknown>[];
  const children = list((node.deviceList as { device?: unknown } | undefined)?.device) as Record<string, unknown>[];
  return {
    deviceType: text(node.deviceType),
    friendlyName: text(node.friendlyName),
    manufacturer: text(node.manufacturer),
    modelName: text(node.modelName),
    modelNumber: text(node.modelNumber),
    serialNumber: text(node.serialNumber),
    UDN: text(node.UDN),
    services: services.map((s) => ({
      serviceType: text(s.serviceType) ?? '',
      controlURL: text(s.controlURL),
      SCPDURL: text(s.SCPDURL),
    })),
    devices: children.map(device),
  };
}

/** Parses a UPnP device description; undefined when it is not one. */
export function parseDescription(xml: string): UpnpDescription | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const root = doc.root as Record<string, unknown> | undefined;
  const dev = root?.device as Record<string, unknown> | undefined;
  if (!dev) return undefined;
  return { urlBase: text(root?.URLBase), root: device(dev) };
}

/** Every device in the tree, root first. */
export function allDevices(d: UpnpDevice): UpnpDevice[] {
  return [d, ...d.devices.flatMap(allDevices)];
}

export const IGD_CONNECTION = /urn:schemas-upnp-org:service:(WANIPConnection|WANPPPConnection):\d/;

export function getExternalIpRequest(serviceType: string): { headers: Record<string, string>; body: string } {
  const body =
    '<?xml version="1.0"?>\r\n' +
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">' +
    `<s:Body><u:GetExternalIPAddress xmlns:u="${serviceType}"></u:GetExternalIPAddress></s:Body></s:Envelope>\r\n`;
  return {
    headers: {
      'content-type': 'text/xml; charset="utf-8"',
      soapaction: `"${serviceType}#GetExternalIPAddress"`,
    },
    body,
  };
}
