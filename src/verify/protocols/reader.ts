/**
 * Reading from a socket until something is seen: the one pattern every banner and login probe needs. Data is
 * collected as it arrives (through an optional filter, e.g. the telnet option parser) and `until` waits for a
 * predicate, the peer closing, a timeout or the run's abort — whichever comes first. It never throws for a timeout
 * or a close: those are outcomes the checks judge.
 */
import type { Socket } from 'node:net';

export type ReadEnd = 'match' | 'timeout' | 'closed';

export interface ReadResult {
  data: Buffer;
  end: ReadEnd;
}

/** Largest amount kept from one peer: probes only need banners and prompts. */
const MAX_BUFFER = 64 * 1024;

export class SocketReader {
  private buffer = Buffer.alloc(0);
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(
    readonly socket: Socket,
    filter: (chunk: Buffer) => Buffer = (chunk) => chunk,
  ) {
    socket.on('data', (chunk: Buffer) => {
      const data = filter(chunk);
      if (this.buffer.length < MAX_BUFFER) this.buffer = Buffer.concat([this.buffer, data]).subarray(0, MAX_BUFFER);
      this.wake?.();
    });
    const end = () => {
      this.closed = true;
      this.wake?.();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Everything received and not yet taken. */
  peek(): Buffer {
    return this.buffer;
  }

  /** Takes (and clears) everything received so far. */
  take(): Buffer {
    const data = this.buffer;
    this.buffer = Buffer.alloc(0);
    return data;
  }

  /**
   * Waits until `predicate` holds for the data received so far, the peer closes, `timeoutMs` passes or `signal`
   * aborts (which rejects). Returns the data (not taken) and why the wait ended.
   */
  async until(predicate: (data: Buffer) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<ReadResult> {
    signal?.throwIfAborted();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (predicate(this.buffer)) return { data: this.buffer, end: 'match' };
      if (this.closed) return { data: this.buffer, end: 'closed' };
      const left = deadline - Date.now();
      if (left <= 0) return { data: this.buffer, end: 'timeout' };
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(done, left);
        const onAbort = () => {
          done();
          reject(signal?.reason);
        };
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }
        this.wake = done;
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      this.wake = undefined;
    }
  }

  /** Waits for at least `bytes` bytes. */
  atLeast(bytes: number, timeoutMs: number, signal?: AbortSignal): Promise<ReadResult> {
    return this.until((data) => data.length >= bytes, timeoutMs, signal);
  }
}

/** Printable text for evidence: control bytes shown as \xNN, cut to `max` characters. */
export function printable(data: Buffer | string, max = 160): string {
  const text = typeof data === 'string' ? data : data.toString('latin1');
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch === '\r') out += '\\r';
    else if (ch === '\n') out += '\\n';
    else if (code < 0x20 || code >= 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
    if (out.length >= max) return `${out.slice(0, max)}…`;
  }
  return out;
}
