/**
 * SSH without a full handshake for what can be read before authentication: the server's identification line and
 * its SSH_MSG_KEXINIT algorithm lists (RFC 4253 §4.2, §7.1), as nmap's ssh2-enum-algos reads them; and one password
 * attempt with the ssh2 client over a socket from Net, for CRED-01.
 */
import type { Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { Submission } from '../net/credentials.js';
import { SocketReader } from './reader.js';

export interface KexInit {
  kex: string[];
  hostKey: string[];
  ciphers: string[];
  macs: string[];
  compression: string[];
}

export interface SshHello {
  /** the identification line, e.g. SSH-2.0-dropbear_2022.83 */
  banner: string;
  /** protocol version from the banner: "2.0", "1.99" (both) or "1.5" */
  protocol: string;
  kexinit?: KexInit;
}

const CLIENT_ID = 'SSH-2.0-iotassure_verify\r\n';
const MSG_KEXINIT = 20;

/** Reads the banner and the server's KEXINIT, then closes. */
export async function sshHello(socket: Socket, timeoutMs: number, signal?: AbortSignal): Promise<SshHello> {
  const reader = new SocketReader(socket);
  try {
    // Servers may send other lines before the identification line (RFC 4253 §4.2).
    const line = await reader.until((d) => /^SSH-[^\r\n]*\r?\n/m.test(d.toString('latin1')), timeoutMs, signal);
    const text = line.data.toString('latin1');
    const match = /^(SSH-([\d.]+)-[^\r\n]*)\r?\n/m.exec(text);
    if (!match) throw new Error(`no SSH identification line (got "${text.slice(0, 60)}")`);
    const banner = match[1]!;
    const protocol = match[2]!;
    if (!protocol.startsWith('2') && protocol !== '1.99') return { banner, protocol };
    socket.write(CLIENT_ID);
    const rest = Buffer.from(reader.take().subarray(match.index + match[0].length));
    const read = await readPacket(reader, rest, timeoutMs, signal);
    return { banner, protocol, kexinit: read ? parseKexInit(read) : undefined };
  } finally {
    socket.destroy();
  }
}

async function readPacket(
  reader: SocketReader,
  head: Buffer,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Buffer | undefined> {
  const have = () => Buffer.concat([head, reader.peek()]);
  const header = await reader.until(() => have().length >= 5, timeoutMs, signal);
  if (header.end !== 'match') return undefined;
  const length = have().readUInt32BE(0);
  if (length > 256 * 1024 || length < 2) throw new Error(`implausible SSH packet length ${length}`);
  const full = await reader.until(() => have().length >= 4 + length, timeoutMs, signal);
  if (full.end !== 'match') return undefined;
  const packet = have();
  const padding = packet[4]!;
  return packet.subarray(5, 4 + length - padding);
}

/** Parses an SSH_MSG_KEXINIT payload (message byte first). */
export function parseKexInit(payload: Buffer): KexInit {
  if (payload[0] !== MSG_KEXINIT) throw new Error(`expected SSH_MSG_KEXINIT, got message ${payload[0]}`);
  let offset = 17; // message byte + 16-byte cookie
  const lists: string[][] = [];
  for (let i = 0; i < 10; i++) {
    if (offset + 4 > payload.length) throw new Error('truncated KEXINIT');
    const length = payload.readUInt32BE(offset);
    offset += 4;
    if (offset + length > payload.length) throw new Error('truncated KEXINIT');
    const value = payload.subarray(offset, offset + length).toString('latin1');
    lists.push(value ? value.split(',') : []);
    offset += length;
  }
  return {
    kex: lists[0]!,
    hostKey: lists[1]!,
    // client→server and server→client lists are merged: either direction matters
    ciphers: [...new Set([...lists[2]!, ...lists[3]!])],
    macs: [...new Set([...lists[4]!, ...lists[5]!])],
    compression: [...new Set([...lists[6]!, ...lists[7]!])],
  };
}

export type SshLoginResult = 'accepted' | 'rejected' | 'no-password-auth' | 'error';

/**
 * One password attempt with the ssh2 client over `socket`. Password authentication only: no keys, no agent, no
 * keyboard-interactive. The host key is accepted without checking (we only test whether a password works).
 */
export function sshPasswordLogin(
  socket: Socket,
  credential: Submission,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ result: SshLoginResult; detail: string }> {
  return new Promise((resolve) => {
    const client = new ssh2.Client();
    let settled = false;
    const finish = (result: SshLoginResult, detail: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      client.end();
      socket.destroy();
      resolve({ result, detail });
    };
    const timer = setTimeout(() => finish('error', `no answer within ${timeoutMs * 2} ms`), timeoutMs * 2);
    const onAbort = () => finish('error', 'aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    client.on('ready', () => finish('accepted', 'password authentication succeeded'));
    let attempted = false;
    let offered: string[] | undefined;
    client.on('error', (error: Error & { level?: string }) => {
      if (error.level !== 'client-authentication') finish('error', error.message);
      else if (offered && !offered.includes('password'))
        finish('no-password-auth', `the server offers ${offered.join(', ') || 'no method'}, not password`);
      else finish('rejected', 'password authentication failed');
    });
    client.connect({
      sock: socket,
      username: credential.username,
      readyTimeout: timeoutMs * 2,
      hostVerifier: () => true,
      authHandler: (methodsLeft, _partialSuccess, next) => {
        if (!attempted) {
          attempted = true;
          return next({ type: 'password', username: credential.username, password: credential.password });
        }
        offered = methodsLeft ?? [];
        // ssh2 takes `false` as "no more methods" (its typings omit it)
        return next(false as unknown as ssh2.AuthenticationType);
      },
    });
  });
}
