/**
 * A raw DTLS probe (RFC 6347) for COAP-02: ClientHello, HelloVerifyRequest, the same ClientHello with the cookie
 * echoed, then the ServerHello's version and suite. No keys are derived; the session is abandoned after the
 * server's first flight. Node has no DTLS, and a version/suite check needs none of the cryptography.
 */
import { randomBytes } from 'node:crypto';
import type { Net } from '../net/net.js';
import { type Alert, COMMON_GROUPS, dtlsClientHello, parseServerHello, type ServerHello } from './hello.js';

export interface DtlsProbe {
  /** ICMP port unreachable */
  refused: boolean;
  /** nothing came back at all */
  silent: boolean;
  helloVerifyRequest?: { version: number; cookieLength: number };
  serverHello?: ServerHello;
  alert?: Alert;
  /** datagrams that were not DTLS (e.g. a plaintext CoAP reply) */
  notDtls?: Buffer;
  sent: number;
}

interface Record_ {
  type: number;
  version: number;
  body: Buffer;
}

function records(datagram: Buffer): Record_[] | undefined {
  const out: Record_[] = [];
  let offset = 0;
  while (offset + 13 <= datagram.length) {
    const type = datagram[offset]!;
    const version = datagram.readUInt16BE(offset + 1);
    const length = datagram.readUInt16BE(offset + 11);
    if (![20, 21, 22, 23].includes(type) || datagram[offset + 1] !== 0xfe) return undefined;
    out.push({ type, version, body: datagram.subarray(offset + 13, offset + 13 + length) });
    offset += 13 + length;
  }
  return out.length > 0 ? out : undefined;
}

interface Handshake {
  type: number;
  body: Buffer;
}

function handshakes(body: Buffer): Handshake[] {
  const out: Handshake[] = [];
  let offset = 0;
  while (offset + 12 <= body.length) {
    const type = body[offset]!;
    const fragmentOffset = body.readUIntBE(offset + 6, 3);
    const fragmentLength = body.readUIntBE(offset + 9, 3);
    // only whole, unfragmented messages matter here (ServerHello and HelloVerifyRequest are small)
    if (fragmentOffset === 0) out.push({ type, body: body.subarray(offset + 12, offset + 12 + fragmentLength) });
    offset += 12 + fragmentLength;
  }
  return out;
}

/** One DTLS handshake attempt offering `version` (0xfefd DTLS 1.2, 0xfeff DTLS 1.0) and `suites`. */
export function probeDtls(
  net: Net,
  host: string,
  port: number,
  options: { version: number; suites: readonly number[]; timeoutMs: number; signal?: AbortSignal },
): Promise<DtlsProbe> {
  const waitMs = Math.min(options.timeoutMs, 2000);
  return net.udpSession(
    host,
    port,
    async (session) => {
      const random = randomBytes(32);
      const hello = (cookie: Buffer | undefined, sequence: number) =>
        dtlsClientHello(
          { version: options.version, suites: options.suites, groups: COMMON_GROUPS, cookie, random },
          sequence,
        );
      const result: DtlsProbe = { refused: false, silent: true, sent: 0 };
      let cookie: Buffer | undefined;
      // UDP has no close: tell the server we are gone, so a server that serves one session at a time is free again
      const abandon = async () => {
        const alert = Buffer.from([21, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 2, 40]);
        await session.send(alert).catch(() => undefined);
        result.sent++;
      };
      for (let round = 0; round < 4; round++) {
        await session.send(hello(cookie, cookie ? 1 : 0));
        result.sent++;
        const deadline = Date.now() + waitMs;
        let progressed = false;
        while (Date.now() < deadline && !session.refused) {
          const datagram = await session.receive(deadline - Date.now());
          if (!datagram) break;
          result.silent = false;
          const recs = records(datagram);
          if (!recs) {
            result.notDtls = datagram;
            return result;
          }
          for (const rec of recs) {
            if (rec.type === 21 && rec.body.length >= 2) {
              result.alert = { level: rec.body[0]!, description: rec.body[1]! };
              return result;
            }
            if (rec.type !== 22) continue;
            for (const hs of handshakes(rec.body)) {
              if (hs.type === 3 && !cookie && hs.body.length >= 3) {
                const length = hs.body[2]!;
                cookie = Buffer.from(hs.body.subarray(3, 3 + length));
                result.helloVerifyRequest = { version: hs.body.readUInt16BE(0), cookieLength: length };
                progressed = true;
              } else if (hs.type === 2) {
                result.serverHello = parseServerHello(hs.body, true);
                await abandon();
                return result;
              }
            }
          }
          if (progressed) break;
        }
        if (session.refused) {
          result.refused = true;
          return result;
        }
        // no answer to this round: retry the same hello once (UDP loses datagrams); a cookie moves us on
        if (!progressed && round >= 1) break;
      }
      return result;
    },
    options.signal,
  );
}
