/**
 * COAP-01 — no plaintext CoAP exposure: a confirmable GET of /.well-known/core (RFC 6690) on each declared
 * plaintext CoAP service, the request nmap's coap-resources sends. Every resource listed must be declared public.
 */
import { coapGet, normalisePath, parseLinkFormat } from '../protocols/coap.js';
import type { Check } from '../types.js';
import { servicesWith, short } from './common.js';

export const coap01: Check = {
  meta: {
    id: 'COAP-01',
    title: 'Plaintext CoAP lists only declared public resources',
    description:
      'Sends CON GET /.well-known/core to the declared CoAP port. FAIL when a 2.05 reply lists resources not in the ' +
      "service's `publicPaths`; PASS when it lists only declared ones or refuses (4.01, 4.03, 4.04); INCONCLUSIVE " +
      'when nothing answers (UDP silence proves nothing).',
    passes: 'a 2.05 listing only declared public resources, or a 4.01, 4.03, 4.04 or 4.05 refusal',
    intrusiveness: 'safe',
    controls: ['authenticate-before-access'],
    requirements: ['etsi-en-303-645:5.5-1', 'etsi-en-303-645:5.6-2'],
    equivalent: 'nmap coap-resources',
  },
  appliesTo: (target) => servicesWith(target, ['coap']),
  async run(ctx) {
    const service = ctx.service!;
    const get = await coapGet(ctx.net, ctx.address, service.port, { timeoutMs: ctx.timeoutMs, signal: ctx.signal });
    const sent = `CoAP CON GET /.well-known/core (${get.sent} datagram${get.sent === 1 ? '' : 's'})`;
    if (!get.reply) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: get.refused
          ? `port ${service.port} is closed (ICMP port unreachable) although CoAP is declared there`
          : `no CoAP reply on port ${service.port}`,
        exchanges: [{ sent, seen: get.refused ? 'ICMP port unreachable' : 'nothing' }],
      };
    }
    const reply = get.reply;
    const text = reply.payload.toString('utf8');
    const exchanges = [{ sent, seen: `${reply.reset ? 'RST' : reply.code} ${short(text, 200)}` }];
    if (reply.reset) return { verdict: 'INCONCLUSIVE', summary: 'the server reset the request', exchanges };
    if (['4.01', '4.03', '4.04', '4.05'].includes(reply.code)) {
      return { verdict: 'PASS', summary: `resource discovery is refused (${reply.code})`, exchanges };
    }
    if (!reply.code.startsWith('2.')) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `resource discovery answered ${reply.code}, neither a list nor a refusal`,
        exchanges,
      };
    }
    const listed = parseLinkFormat(text).map((l) => normalisePath(l.path));
    const allowed = new Set((service.publicPaths ?? []).map(normalisePath));
    const undeclared = listed.filter((p) => !allowed.has(p));
    const details = [
      `listed: ${listed.join(', ') || 'nothing'}`,
      `declared public: ${[...allowed].join(', ') || 'none'}`,
    ];
    if (undeclared.length > 0) {
      return {
        verdict: 'FAIL',
        summary: `CoAP without DTLS lists ${undeclared.length} undeclared resource${undeclared.length === 1 ? '' : 's'}: ${undeclared.join(', ')}`,
        details,
        exchanges,
      };
    }
    return {
      verdict: 'PASS',
      summary: `only declared public resources are listed (${listed.length})`,
      details,
      exchanges,
    };
  },
};
