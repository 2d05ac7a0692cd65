/** CRED-04 — no default credentials on the MQTT broker: CONNECT with a few default pairs (mqtt-pwn's brute force, capped). */
import { connackText, MQTT_PROTOCOLS, mqttConnect, openMqtt } from '../protocols/mqtt.js';
import type { Check } from '../types.js';
import { defaultsFor, servicesWith, tryDefaults } from './common.js';

export const cred04: Check = {
  meta: {
    id: 'CRED-04',
    title: 'No default credentials on the MQTT broker',
    description:
      'Sends MQTT CONNECTs with a few default user name and password pairs (at most the per-service limit, one per ' +
      'second). FAIL when one is accepted; PASS when all tried are refused.',
    intrusiveness: 'auth-attempt',
    controls: ['user-change-default-credentials', 'password-credential-quality'],
    requirements: ['etsi-en-303-645:5.1-1'],
    equivalent: 'mqtt-pwn brute force',
  },
  appliesTo: (target) => servicesWith(target, MQTT_PROTOCOLS),
  run(ctx) {
    return tryDefaults(ctx, {
      what: 'MQTT CONNECT',
      pairs: defaultsFor(ctx.target),
      attempt: async (pair) => {
        const connection = await openMqtt(ctx);
        try {
          const result = await mqttConnect(connection, pair, ctx.timeoutMs, ctx.signal);
          const seen = connackText(result.code);
          if (result.accepted) return { outcome: 'accepted', seen };
          if (result.authRefused) return { outcome: 'rejected', seen };
          // 0x8A banned, 0x9F connection rate exceeded: the broker is pushing back.
          if (result.code === 0x8a || result.code === 0x9f) return { outcome: 'lockout', seen };
          return { outcome: 'unclear', seen };
        } finally {
          connection.close();
        }
      },
    });
  },
};
