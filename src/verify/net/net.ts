/**
 * Net: the only way verification code reaches the network. Every call asks the scope guard first (which takes only
 * canonical addresses and returns the text the socket connects to), waits for a concurrency slot and a rate token,
 * and carries a timeout, so nothing outside the listed scope is ever contacted and no target is flooded. Each check
 * gets its own view of Net whose Contact counts whether the target ever answered: a verdict drawn from silence is
 * no PASS. (A test checks that no other module under src/verify imports node:net, node:tls, node:dgram,
 * node:http(s) or calls fetch.)
 */
import dgram from 'node:dgram';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import net, { type Socket } from 'node:net';
import tls, { type ConnectionOptions, type TLSSocket } from 'node:tls';
import { bracket } from './address.js';
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

/**
 * Whether the target answered during one check. An answer is anything the target's network stack sent back: a TCP
 * connection or reset, a UDP datagram, an ICMP port-unreachable, an HTTP response. Silence — a timeout, no route, a
 * host unreachable — is no answer.
 */
export class Contact {
  attempts = 0;
  answered = 0;

  answer(): void {
    this.attempts++;
    this.answered++;
  }

  /** Records a failed operation: refused and reset are answers (something listens, or the port is closed). */
  failure(error: unknown): void {
    this.attempts++;
    if (error instanceof NetError && (error.kind === 'refused' || error.kind === 'reset')) this.answered++;
  }
}

/** The Mozilla root store Node ships: the public Web PKI a certificate may chain to without a declared anchor. */
export function publicRootCertificates(): readonly string[] {
  return tls.rootCertificates;
}

export class Net {
  constructor(
    private readonly scope: Scope,
    private readonly limiter: Limiter,
    private readonly timeoutMs: number,
    /** connections opened per host:port, for the run's audit record (shared by every view) */
    readonly opened = new Map<string, number>(),
    /** whether the target answered the operations of this view */
    readonly contact = new Contact(),
  ) {}

  /** A view of this Net for one check: the same scope, limits and counts, and a Contact of its own. */
  forCheck(): Net {
    return new Net(this.scope, this.limiter, this.timeoutMs, this.opened);
  }

  /** Asks the scope guard and waits for a slot; returns the canonical address to connect to and the slot's release. */
  private async admit(host: string, port: number, signal?: AbortSignal): Promise<[string, () => void]> {
    const address = this.scope.admit(host, port);
    signal?.throwIfAborted();
    const release = await this.limiter.slot(address, signal);
    const key = `${bracket(address)}:${port}`;
    this.opened.set(key, (this.opened.get(key) ?? 0) + 1);
    return [address, release];
  }

  /** A connected TCP socket. The slot is freed when the socket closes; the caller must end it. */
  async tcp(host: string, port: number, signal?: AbortSignal): Promise<Socket> {
    const [address, release] = await this.admit(host, port, signal);
    return this.connect(() => net.connect({ host: address, port }), 'connect', release, signal);
  }

  /** A TLS connection after its handshake. Weak protocol versions need `ciphers: '...@SECLEVEL=0'`. */
  async tls(host: string, port: number, options: ConnectionOptions = {}, signal?: AbortSignal): Promise<TLSSocket> {
    const [address, release] = await this.admit(host, port, signal);
    return this.connect(
      () => tls.connect({ host: address, port, rejectUnauthorized: false, ...options }),
      'secureConnect',
      release,
      signal,
    );
  }

  /** Opens a socket and waits for `readyEvent`; the TCP connection itself counts as an answer, even if TLS fails. */
  private async connect<S extends Socket>(
    open: () => S,
    readyEvent: 'connect' | 'secureConnect',
    release: () => void,
    signal?: AbortSignal,
  ): Promise<S> {
    let connected = false;
    try {
      const socket = await connectWith(
        () => {
          const socket = open();
          socket.once('connect', () => {
            connected = true;
          });
          return socket;
        },
        readyEvent,
        this.timeoutMs,
        release,
        signal,
      );
      this.contact.answer();
      return socket;
    } catch (error) {
      if (connected) this.contact.answer();
      else this.contact.failure(error);
      throw error;
    }
  }

  /**
   * A UDP conversation with one peer from one local port, for protocols whose second datagram depends on the first
   * (a DTLS cookie is bound to the client's address and port). The socket is connected, so only the peer's datagrams
   * arrive and an ICMP port-unreachable shows as `refused` — on a later receive or on a later send alike, since the
   * kernel reports it on whichever call comes next. Every datagram sent counts as one connection of the rate.
   */
  async udpSession<T>(
    host: string,
    port: number,
    use: (session: UdpSession) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const [address, release] = await this.admit(host, port, signal);
    const socket = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
    const queue: Buffer[] = [];
    let waiter: (() => void) | undefined;
    let refused = false;
    let answered = false;
    const refuse = () => {
      refused = true;
      answered = true;
      waiter?.();
    };
    socket.on('message', (message) => {
      answered = true;
      queue.push(message);
      waiter?.();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED') refuse();
      else waiter?.();
    });
    const timeoutMs = this.timeoutMs;
    const session: UdpSession = {
      get refused() {
        return refused;
      },
      send: (payload) =>
        new Promise<void>((resolve, reject) =>
          socket.send(payload, (e) => {
            if (!e) resolve();
            else if ((e as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
              refuse();
              resolve();
            } else reject(toNetError(e));
          }),
        ),
      receive: async (waitMs = timeoutMs) => {
        if (queue.length === 0 && !refused) await waitFor((wake) => (waiter = wake), waitMs, signal);
        waiter = undefined;
        return queue.shift();
      },
    };
    let failure: unknown;
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(port, address, (error?: Error) => {
          socket.removeListener('error', reject);
          if (error) reject(error);
          else resolve();
        });
      });
      return await use(session);
    } catch (error) {
      failure = toNetError(error);
      throw failure;
    } finally {
      if (answered) this.contact.answer();
      else this.contact.failure(failure);
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
    const [address, release] = await this.admit(host, port, options.signal);
    const socket = dgram.createSocket({ type: net.isIPv6(group) ? 'udp6' : 'udp4', reuseAddr: true });
    const replies: Buffer[] = [];
    socket.on('message', (message, remote) => {
      if (remote.address === address || remote.address === `::ffff:${address}`) replies.push(message);
    });
    try {
      await new Promise<void>((resolve) => socket.bind(0, resolve));
      if (!net.isIPv6(group)) socket.setMulticastTTL(1);
      for (let attempt = 0; attempt <= (options.retries ?? 1) && replies.length === 0; attempt++) {
        await new Promise<void>((resolve, reject) =>
          socket.send(payload, port, group, (e) => (e ? reject(e) : resolve())),
        );
        await sleep(options.waitMs ?? this.timeoutMs, options.signal);
      }
      if (replies.length > 0) this.contact.answer();
      else this.contact.attempts++;
      return replies;
    } catch (error) {
      throw toNetError(error);
    } finally {
      socket.close();
      release();
    }
  }

  /** One HTTP(S) request; redirects are never followed (a Location may point outside the scope). */
  async http(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    const [address, release] = await this.admit(request.host, request.port, signal);
    const maxBytes = request.maxBytes ?? 1024 * 1024;
    try {
      const response = await new Promise<HttpResponse>((resolve, reject) => {
        const options = {
          host: address,
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
      this.contact.answer();
      return response;
    } catch (error) {
      this.contact.failure(error);
      throw error;
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
    const settle = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: unknown) => {
      settle();
      socket.destroy();
      reject(toNetError(error));
    };
    const timer = setTimeout(() => fail(new NetError('timeout', `no connection within ${timeoutMs} ms`)), timeoutMs);
    const onAbort = () => fail(signal?.reason ?? new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', fail);
    socket.once(readyEvent, () => {
      settle();
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
    case 'EHOSTDOWN':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
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

/**
 * Resolves after `ms`, or earlier when `wake` (handed to `arm`) is called; rejects on abort. The abort listener is
 * removed on every path, so thousands of waits on one run's signal leave no listener behind.
 */
export function waitFor(arm: (wake: () => void) => void, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    arm(done);
  });
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return waitFor(() => {}, ms, signal);
}
