/** Just enough FTP (RFC 959) to read the greeting and try one USER/PASS pair in the clear. */
import type { Socket } from 'node:net';
import type { Submission } from '../net/credentials.js';
import { SocketReader } from './reader.js';

/** A complete reply: the last line is "NNN text" (multi-line replies end with "NNN " as well). */
const REPLY = /(?:^|\n)(\d{3}) [^\n]*\n/;

export async function ftpReply(
  reader: SocketReader,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ code?: number; text: string }> {
  const r = await reader.until((d) => REPLY.test(d.toString('latin1').replace(/\r/g, '')), timeoutMs, signal);
  const text = reader.take().toString('latin1');
  const code = REPLY.exec(text.replace(/\r/g, ''))?.[1];
  return { code: r.end === 'match' && code ? Number(code) : undefined, text };
}

export async function ftpLogin(
  socket: Socket,
  pair: Submission,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ outcome: 'accepted' | 'rejected' | 'lockout' | 'no-prompt' | 'unclear'; seen: string }> {
  const reader = new SocketReader(socket);
  try {
    const greeting = await ftpReply(reader, timeoutMs, signal);
    if (greeting.code !== 220) return { outcome: greeting.code === 421 ? 'lockout' : 'no-prompt', seen: greeting.text };
    socket.write(`USER ${pair.username}\r\n`);
    const user = await ftpReply(reader, timeoutMs, signal);
    if (user.code === 230) return { outcome: 'accepted', seen: user.text };
    if (user.code !== 331) return { outcome: user.code === 530 ? 'rejected' : 'unclear', seen: user.text };
    socket.write(`PASS ${pair.password}\r\n`);
    const pass = await ftpReply(reader, timeoutMs, signal);
    if (pass.code === 230) return { outcome: 'accepted', seen: pass.text };
    if (pass.code === 530) return { outcome: 'rejected', seen: pass.text };
    if (pass.code === 421) return { outcome: 'lockout', seen: pass.text };
    return { outcome: pass.code === undefined && reader.isClosed ? 'rejected' : 'unclear', seen: pass.text };
  } finally {
    socket.destroy();
  }
}
