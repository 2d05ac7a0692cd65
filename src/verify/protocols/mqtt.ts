/**
 * Raw MQTT 3.1.1 / 5.0 exchanges over a socket from Net: CONNECT → CONNACK and SUBSCRIBE → SUBACK, encoded and
 * decoded with mqtt-packet. Nothing is ever published.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import mqttPacket, { type IConnackPacket, type ISubackPacket, type Packet } from 'mqtt-packet';
import type { Submission } from '../net/credentials.js';
import { NetError } from '../net/net.js';
import type { CheckContext } from '../types.js';

export type MqttVersion = 4 | 5;

/** A connection that decodes every packet the broker sends and lets the caller wait for the next of a kind. */
export class MqttConnection {
  private readonly packets: Packet[] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  private error: Error | undefined;

  constructor(
    readonly socket: Socket,
    readonly version: MqttVersion = 4,
  ) {
    const parser = mqttPacket.parser({ protocolVersion: version });
    parser.on('packet', (packet: Packet) => {
      if (this.packets.length < 10_000) this.packets.push(packet);
      this.wake?.();
    });
    parser.on('error', (error: Error) => {
      this.error = new NetError('protocol', `not MQTT: ${error.message}`);
      this.wake?.();
    });
    socket.on('data', (chunk: Buffer) => parser.parse(chunk));
    const end = () => {
      this.closed = true;
      this.wake?.();
    };
    socket.on('close', end);
    socket.on('error', end);
  }

  send(packet: Packet): void {
    if (!this.socket.destroyed) this.socket.write(mqttPacket.generate(packet, { protocolVersion: this.version }));
  }

  /** The next packet of `cmd` (earlier ones of other kinds are kept), or undefined on timeout or close. */
  async next<C extends Packet['cmd']>(
    cmd: C,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<Extract<Packet, { cmd: C }> | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.packets.findIndex((p) => p.cmd === cmd);
      if (index >= 0) return this.packets.splice(index, 1)[0] as Extract<Packet, { cmd: C }>;
      if (this.error) throw this.error;
      if (this.closed) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      signal?.throwIfAborted();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        const onAbort = () => done();
        signal?.addEventListener('abort', onAbort, { once: true });
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }
        this.wake = done;
      });
      this.wake = undefined;
    }
  }

  /** Every packet of `cmd` received so far (taken). */
  drain<C extends Packet['cmd']>(cmd: C): Extract<Packet, { cmd: C }>[] {
    const out: Extract<Packet, { cmd: C }>[] = [];
    for (let i = this.packets.length - 1; i >= 0; i--) {
      if (this.packets[i]!.cmd === cmd) out.unshift(this.packets.splice(i, 1)[0] as Extract<Packet, { cmd: C }>);
    }
    return out;
  }

  close(): void {
    if (!this.socket.destroyed) {
      try {
        this.send({ cmd: 'disconnect' });
      } catch {}
      this.socket.end();
      this.socket.destroy();
    }
  }
}

export interface ConnackResult {
  /** the 3.1.1 return code or the 5.0 reason code; undefined when no CONNACK came */
  code: number | undefined;
  accepted: boolean;
  /** true for "not authorised" / "bad user name or password" (3.1.1: 4, 5; 5.0: 0x86, 0x87) */
  authRefused: boolean;
}

/** CONNACK codes in words, for evidence. */
export function connackText(code: number | undefined, version: MqttVersion = 4): string {
  if (code === undefined) return 'no CONNACK';
  const v3: Record<number, string> = {
    0: 'accepted',
    1: 'unacceptable protocol version',
    2: 'identifier rejected',
    3: 'server unavailable',
    4: 'bad user name or password',
    5: 'not authorised',
  };
  const v5: Record<number, string> = {
    0: 'success',
    128: 'unspecified error',
    132: 'unsupported protocol version',
    134: 'bad user name or password',
    135: 'not authorised',
    136: 'server unavailable',
    138: 'banned',
    159: 'connection rate exceeded',
  };
  const name = (version === 5 ? v5 : v3)[code];
  return `CONNACK ${version === 5 ? 'reason' : 'rc'}=${code}${name ? ` (${name})` : ''}`;
}

/** Sends CONNECT (anonymous unless a credential is given) and reads the CONNACK. */
export async function mqttConnect(
  connection: MqttConnection,
  credential: Submission | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ConnackResult> {
  connection.send({
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: connection.version,
    clientId: `iotassure-${randomBytes(4).toString('hex')}`,
    clean: true,
    keepalive: 30,
    ...(credential && { username: credential.username, password: Buffer.from(credential.password) }),
  });
  const connack = (await connection.next('connack', timeoutMs, signal)) as IConnackPacket | undefined;
  const code = connack ? (connection.version === 5 ? connack.reasonCode : connack.returnCode) : undefined;
  return {
    code,
    accepted: code === 0,
    authRefused: code === 4 || code === 5 || code === 0x86 || code === 0x87,
  };
}

/** Subscribes to `topics` (QoS 0) and returns the granted codes in order (0x80 or above = refused), or undefined. */
export async function mqttSubscribe(
  connection: MqttConnection,
  topics: string[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<number[] | undefined> {
  const messageId = 1 + Math.floor(Math.random() * 60000);
  connection.send({ cmd: 'subscribe', messageId, subscriptions: topics.map((topic) => ({ topic, qos: 0 })) });
  const suback = (await connection.next('suback', timeoutMs, signal)) as ISubackPacket | undefined;
  return suback?.granted.map((g) => (typeof g === 'number' ? g : (g as { qos: number }).qos));
}

/** MQTT topic filter matching (`+` one level, `#` the rest), for declared public topics. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  // Wildcards at the first level do not match topics starting with $ (MQTT 4.7.2).
  if (topic.startsWith('$') && (f[0] === '#' || f[0] === '+')) return false;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

export const MQTT_PROTOCOLS = ['mqtt', 'mqtts'];

/** A connection to the check's MQTT service: TCP for mqtt, TLS for mqtts (no certificate checks: other checks judge TLS). */
export async function openMqtt(ctx: CheckContext, version: MqttVersion = 4): Promise<MqttConnection> {
  const service = ctx.service!;
  const socket =
    service.protocol === 'mqtts'
      ? await ctx.net.tls(ctx.address, service.port, tlsName(ctx.target.host), ctx.signal)
      : await ctx.net.tcp(ctx.address, service.port, ctx.signal);
  return new MqttConnection(socket, version);
}

function tlsName(host: string): { servername?: string } {
  return /^[\d.]+$|:/.test(host) ? {} : { servername: host };
}
