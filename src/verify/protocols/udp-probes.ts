/**
 * Protocol payloads for UDP port probes: a UDP port answers only when it receives something its service
 * understands, so each common IoT port gets a minimal, read-only request of its own protocol (as nmap's UDP payloads
 * do). None carries a credential: SNMP uses a v3 engine-discovery request, not a community string.
 */

/** DNS: a standard query for the root's NS records. */
function dns(): Buffer {
  const header = Buffer.from([0x1a, 0x2b, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
  return Buffer.concat([header, Buffer.from([0x00, 0x00, 0x02, 0x00, 0x01])]);
}

/** NTP: a version 4 client request (mode 3), 48 bytes. */
function ntp(): Buffer {
  const packet = Buffer.alloc(48);
  packet[0] = (0 << 6) | (4 << 3) | 3;
  return packet;
}

/** SNMPv3 engine discovery: a GetRequest with empty USM parameters and the reportable flag (RFC 3414 §4). */
function snmpV3Discovery(): Buffer {
  const tlv = (tag: number, value: Buffer) => Buffer.concat([Buffer.from([tag, value.length]), value]);
  const int = (n: number) => {
    const bytes: number[] = [];
    let v = n;
    do {
      bytes.unshift(v & 0xff);
      v >>= 8;
    } while (v > 0);
    if (bytes[0]! & 0x80) bytes.unshift(0);
    return tlv(0x02, Buffer.from(bytes));
  };
  const octets = (b: Buffer) => tlv(0x04, b);
  const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
  const header = seq(int(0x4a69), int(65507), octets(Buffer.from([0x04])), int(3));
  const usm = octets(
    seq(
      octets(Buffer.alloc(0)),
      int(0),
      int(0),
      octets(Buffer.alloc(0)),
      octets(Buffer.alloc(0)),
      octets(Buffer.alloc(0)),
    ),
  );
  const pdu = tlv(0xa0, Buffer.concat([int(0x37f0), int(0), int(0), seq()]));
  const scoped = seq(octets(Buffer.alloc(0)), octets(Buffer.alloc(0)), pdu);
  return seq(int(3), header, usm, scoped);
}

/** SSDP: a unicast M-SEARCH for every service. */
function ssdp(): Buffer {
  return Buffer.from(
    'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n',
  );
}

/** mDNS: a query for the DNS-SD service list, asking for a unicast reply (RFC 6762 §5.4). */
function mdns(): Buffer {
  const header = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
  const labels = ['_services', '_dns-sd', '_udp', 'local'];
  const name = Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
  return Buffer.concat([header, name, Buffer.from([0x00, 0x0c, 0x80, 0x01])]);
}

/** CoAP: a confirmable GET /.well-known/core (RFC 7252, RFC 6690). */
function coap(): Buffer {
  return Buffer.concat([
    Buffer.from([0x40, 0x01, 0x12, 0x34]),
    Buffer.from([0xbb]),
    Buffer.from('.well-known'),
    Buffer.from([0x04]),
    Buffer.from('core'),
  ]);
}

export interface UdpProbe {
  port: number;
  service: string;
  payload: () => Buffer;
}

export const UDP_PROBES: readonly UdpProbe[] = [
  { port: 53, service: 'dns', payload: dns },
  { port: 123, service: 'ntp', payload: ntp },
  { port: 161, service: 'snmp', payload: snmpV3Discovery },
  { port: 1900, service: 'ssdp', payload: ssdp },
  { port: 5353, service: 'mdns', payload: mdns },
  { port: 5683, service: 'coap', payload: coap },
];

/** The payload for a port: its protocol's probe, or an empty datagram for ports without one. */
export function udpPayload(port: number): Buffer {
  return UDP_PROBES.find((p) => p.port === port)?.payload() ?? Buffer.alloc(0);
}
