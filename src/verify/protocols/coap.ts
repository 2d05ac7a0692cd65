/**
 * CoAP over UDP (RFC 7252) for COAP-01 and TLS-06: a confirmable GET of /.well-known/core (RFC 6690 resource
 * discovery), following Block2 when the listing comes in blocks, and a parser for the CoRE link format. Only GET is
 * ever sent.
 */
import { randomBytes } from 'node:crypto';
import coapPacket, { type ParsedPacket } from 'coap-packet';
import type { Net } from '../net/net.js';

export interface CoapReply {
  /** e.g. "2.05" */
  code: string;
  reset: boolean;
  payload: Buffer;
  contentFormat?: number;
}

export interface CoapGet {
  /** the final reply (after all blocks), undefined when nothing answered */
  reply?: CoapReply;
  /** ICMP port unreachable: nothing listens */
  refused: boolean;
  /** datagrams sent */
  sent: number;
}

const MAX_BLOCKS = 32;

function uint(value: Buffer): number {
  let n = 0;
  for (const byte of value) n = n * 256 + byte;
  return n;
}

function encodeUint(n: number): Buffer {
  if (n === 0) return Buffer.alloc(0);
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return Buffer.from(bytes);
}

function request(path: string, block?: { num: number; szx: number }): Buffer {
  const segments = path.split('/').filter(Boolean);
  return coapPacket.generate({
    code: 'GET',
    confirmable: true,
    messageId: randomBytes(2).readUInt16BE(0),
    token: randomBytes(4),
    options: [
      ...segments.map((segment) => ({ name: 'Uri-Path' as const, value: Buffer.from(segment) })),
      ...(block ? [{ name: 'Block2' as const, value: encodeUint((block.num << 4) | block.szx) }] : []),
    ],
  });
}

function option(packet: ParsedPacket, name: string): Buffer | undefined {
  return packet.options.find((o) => o.name === name)?.value;
}

/** GET `path` (default /.well-known/core) with retries, following Block2 up to 32 blocks. */
export async function coapGet(
  net: Net,
  host: string,
  port: number,
  options: { path?: string; timeoutMs: number; signal?: AbortSignal; retries?: number },
): Promise<CoapGet> {
  const path = options.path ?? '/.well-known/core';
  const retries = options.retries ?? 1;
  const waitMs = Math.min(options.timeoutMs, 2000);
  return net.udpSession(
    host,
    port,
    async (session) => {
      let sent = 0;
      let payload = Buffer.alloc(0);
      let block: { num: number; szx: number } | undefined;
      let last: CoapReply | undefined;
      for (let n = 0; n < MAX_BLOCKS; n++) {
        let packet: ParsedPacket | undefined;
        for (let attempt = 0; attempt <= retries && !packet && !session.refused; attempt++) {
          const message = request(path, block);
          const messageId = message.readUInt16BE(2);
          await session.send(message);
          sent++;
          const deadline = Date.now() + waitMs;
          while (!packet && Date.now() < deadline && !session.refused) {
            const datagram = await session.receive(deadline - Date.now());
            if (!datagram) break;
            try {
              const parsed = coapPacket.parse(datagram);
              // a piggy-backed ACK carries our message id; a separate response comes as CON/NON with our token
              if (parsed.messageId === messageId || parsed.token.length > 0) packet = parsed;
            } catch {
              // not CoAP: ignore
            }
          }
        }
        if (!packet) return { refused: session.refused, sent, reply: last };
        if (packet.confirmable) {
          // acknowledge a separate response so the server stops retransmitting
          await session.send(
            coapPacket.generate({ code: '0.00', ack: true, messageId: packet.messageId, token: Buffer.alloc(0) }),
          );
        }
        payload = Buffer.concat([payload, packet.payload]);
        const block2 = option(packet, 'Block2');
        const format = option(packet, 'Content-Format');
        const reply: CoapReply = {
          code: packet.code,
          reset: packet.reset,
          payload,
          contentFormat: format ? uint(format) : undefined,
        };
        last = reply;
        if (!block2 || packet.reset) return { refused: false, sent, reply };
        const value = uint(block2);
        const more = (value & 0x08) !== 0;
        if (!more) return { refused: false, sent, reply };
        block = { num: (value >> 4) + 1, szx: value & 0x07 };
      }
      return { refused: false, sent, reply: last };
    },
    options.signal,
  );
}

export interface CoreLink {
  /** the URI reference between < and >, e.g. /sensors/temp */
  path: string;
  attributes: Record<string, string>;
}

/** Parses RFC 6690 link format: `</a>;rt="x";ct=0,</b>`. Commas inside quoted values are respected. */
export function parseLinkFormat(text: string): CoreLink[] {
  const links: CoreLink[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    if (open < 0) break;
    const close = text.indexOf('>', open);
    if (close < 0) break;
    const path = text.slice(open + 1, close);
    const attributes: Record<string, string> = {};
    i = close + 1;
    while (i < text.length && text[i] === ';') {
      i++;
      let name = '';
      while (i < text.length && !'=;,'.includes(text[i]!)) name += text[i++];
      let value = '';
      if (text[i] === '=') {
        i++;
        if (text[i] === '"') {
          i++;
          while (i < text.length && text[i] !== '"') value += text[i++];
          i++;
        } else {
          while (i < text.length && !';,'.includes(text[i]!)) value += text[i++];
        }
      }
      attributes[name.trim()] = value;
    }
    links.push({ path, attributes });
    while (i < text.length && text[i] !== ',' && text[i] !== '<') i++;
    if (text[i] === ',') i++;
  }
  return links;
}

/** Normalises a resource path for comparison: leading slash, no trailing slash (except "/"). */
export function normalisePath(path: string): string {
  let p = path.trim();
  const scheme = p.match(/^coaps?:\/\/[^/]+(\/.*)?$/);
  if (scheme) p = scheme[1] ?? '/';
  if (!p.startsWith('/')) p = `/${p}`;
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}
