/**
 * TLS-06 — no cleartext twin: next to a TLS (or DTLS) service, the same protocol must not also answer without
 * encryption. The plaintext sibling is the standard port (443 → 80, 8443 → 8080, 8883 → 1883, 5684 → 5683,
 * 5671 → 5672), the port below a non-standard CoAPs port (libcoap's convention), and any declared plaintext service
 * of the same protocol on the host. The sibling is on the same host, so it is in scope. A sibling that does not
 * answer at all is "filtered" only while the TLS service itself answers; otherwise nothing was observed.
 */

import type { DeclaredService, Target } from '../../model/verification.js';
import { NetError } from '../net/net.js';
import { coapGet } from '../protocols/coap.js';
import { connackText, MqttConnection, mqttConnect } from '../protocols/mqtt.js';
import { SocketReader } from '../protocols/reader.js';
import { isTlsService } from '../tls/service.js';
import type { Check, CheckContext, Exchange } from '../types.js';
import { hostAnswers, portSilence } from './common.js';

type Plain = 'http' | 'mqtt' | 'coap' | 'amqp';

const TWINS: Record<string, { plain: Plain; ports: Record<number, number> }> = {
  https: { plain: 'http', ports: { 443: 80, 8443: 8080 } },
  wss: { plain: 'http', ports: { 443: 80, 8443: 8080 } },
  mqtts: { plain: 'mqtt', ports: { 8883: 1883 } },
  coaps: { plain: 'coap', ports: { 5684: 5683 } },
  amqps: { plain: 'amqp', ports: { 5671: 5672 } },
};

function twinServices(target: Target): DeclaredService[] {
  return target.services.filter((s) => TWINS[s.protocol] && (s.protocol === 'coaps' || isTlsService(s)));
}

/** The plaintext ports to probe for a TLS service. */
export function siblingPorts(target: Target, service: DeclaredService): { plain: Plain; ports: number[] } {
  const twin = TWINS[service.protocol]!;
  const ports = new Set<number>();
  const standard = twin.ports[service.port];
  if (standard) ports.add(standard);
  if (twin.plain === 'coap' && !standard) ports.add(service.port - 1);
  for (const s of target.services)
    if (s.protocol === twin.plain || (twin.plain === 'http' && s.protocol === 'websocket')) ports.add(s.port);
  ports.delete(service.port);
  return { plain: twin.plain, ports: [...ports].filter((p) => p > 0) };
}

/** unclear: UDP silence, which proves nothing either way */
type Probe = { answers: boolean; seen: string; unclear?: boolean };

async function probeHttp(ctx: CheckContext, port: number): Promise<Probe> {
  const response = await ctx.net.http(
    { host: ctx.address, port, path: '/', headers: { host: `${ctx.target.host}:${port}` }, maxBytes: 4096 },
    ctx.signal,
  );
  const location = String(response.headers.location ?? '');
  if (response.status >= 300 && response.status < 400 && /^https:/i.test(location)) {
    return { answers: false, seen: `HTTP ${response.status} redirect to ${location}` };
  }
  return {
    answers: true,
    seen: `HTTP ${response.status} ${response.headers.server ? `(Server: ${response.headers.server}) ` : ''}${response.body.length} bytes`,
  };
}

async function probeMqtt(ctx: CheckContext, port: number): Promise<Probe> {
  const socket = await ctx.net.tcp(ctx.address, port, ctx.signal);
  const connection = new MqttConnection(socket, 4);
  try {
    const result = await mqttConnect(connection, undefined, ctx.timeoutMs, ctx.signal);
    return { answers: result.code !== undefined, seen: connackText(result.code) };
  } catch (error) {
    return { answers: false, seen: (error as Error).message };
  } finally {
    connection.close();
  }
}

async function probeCoap(ctx: CheckContext, port: number): Promise<Probe> {
  const get = await coapGet(ctx.net, ctx.address, port, { timeoutMs: ctx.timeoutMs, signal: ctx.signal });
  if (get.refused) return { answers: false, seen: 'ICMP port unreachable (closed)' };
  if (!get.reply) return { answers: false, unclear: true, seen: `no CoAP answer to ${get.sent} GET /.well-known/core` };
  if (get.reply.reset) return { answers: false, seen: 'CoAP RST' };
  return { answers: true, seen: `CoAP ${get.reply.code}, ${get.reply.payload.length} bytes` };
}

async function probeAmqp(ctx: CheckContext, port: number): Promise<Probe> {
  const socket = await ctx.net.tcp(ctx.address, port, ctx.signal);
  try {
    const reader = new SocketReader(socket);
    socket.write(Buffer.from('AMQP\x00\x00\x09\x01', 'latin1'));
    const read = await reader.until((d) => d.length >= 8, ctx.timeoutMs, ctx.signal);
    const amqp = read.data.subarray(0, 4).toString('latin1') === 'AMQP' || read.data[0] === 1;
    return {
      answers: amqp,
      seen: amqp ? `AMQP answer ${read.data.subarray(0, 8).toString('hex')}` : `${read.data.length} bytes, not AMQP`,
    };
  } finally {
    socket.destroy();
  }
}

const PROBES: Record<Plain, (ctx: CheckContext, port: number) => Promise<Probe>> = {
  http: probeHttp,
  mqtt: probeMqtt,
  coap: probeCoap,
  amqp: probeAmqp,
};

export const tls06: Check = {
  meta: {
    id: 'TLS-06',
    title: 'No cleartext twin of a TLS service',
    description:
      'For each HTTPS, MQTTS, CoAPs or AMQPS service, probes the plaintext sibling port with the same protocol ' +
      '(HTTP GET /, MQTT CONNECT, CoAP GET /.well-known/core, AMQP header). FAIL when it answers (an HTTP redirect ' +
      'to https:// is fine); PASS when the siblings are closed or filtered (TCP) or answer ICMP port unreachable ' +
      '(UDP), or stay silent while the TLS service answers; INCONCLUSIVE when a UDP sibling stays silent or the ' +
      'host answers nowhere.',
    passes:
      'every plaintext sibling port refused (closed), redirected to TLS, or silent while the TLS service itself answers',
    intrusiveness: 'safe',
    controls: ['secure-communication', 'personal-data-in-transit-protection', 'minimise-interfaces-and-services'],
    requirements: ['etsi-en-303-645:5.5-1', 'etsi-en-303-645:5.6-1'],
    equivalent: 'CSA CLS "plain MQTT is non-compliant"; nmap service scan of the sibling port',
  },
  appliesTo: twinServices,
  async run(ctx) {
    const service = ctx.service!;
    const { plain, ports } = siblingPorts(ctx.target, service);
    const exchanges: Exchange[] = [];
    const open: number[] = [];
    const unclear: number[] = [];
    const silent: number[] = [];
    for (const port of ports) {
      let probe: Probe;
      try {
        probe = await PROBES[plain](ctx, port);
      } catch (error) {
        if (!(error instanceof NetError)) throw error;
        const closed = portSilence(error) === 'closed';
        if (!closed) silent.push(port);
        probe = { answers: false, seen: closed ? 'closed' : `no answer (${error.message})` };
      }
      exchanges.push({ sent: `${plain.toUpperCase()} probe to port ${port}`, seen: probe.seen });
      if (probe.answers) open.push(port);
      if (probe.unclear) unclear.push(port);
    }
    if (ports.length === 0) return { verdict: 'NOT_APPLICABLE', summary: 'no plaintext sibling port to probe' };
    if (open.length > 0) {
      const declared = open.filter((p) => ctx.target.services.some((s) => s.port === p));
      return {
        verdict: 'FAIL',
        summary: `${plain.toUpperCase()} also answers in cleartext on port ${open.join(', ')} next to ${service.protocol} on ${service.port}`,
        details: declared.length > 0 ? [`declared in the profile, still cleartext: ${declared.join(', ')}`] : undefined,
        exchanges,
      };
    }
    if (unclear.length > 0) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `no answer on UDP port ${unclear.join(', ')}: closed or filtered, UDP silence cannot tell`,
        exchanges,
      };
    }
    // silence proves absence only when the host is there: the TLS service itself must answer
    if (silent.length > 0 && (await hostAnswers(ctx, ports)) === undefined) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `no answer on port ${silent.join(', ')} nor from the ${service.protocol} service on ${service.port}: the host is unreachable, switched off or filtered, so nothing was observed`,
        exchanges,
      };
    }
    return {
      verdict: 'PASS',
      summary: `no cleartext ${plain.toUpperCase()} on port ${ports.join(', ')}`,
      ...(silent.length > 0 && {
        details: [`filtered (no answer) on ${silent.join(', ')}, while the TLS service answers`],
      }),
      exchanges,
    };
  },
};
