/**
 * Net: the only way verification code reaches the network. Every call asks the scope guard first, waits for a
 * concurrency slot and a rate token, and carries a timeout, so nothing outside the listed scope is ever contacted
 * and no target is flooded. (A test checks that no other module under src/verify imports node:net, node:tls,
 * node:dgram, node:http(s) or calls fetch.)
 */
import dgram from 'node:dgram';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import net, { type Socket } from 'node:net';
import tls, { type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { Limiter } from './limits.js';
import type { Scope } from './scope.js';

export class NetError extends Error {
  constructor(
    readonly kind: 'timeout' | 'refused' | 'unreachable' | 'reset' | 'tls' | 'protocol',
    message: string,
  ) {
    super(message);
    this.name = 'NetError';
  }
}

export interface HttpRequest {
  host: string;
  port: number;
  path: string;
  method?: 'GET' | 'HEAD' | 'POST' | 'OPTIONS';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** TLS options for HTTPS; absent for plain HTTP */
  tls?: ConnectionOptions;
  /** largest body kept (default 1 MiB); the rest is discarded */
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** for HTTPS: the peer certificate chain as Node gives it */
  peerCertificate?: tls.DetailedPeerCertificate;
}

export interface UdpSession {
  send(payload: Buffer): Promise<void>;
  /** the next datagram from the peer, or undefined when none came within `waitMs` (default: the run's timeout) */
  receive(waitMs?: number): Promise<Buffer | undefined>;
  /** an ICMP port-unreachable came back: nothing listens on the port */
  readonly refused: boolean;
}

export class Net {
  /** connections opened per host:port, for the run's audit record */
  readonly opened = new Map<string, number>();

  constructor(
    private readonly scope: Scope,
    private readonly limiter: Limiter,
    private readonly timeoutMs: number,
  ) {}

  private async admit(host: string, port: number, signal?: AbortSignal): Promise<() => void> {
    this.scope.assertAllowed(host, port);
    signal?.throwIfAborted();
    const release = await this.limiter.slot(host, signal);
    const key = `${host}:${port}`;
    this.opened.set(key, (this.opened.get(key) ?? 0) + 1);
    return release;
  }

  /** A connected TCP socket. The slot is freed when the socket closes; the caller must end it. */
  async tcp(host: string, port: number, signal?: AbortSignal): Promise<Socket> {
    const release = await this.admit(host, port, signal);
    return connectWith(() => net.connect({ host, port }), 'connect', this.timeoutMs, release, signal);
  }

  /** A TLS connection after its handshake. Weak protocol versions need `ciphers: '...@SECLEVEL=0'`. */
  async tls(host: string, port: number, options: ConnectionOptions = {}, signal?: AbortSignal): Promise<TLSSocket> {
    const release = await this.admit(host, port, signal);
    return connectWith(
      () => tls.connect({ host, port, rejectUnauthorized: false, ...options }),
      'secureConnect',
      this.timeoutMs,
      release,
      signal,
    );
  }

  /**
   * Sends one UDP datagram and collects replies until `waitMs` passes, retrying `retries` times when nothing comes.
   * An empty result means no answer — which is never the same as "closed" for UDP.
   */
  async udp(
    host: string,
    port: number,
    payload: Buffer,
    options: { waitMs?: number; retries?: number; signal?: AbortSignal } = {},
  ): Promise<Buffer[]> {
    const release = await this.admit(host, port, options.signal);
    const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    const replies: Buffer[] = [];
    socket.on('message', (message) => replies.push(message));
    try {
      await this.sendUntilReply(socket, payload, port, host, replies, options);
      return replies;
    } catch (error) {
      throw toNetError(error);
    } finally {
      socket.close();
      release();
    }
  }

  /**
   * A UDP conversation with one peer from one local port, for protocols whose second datagram depends on the first
   * (a DTLS cookie is bound to the client's address and port). The socket is connected, so only the peer's datagrams
   * arrive and an ICMP port-unreachable shows as `refused`. Every datagram sent counts as one connection of the rate.
   */
  async udpSession<T>(
    host: string,
    port: number,
    use: (session: UdpSession) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const release = await this.admit(host, port, signal);
    const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    const queue: Buffer[] = [];
    let waiter: (() => void) | undefined;
    let refused = false;
    socket.on('message', (message) => {
      queue.push(message);
      waiter?.();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED') refused = true;
      waiter?.();
    });
    const timeoutMs = this.timeoutMs;
    const session: UdpSession = {
      get refused() {
        return refused;
      },
      send: (payload) =>
        new Promise<void>((resolve, reject) => socket.send(payload, (e) => (e ? reject(toNetError(e)) : resolve()))),
      receive: async (waitMs = timeoutMs) => {
        if (queue.length === 0 && !refused) {
          await new Promise<void>((resolve, reject) => {
            const done = () => {
              clearTimeout(timer);
              signal?.removeEventListener('abort', onAbort);
              waiter = undefined;
              resolve();
            };
            const onAbort = () => {
              clearTimeout(timer);
              waiter = undefined;
              reject(signal?.reason);
            };
            const timer = setTimeout(done, waitMs);
            signal?.addEventListener('abort', onAbort, { once: true });
            waiter = done;
          });
        }
        return queue.shift();
      },
    };
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(port, host, () => {
          socket.removeListener('error', reject);
          resolve();
        });
      });
      return await use(session);
    } catch (error) {
      throw toNetError(error);
    } finally {
      socket.close();
      release();
    }
  }

  /**
   * Sends one datagram to a multicast group and keeps only the replies from `host` (the target): other devices on
   * the segment answer too, and they are outside the scope, so their replies are dropped unread. The group must be
   * a multicast address; the scope decides whether multicast is allowed at all (never in loopback test mode).
   */
  async multicast(
    group: string,
    port: number,
    payload: Buffer,
    host: string,
    options: { waitMs?: number; retries?: number; signal?: AbortSignal } = {},
  ): Promise<Buffer[]> {
    this.scope.assertMulticast(group);
    const release = await this.admit(host, port, options.signal);
    const socket = dgram.createSocket({ type: net.isIPv6(group) ? 'udp6' : 'udp4', reuseAddr: true });
    const replies: Buffer[] = [];
    socket.on('message', (message, remote) => {
      if (remote.address === host || remote.address === `::ffff:${host}`) replies.push(message);
    });
    try {
      await new Promise<void>((resolve) => socket.bind(0, resolve));
      if (!net.isIPv6(group)) socket.setMulticastTTL(1);
      await this.sendUntilReply(socket, payload, port, group, replies, options);
      return replies;
    } catch (error) {
      throw toNetError(error);
    } finally {
      socket.close();
      release();
    }
  }

  /** Sends the datagram, waits, and sends again (up to `retries` times) while no reply has come. */
  private async sendUntilReply(
    socket: dgram.Socket,
    payload: Buffer,
    port: number,
    address: string,
    replies: readonly Buffer[],
    options: { waitMs?: number; retries?: number; signal?: AbortSignal },
  ): Promise<void> {
    for (let attempt = 0; attempt <= (options.retries ?? 1) && replies.length === 0; attempt++) {
      await new Promise<void>((resolve, reject) =>
        socket.send(payload, port, address, (e) => (e ? reject(e) : resolve())),
      );
      await sleep(options.waitMs ?? this.timeoutMs, options.signal);
    }
  }

  /** One HTTP(S) request; redirects are never followed (a Location may point outside the scope). */
  async http(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    const release = await this.admit(request.host, request.port, signal);
    const maxBytes = request.maxBytes ?? 1024 * 1024;
    try {
      return await new Promise<HttpResponse>((resolve, reject) => {
        const options = {
          host: request.host,
          port: request.port,
          path: request.path,
          method: request.method ?? 'GET',
          headers: { 'user-agent': 'iotassure-verify', ...request.headers },
          agent: false as const,
          timeout: this.timeoutMs,
          signal,
        };
        const req = request.tls
          ? https.request({ ...options, rejectUnauthorized: false, ...request.tls })
          : http.request(options);
        req.on('timeout', () => req.destroy(new NetError('timeout', `no answer within ${this.timeoutMs} ms`)));
        req.on('error', (e) => reject(toNetError(e)));
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const peerCertificate = request.tls ? (res.socket as TLSSocket).getPeerCertificate(true) : undefined;
          res.on('data', (chunk: Buffer) => {
            if (size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
            size += chunk.length;
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
              peerCertificate,
            }),
          );
          res.on('error', (e) => reject(toNetError(e)));
        });
        req.end(request.body);
      });
    } finally {
      release();
    }
  }
}

function connectWith<S extends Socket>(
  open: () => S,
  readyEvent: 'connect' | 'secureConnect',
  timeoutMs: number,
  release: () => void,
  signal?: AbortSignal,
): Promise<S> {
  return new Promise<S>((resolve, reject) => {
    const socket = open();
    socket.once('close', release);
    const fail = (error: unknown) => {
      clearTimeout(timer);
      socket.destroy();
      reject(toNetError(error));
    };
    const timer = setTimeout(() => fail(new NetError('timeout', `no connection within ${timeoutMs} ms`)), timeoutMs);
    const onAbort = () => fail(signal?.reason ?? new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', fail);
    socket.once(readyEvent, () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeListener('error', fail);
      resolve(socket);
    });
  });
}

export function toNetError(error: unknown): NetError | Error {
  if (error instanceof NetError) return error;
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ECONNREFUSED':
      return new NetError('refused', 'connection refused');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new NetError('unreachable', 'host unreachable');
    case 'ECONNRESET':
    case 'EPIPE':
      return new NetError('reset', 'connection reset');
    case 'ETIMEDOUT':
      return new NetError('timeout', 'timed out');
    default:
      if (e.code?.startsWith('ERR_SSL') || /alert|handshake|SSL/i.test(e.message ?? ''))
        return new NetError('tls', e.message);
      return error instanceof Error ? error : new Error(String(error));
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
