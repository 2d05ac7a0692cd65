/**
 * MQTT-01 — wildcard and $SYS subscriptions are not granted to anonymous or low-privilege clients. SUBSCRIBE `#` and
 * `$SYS/#` and read the SUBACK codes (0x80 = refused). A grant is confirmed by listening briefly: mosquitto, for one,
 * answers SUBACK "granted" to subscriptions its ACL then filters, so a grant alone is not proof of exposure. Never
 * PUBLISH; keep only topic names and counts — never payloads, except the broker version under $SYS.
 */

import type { Submission } from '../net/credentials.js';
import { connackText, MQTT_PROTOCOLS, mqttConnect, mqttSubscribe, openMqtt, topicMatches } from '../protocols/mqtt.js';
import type { Check, CheckContext, Exchange } from '../types.js';
import { servicesWith } from './common.js';

const WILDCARDS = ['#', '$SYS/#'];

export const mqtt01: Check = {
  meta: {
    id: 'MQTT-01',
    title: 'No wildcard or $SYS subscriptions for anonymous clients',
    description:
      'Connects without credentials (and with the low-privilege test account, when one is given), subscribes to ' +
      '"#" and "$SYS/#" and listens briefly. FAIL when a granted wildcard delivers $SYS or non-public topics; PASS ' +
      'when both are refused, or the broker refuses the client itself; INCONCLUSIVE when SUBACK grants but nothing ' +
      'arrives (brokers such as mosquitto grant and then filter by ACL). Never publishes; keeps topic names and ' +
      'counts, not payloads.',
    passes:
      'SUBACK refusing "#" and "$SYS/#", or a CONNACK refusing the client itself ("bad user name or password" or "not authorised")',
    intrusiveness: 'safe',
    credentials: 'shared',
    controls: ['authenticate-before-access'],
    requirements: ['etsi-en-303-645:5.5-4', 'etsi-en-303-645:5.6-2'],
    equivalent: 'nmap mqtt-subscribe; mqtt-pwn topic discovery',
  },
  appliesTo: (target) => servicesWith(target, MQTT_PROTOCOLS),
  async run(ctx) {
    const identities: { label: string; pair?: { username: string; password: string } }[] = [{ label: 'anonymous' }];
    const valid = ctx.target.credentials?.valid;
    if (valid) identities.push({ label: 'the test account', pair: valid });
    const publicTopics = ctx.service!.publicTopics ?? [];
    const exchanges: Exchange[] = [];
    const details: string[] = [];
    const exposed: string[] = [];
    const silent: string[] = [];
    let connected = 0;
    let answered = 0;
    let refused = 0;
    for (const identity of identities) {
      const pair = identity.pair && (await ctx.credential(identity.pair, 'test account CONNECT'));
      if (identity.pair && !pair) {
        details.push('no credential submission was left for the test account: only anonymous clients were tried');
        continue;
      }
      const result = await subscribeAs(ctx, pair || undefined);
      exchanges.push(...result.exchanges);
      if (result.refused) refused++;
      if (!result.connected) continue;
      connected++;
      if (!result.codes) continue;
      answered++;
      details.push(...result.details.map((d) => `${identity.label}: ${d}`));
      WILDCARDS.forEach((filter, i) => {
        if ((result.codes![i] ?? 0x80) >= 0x80) return;
        const delivered = result.topics.filter(
          (t) => topicMatches(filter, t) && !publicTopics.some((p) => topicMatches(p, t)),
        );
        if (delivered.length > 0)
          exposed.push(
            `"${filter}" to ${identity.label} (${delivered.length} non-public topic${delivered.length === 1 ? '' : 's'})`,
          );
        else silent.push(`"${filter}" to ${identity.label}`);
      });
    }
    if (exposed.length > 0) {
      return { verdict: 'FAIL', summary: `the broker grants ${exposed.join(' and ')}`, details, exchanges };
    }
    if (connected === 0 && refused === 0) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: 'the broker sent no CONNACK that refuses or admits a client',
        details,
        exchanges,
      };
    }
    if (connected === 0) {
      return {
        verdict: 'PASS',
        summary: valid
          ? 'no tested client could connect, so none can subscribe'
          : 'the broker refuses anonymous clients, so they cannot subscribe (no low-privilege test account was given)',
        details,
        exchanges,
      };
    }
    if (answered < connected) {
      return { verdict: 'INCONCLUSIVE', summary: 'the broker did not answer the subscription', details, exchanges };
    }
    if (silent.length > 0) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `SUBACK grants ${silent.join(' and ')}, but nothing non-public arrived: the broker may filter by ACL`,
        details,
        exchanges,
      };
    }
    return { verdict: 'PASS', summary: 'the broker refuses "#" and "$SYS/#" subscriptions', details, exchanges };
  },
};

async function subscribeAs(
  ctx: CheckContext,
  pair: Submission | undefined,
): Promise<{
  connected: boolean;
  refused: boolean;
  codes?: number[];
  topics: string[];
  details: string[];
  exchanges: Exchange[];
}> {
  const who = pair ? 'the test account' : 'no credentials';
  const connection = await openMqtt(ctx);
  try {
    const connack = await mqttConnect(connection, pair, ctx.timeoutMs, ctx.signal);
    const exchanges: Exchange[] = [{ sent: `MQTT CONNECT with ${who}`, seen: connackText(connack.code) }];
    if (!connack.accepted)
      return { connected: false, refused: connack.authRefused, topics: [], details: [], exchanges };
    const codes = await mqttSubscribe(connection, WILDCARDS, ctx.timeoutMs, ctx.signal);
    exchanges.push({
      sent: `SUBSCRIBE ${WILDCARDS.map((t) => `"${t}"`).join(', ')}`,
      seen: codes
        ? `SUBACK ${codes.map((c) => (c >= 0x80 ? `0x${c.toString(16)} (refused)` : `QoS ${c} (granted)`)).join(', ')}`
        : 'no SUBACK',
    });
    const details: string[] = [];
    let topics: string[] = [];
    if (codes?.some((c) => c < 0x80)) {
      // Listen briefly to see what the grant exposes: topic names and counts only, never payloads.
      const window = Math.min(ctx.timeoutMs, 1500);
      await new Promise((resolve) => setTimeout(resolve, window));
      const messages = connection.drain('publish');
      topics = [...new Set(messages.map((m) => m.topic))];
      const version = messages.find((m) => m.topic === '$SYS/broker/version');
      details.push(
        `received ${messages.length} message${messages.length === 1 ? '' : 's'} on ${topics.length} topic${topics.length === 1 ? '' : 's'} in ${window} ms` +
          (topics.length > 0 ? `: ${topics.slice(0, 8).join(', ')}${topics.length > 8 ? ', …' : ''}` : ''),
      );
      if (version) details.push(`$SYS/broker/version: ${String(version.payload).slice(0, 80)}`);
    }
    return { connected: true, refused: false, codes, topics, details, exchanges };
  } finally {
    connection.close();
  }
}
