/**
 * A telnet client just large enough to see a login prompt and try a password, the way routersploit's telnet
 * modules do: it refuses every option the server asks for or offers (DONT/WONT), strips the negotiation from the
 * text, and judges prompts and replies with the same heuristics.
 */
import type { Socket } from 'node:net';
import type { Submission } from '../net/credentials.js';
import { SocketReader } from './reader.js';

const IAC = 0xff;
const DONT = 0xfe;
const DO = 0xfd;
const WONT = 0xfc;
const WILL = 0xfb;
const SB = 0xfa;
const SE = 0xf0;

/** What the negotiation looked like, for evidence (e.g. "DO 1, DO 31, WILL 1, WILL 3"). */
export interface TelnetNegotiation {
  options: string[];
}

/**
 * Wraps a connected socket: negotiation bytes are answered with refusals and removed; the reader sees only text.
 * Keeps parser state across chunks, so a command split between two packets is handled.
 */
export function telnetSession(socket: Socket): { reader: SocketReader; negotiation: TelnetNegotiation } {
  const negotiation: TelnetNegotiation = { options: [] };
  let state: 'text' | 'iac' | 'option' | 'sb' | 'sb-iac' = 'text';
  let verb = 0;
  const names: Record<number, string> = { [DO]: 'DO', [DONT]: 'DONT', [WILL]: 'WILL', [WONT]: 'WONT' };
  const filter = (chunk: Buffer): Buffer => {
    const text: number[] = [];
    const replies: number[] = [];
    for (const byte of chunk) {
      switch (state) {
        case 'text':
          if (byte === IAC) state = 'iac';
          else text.push(byte);
          break;
        case 'iac':
          if (byte === IAC) {
            text.push(IAC);
            state = 'text';
          } else if (byte === DO || byte === DONT || byte === WILL || byte === WONT) {
            verb = byte;
            state = 'option';
          } else if (byte === SB) state = 'sb';
          else state = 'text'; // a two-byte command (NOP, GA, …): nothing to answer
          break;
        case 'option':
          if (negotiation.options.length < 32) negotiation.options.push(`${names[verb]} ${byte}`);
          // Refuse everything: DO → WONT, WILL → DONT. DONT/WONT need no answer.
          if (verb === DO) replies.push(IAC, WONT, byte);
          else if (verb === WILL) replies.push(IAC, DONT, byte);
          state = 'text';
          break;
        case 'sb':
          if (byte === IAC) state = 'sb-iac';
          break;
        case 'sb-iac':
          state = byte === SE ? 'text' : 'sb';
          break;
      }
    }
    if (replies.length > 0 && !socket.destroyed) socket.write(Buffer.from(replies));
    return Buffer.from(text);
  };
  return { reader: new SocketReader(socket, filter), negotiation };
}

/** True when the bytes start with telnet negotiation (IAC followed by WILL/WONT/DO/DONT). */
export function looksLikeTelnet(data: Buffer): boolean {
  for (let i = 0; i + 1 < data.length; i++) {
    if (data[i] === IAC && data[i + 1]! >= WILL && data[i + 1]! <= DONT) return true;
  }
  return false;
}

/** routersploit's prompt patterns, widened a little: "login:", "Username:", "User Name:". */
export const LOGIN_PROMPT = /(?:login|user ?name|user)\s*:\s*$/i;
export const PASSWORD_PROMPT = /password\s*:\s*$/i;
const FAILURE = /incorrect|invalid|fail|denied|wrong|bad password|not allowed|authentication error/i;
const LOCKOUT = /locked|too many|try again later|temporarily (?:blocked|disabled)|retry in/i;
const SHELL_PROMPT = /[#$>%]\s*$/;

export type LoginOutcome =
  | { result: 'accepted'; seen: string }
  | { result: 'rejected'; seen: string }
  | { result: 'lockout'; seen: string }
  | { result: 'no-prompt'; seen: string };

/**
 * routersploit's judgement of what followed the password: a failure word or a new login prompt is a rejection; a
 * shell prompt, or a large banner (>500 bytes, e.g. MikroTik) without a failure word, is a login.
 */
export function judgeLogin(reply: string): 'accepted' | 'rejected' | 'lockout' | undefined {
  const text = reply.trim();
  if (LOCKOUT.test(text)) return 'lockout';
  if (FAILURE.test(text) || LOGIN_PROMPT.test(text)) return 'rejected';
  if (SHELL_PROMPT.test(text) || text.length > 500) return 'accepted';
  return undefined;
}

/** The reply without the echo of what was just typed (the first occurrence, at its start). */
function withoutEcho(reply: string, typed: string): string {
  if (typed.length === 0) return reply;
  const at = reply.indexOf(typed);
  return at >= 0 && at <= 4 ? reply.slice(at + typed.length) : reply;
}

export function isLockoutText(text: string): boolean {
  return LOCKOUT.test(text);
}

const text = (data: Buffer) => data.toString('latin1');

/**
 * One login attempt on a fresh connection: wait for the login (or password) prompt, send the user name, then the
 * password, and judge the reply. The socket is always closed afterwards.
 */
export async function telnetLogin(
  socket: Socket,
  credential: Submission,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<LoginOutcome | { result: 'unclear'; seen: string }> {
  const { reader } = telnetSession(socket);
  try {
    const prompt = await reader.until(
      (d) => LOGIN_PROMPT.test(text(d)) || PASSWORD_PROMPT.test(text(d)),
      timeoutMs,
      signal,
    );
    const banner = text(reader.take());
    if (prompt.end !== 'match') {
      return { result: isLockoutText(banner) ? 'lockout' : 'no-prompt', seen: banner };
    }
    if (LOGIN_PROMPT.test(banner)) {
      socket.write(`${credential.username}\r\n`);
      // A pty echoes what we type (we refused the ECHO option): judge only what comes after the echo.
      const afterUser = (d: Buffer) => withoutEcho(text(d), credential.username);
      const next = await reader.until(
        (d) => PASSWORD_PROMPT.test(afterUser(d)) || judgeLogin(afterUser(d)) !== undefined,
        timeoutMs,
        signal,
      );
      const seen = afterUser(reader.take());
      if (next.end !== 'match' || !PASSWORD_PROMPT.test(seen)) {
        // No password prompt: either the user name alone was enough (a login) or it was refused outright.
        return { result: judgeLogin(seen) ?? 'unclear', seen };
      }
    }
    socket.write(`${credential.password}\r\n`);
    const afterPassword = (d: Buffer) => withoutEcho(text(d), credential.password);
    const reply = await reader.until((d) => judgeLogin(afterPassword(d)) !== undefined, timeoutMs, signal);
    const seen = afterPassword(reply.data);
    const verdict = judgeLogin(seen);
    if (verdict) return { result: verdict, seen };
    // The server hung up after the password without saying why: that is how most devices reject a login.
    if (reply.end === 'closed') return { result: 'rejected', seen };
    return { result: 'unclear', seen };
  } finally {
    socket.destroy();
  }
}
