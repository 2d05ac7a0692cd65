/**
 * CRED-06 — no unauthenticated access to functionality (TS 103 701 5.5-4-2): every HTTP path the target declares as
 * protected is requested without credentials, and — while the budget of the address and port allows — with wrong
 * ones; on MQTT, an anonymous client must not receive messages outside the declared public topics. GET and SUBSCRIBE
 * only: nothing is changed on the device.
 */
import type { HttpResponse } from '../net/net.js';
import {
  asksForPassword,
  basicAuthorization,
  HTTP_PROTOCOLS,
  header,
  request,
  signalsLockout,
} from '../protocols/http.js';
import { connackText, MQTT_PROTOCOLS, mqttConnect, mqttSubscribe, openMqtt, topicMatches } from '../protocols/mqtt.js';
import type { Check, CheckContext, CheckResult, Exchange } from '../types.js';

const MAX_PATHS = 20;
const WRONG = { username: 'iotassure-nobody', password: 'iotassure-wrong' };

export const cred06: Check = {
  meta: {
    id: 'CRED-06',
    title: 'No unauthenticated access to protected functions',
    description:
      'Requests each declared protected HTTP path without credentials and with wrong ones, and listens as an ' +
      'anonymous MQTT client for messages outside the declared public topics. FAIL when a protected path answers ' +
      '2xx without a login, or an anonymous client receives non-public topics. The wrong credentials count against ' +
      'the per-service limit.',
    passes:
      'every declared protected path that exists answers 401, 403, a redirect or a login form without credentials; an anonymous MQTT client is refused, or receives only declared public topics',
    intrusiveness: 'safe',
    credentials: 'shared',
    controls: ['authenticate-before-access', 'secure-ecosystem-interfaces', 'security-testing'],
    requirements: ['etsi-en-303-645:5.5-4', 'etsi-en-303-645:5.5-5'],
    equivalent: 'TS 103 701 5.5-4-2 and 5.5-5-2; EMBA L22 (HNAP/JNAP)',
  },
  appliesTo: (target) => [
    ...target.services.filter((s) => HTTP_PROTOCOLS.includes(s.protocol) && (s.protectedPaths?.length ?? 0) > 0),
    ...target.services.filter((s) => MQTT_PROTOCOLS.includes(s.protocol)),
  ],
  run: (ctx) => (MQTT_PROTOCOLS.includes(ctx.service!.protocol) ? mqttAccess(ctx) : httpAccess(ctx)),
};

/** The answer of a path that asks for a login: 401/403, a redirect (to a login page), or a login form. */
function denies(response: HttpResponse): boolean {
  return (
    response.status === 401 ||
    response.status === 403 ||
    (response.status >= 300 && response.status < 400 && header(response.headers, 'location') !== undefined) ||
    (response.status >= 200 && response.status < 300 && asksForPassword(response))
  );
}

async function httpAccess(ctx: CheckContext): Promise<CheckResult> {
  const paths = (ctx.service!.protectedPaths ?? []).slice(0, MAX_PATHS);
  const exchanges: Exchange[] = [];
  const open: string[] = [];
  const missing: string[] = [];
  const unclear: string[] = [];
  let lockout: string | undefined;
  for (const path of paths) {
    const anonymous = await request(ctx, path);
    const served = anonymous.status >= 200 && anonymous.status < 300 && !asksForPassword(anonymous);
    exchanges.push({
      sent: `GET ${path} with no credentials`,
      seen: `HTTP ${anonymous.status}${served ? ' (content served)' : ''}`,
    });
    if (anonymous.status === 404) {
      missing.push(path);
      continue;
    }
    if (served) {
      open.push(`${path} (no credentials)`);
      continue;
    }
    if (!denies(anonymous)) {
      unclear.push(`${path} (HTTP ${anonymous.status})`);
      continue;
    }
    // Wrong credentials must not get in either; each is a credential submission, charged to the budget.
    const wrong = await ctx.credential(WRONG, `wrong Basic credentials on ${path}`);
    if (!wrong) continue;
    const response = await request(ctx, path, { headers: { authorization: basicAuthorization(wrong) } });
    const reachable = response.status >= 200 && response.status < 300 && !asksForPassword(response);
    exchanges.push({
      sent: `GET ${path} with wrong credentials`,
      seen: `HTTP ${response.status}${reachable ? ' (content served)' : ''}`,
    });
    if (reachable) open.push(`${path} (wrong credentials)`);
    if (signalsLockout(response)) {
      lockout = `HTTP ${response.status} to wrong credentials on ${path}`;
      ctx.lockedOut(lockout);
    }
  }
  const checked = paths.length - missing.length;
  const details = [
    ...(missing.length > 0 ? [`not found (404): ${missing.join(', ')}`] : []),
    ...(lockout ? [`lockout sign: ${lockout}; no more credentials were sent to the device`] : []),
  ];
  if (open.length > 0) {
    return {
      verdict: 'FAIL',
      summary: `protected paths answer without a login: ${open.join(', ')}`,
      details,
      exchanges,
    };
  }
  if (checked === 0) {
    return { verdict: 'INCONCLUSIVE', summary: `none of the declared protected paths exists (HTTP 404)`, exchanges };
  }
  if (unclear.length > 0) {
    return {
      verdict: 'INCONCLUSIVE',
      summary: `protected path${unclear.length === 1 ? '' : 's'} answered neither content nor a login request: ${unclear.join(', ')}`,
      details,
      exchanges,
    };
  }
  return {
    verdict: 'PASS',
    summary: `all ${checked} declared protected path${checked === 1 ? '' : 's'} ask for authentication`,
    details,
    exchanges,
  };
}

async function mqttAccess(ctx: CheckContext): Promise<CheckResult> {
  const publicTopics = ctx.service!.publicTopics ?? [];
  const connection = await openMqtt(ctx);
  try {
    const connack = await mqttConnect(connection, undefined, ctx.timeoutMs, ctx.signal);
    const exchanges: Exchange[] = [{ sent: 'MQTT CONNECT without credentials', seen: connackText(connack.code) }];
    if (!connack.accepted) {
      return connack.authRefused
        ? {
            verdict: 'PASS',
            summary: 'anonymous clients are refused, so no topic is readable without a login',
            exchanges,
          }
        : { verdict: 'INCONCLUSIVE', summary: `unexpected ${connackText(connack.code)}`, exchanges };
    }
    const codes = await mqttSubscribe(connection, ['#'], ctx.timeoutMs, ctx.signal);
    exchanges.push({ sent: 'SUBSCRIBE "#"', seen: codes ? `SUBACK ${codes.join(', ')}` : 'no SUBACK' });
    if (!codes || codes.every((c) => c >= 0x80)) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: 'anonymous clients can connect; "#" was refused, so which topics they can read was not observed',
        exchanges,
      };
    }
    const window = Math.min(ctx.timeoutMs, 1500);
    await new Promise((resolve) => setTimeout(resolve, window));
    const topics = [...new Set(connection.drain('publish').map((m) => m.topic))];
    const exposed = topics.filter((t) => !publicTopics.some((p) => topicMatches(p, t)));
    const details = [`${topics.length} topic${topics.length === 1 ? '' : 's'} seen in ${window} ms (names only)`];
    if (exposed.length > 0) {
      return {
        verdict: 'FAIL',
        summary: `an anonymous client receives ${exposed.length} topic${exposed.length === 1 ? '' : 's'} not declared public: ${exposed.slice(0, 5).join(', ')}${exposed.length > 5 ? ', …' : ''}`,
        details,
        exchanges,
      };
    }
    if (topics.length === 0) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `anonymous clients can subscribe to "#", but no message arrived in ${window} ms`,
        details,
        exchanges,
      };
    }
    return {
      verdict: 'PASS',
      summary: 'an anonymous client receives only the declared public topics',
      details,
      exchanges,
    };
  } finally {
    connection.close();
  }
}
