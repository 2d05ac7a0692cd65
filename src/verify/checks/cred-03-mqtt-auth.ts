/**
 * CRED-03 — the MQTT broker requires authentication: an MQTT 3.1.1 CONNECT without user name or password, judged by
 * the CONNACK return code (nmap mqtt-subscribe, mqtt-pwn). Nothing is subscribed or published.
 */
import { NetError } from '../net/net.js';
import { connackText, MQTT_PROTOCOLS, mqttConnect, openMqtt } from '../protocols/mqtt.js';
import type { Check } from '../types.js';
import { servicesWith } from './common.js';

export const cred03: Check = {
  meta: {
    id: 'CRED-03',
    title: 'The MQTT broker requires authentication',
    description:
      'Sends an MQTT CONNECT without credentials. FAIL when the broker accepts it (CONNACK 0); PASS when it refuses ' +
      'with "bad user name or password" or "not authorised" (or, for MQTT over TLS with client certificates, refuses ' +
      'the handshake); INCONCLUSIVE without a CONNACK.',
    passes:
      'a CONNACK refusing the anonymous CONNECT ("bad user name or password" or "not authorised"), or, where client certificates are declared, a TLS alert asking for one',
    intrusiveness: 'safe',
    controls: ['authenticate-before-access'],
    requirements: ['etsi-en-303-645:5.5-4', 'etsi-en-303-645:5.5-5'],
    equivalent: 'nmap mqtt-subscribe; mqtt-pwn',
  },
  appliesTo: (target) => servicesWith(target, MQTT_PROTOCOLS),
  async run(ctx) {
    let connection: Awaited<ReturnType<typeof openMqtt>>;
    try {
      connection = await openMqtt(ctx);
    } catch (error) {
      // only an alert about the missing certificate shows that one is required; other TLS failures show nothing
      if (
        error instanceof NetError &&
        error.kind === 'tls' &&
        ctx.service!.authentication === 'certificate' &&
        /certificate required|alert number 116|handshake failure|alert number 40\b|bad certificate/i.test(error.message)
      ) {
        return {
          verdict: 'PASS',
          summary: 'the broker refused the TLS handshake of a client without a certificate',
          exchanges: [{ sent: 'TLS ClientHello without a client certificate', seen: error.message }],
        };
      }
      throw error;
    }
    try {
      const result = await mqttConnect(connection, undefined, ctx.timeoutMs, ctx.signal);
      const exchanges = [{ sent: 'MQTT 3.1.1 CONNECT without user name or password', seen: connackText(result.code) }];
      if (result.accepted) {
        const declared = ctx.service!.authentication === 'none' ? ' (declared as authentication: none)' : '';
        return {
          verdict: 'FAIL',
          summary: `the broker accepts clients without credentials${declared}`,
          exchanges,
        };
      }
      if (result.authRefused) {
        return {
          verdict: 'PASS',
          summary: `the broker refuses anonymous clients (${connackText(result.code)})`,
          exchanges,
        };
      }
      return {
        verdict: 'INCONCLUSIVE',
        summary:
          result.code === undefined
            ? 'no CONNACK: not an MQTT broker, or it dropped the connection'
            : `unexpected ${connackText(result.code)}`,
        exchanges,
      };
    } finally {
      connection.close();
    }
  },
};
