/**
 * CRED-04 — no default credentials on the MQTT broker: CONNECTs with the default pairs, in order, within the budget of
 * the address and port (mqtt-pwn's brute force, capped). A broker that lets anonymous clients in may accept any pair
 * at all; then a random pair is tried first, and if it gets in there is no default to find (CRED-03 judges that).
 */
import { connackText, MQTT_PROTOCOLS, mqttConnect, openMqtt } from '../protocols/mqtt.js';
import type { Check } from '../types.js';
import { defaultsFor, listPlanNote, servicesWith, tryDefaults } from './common.js';
import { mqttLogin } from './login.js';

export const cred04: Check = {
  meta: {
    id: 'CRED-04',
    title: 'No default credentials on the MQTT broker',
    description:
      'Sends MQTT CONNECTs with the default user name and password pairs, in order (within the per-service limit, ' +
      'at most one a second). FAIL when one is accepted; INCONCLUSIVE when the broker accepts any pair (a random one ' +
      'too) or the limit stops the list before its end.',
    passes: 'every pair of the list was sent and refused with "bad user name or password" or "not authorised"',
    intrusiveness: 'auth-attempt',
    credentials: 'shared',
    controls: ['user-change-default-credentials', 'password-credential-quality'],
    requirements: ['etsi-en-303-645:5.1-1'],
    equivalent: 'mqtt-pwn brute force',
  },
  appliesTo: (target) => servicesWith(target, MQTT_PROTOCOLS),
  planNote: (target, _service, allowance) => listPlanNote(defaultsFor(target, 'mqtt'), allowance),
  async run(ctx) {
    // An anonymous CONNECT sends no credential; its answer decides whether "accepts anything" must be ruled out first.
    const connection = await openMqtt(ctx);
    let anonymous: string;
    let open: boolean;
    try {
      const result = await mqttConnect(connection, undefined, ctx.timeoutMs, ctx.signal);
      anonymous = connackText(result.code);
      open = result.accepted;
    } finally {
      connection.close();
    }
    const result = await tryDefaults(ctx, {
      what: 'MQTT CONNECT',
      list: defaultsFor(ctx.target, 'mqtt'),
      control: open ? 'before' : 'after',
      acceptsAny: 'INCONCLUSIVE',
      attempt: (submission) => mqttLogin(ctx, submission),
    });
    return {
      ...result,
      exchanges: [{ sent: 'MQTT CONNECT without credentials', seen: anonymous }, ...(result.exchanges ?? [])],
      ...(result.verdict === 'INCONCLUSIVE' &&
        open && { details: [...(result.details ?? []), 'the broker accepts anonymous clients: see CRED-03'] }),
    };
  },
};
