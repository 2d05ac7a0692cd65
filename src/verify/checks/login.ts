/** One login attempt on any password-protected service a check knows how to talk to. */
import type { Submission } from '../net/credentials.js';
import { ftpLogin } from '../protocols/ftp.js';
import { HTTP_PROTOCOLS, header } from '../protocols/http.js';
import { connackText, MQTT_PROTOCOLS, mqttConnect, openMqtt } from '../protocols/mqtt.js';
import { sshPasswordLogin } from '../protocols/ssh.js';
import { telnetLogin } from '../protocols/telnet.js';
import type { CheckContext } from '../types.js';
import type { AttemptOutcome } from './common.js';
import { basicAttempt, formLogin, loginPage } from './cred-02-http-defaults.js';

export const LOGIN_PROTOCOLS = ['telnet', 'ssh', 'ftp', ...MQTT_PROTOCOLS, ...HTTP_PROTOCOLS];

export async function loginOnce(
  ctx: CheckContext,
  submission: Submission,
): Promise<{ outcome: AttemptOutcome; seen: string }> {
  const service = ctx.service!;
  const connect = () => ctx.net.tcp(ctx.address, service.port, ctx.signal);
  switch (service.protocol) {
    case 'telnet': {
      const r = await telnetLogin(await connect(), submission, ctx.timeoutMs, ctx.signal);
      return { outcome: r.result, seen: r.seen };
    }
    case 'ssh': {
      const r = await sshPasswordLogin(await connect(), submission, ctx.timeoutMs, ctx.signal);
      const outcome: AttemptOutcome =
        r.result === 'error' ? 'unclear' : r.result === 'no-password-auth' ? 'not-offered' : r.result;
      return { outcome, seen: r.detail };
    }
    case 'ftp':
      return ftpLogin(await connect(), submission, ctx.timeoutMs, ctx.signal);
    case 'mqtt':
    case 'mqtts':
      return mqttLogin(ctx, submission);
    default: {
      const path = service.loginPath ?? '/';
      const page = await loginPage(ctx, path);
      if (!page) return { outcome: 'no-prompt', seen: 'the login page redirects elsewhere' };
      if (page.response.status === 401 && /^\s*basic/i.test(header(page.response.headers, 'www-authenticate') ?? '')) {
        return basicAttempt(ctx, page.path, submission);
      }
      const r = await formLogin(ctx, page.path, submission);
      return { outcome: r.outcome, seen: r.seen };
    }
  }
}

/** An MQTT CONNECT with the submission, judged by the CONNACK: 0x8A banned and 0x9F rate exceeded are lockout signs. */
export async function mqttLogin(
  ctx: CheckContext,
  submission: Submission,
): Promise<{ outcome: AttemptOutcome; seen: string }> {
  const connection = await openMqtt(ctx);
  try {
    const r = await mqttConnect(connection, submission, ctx.timeoutMs, ctx.signal);
    const outcome: AttemptOutcome = r.accepted
      ? 'accepted'
      : r.authRefused
        ? 'rejected'
        : r.code === 0x8a || r.code === 0x9f
          ? 'lockout'
          : 'unclear';
    return { outcome, seen: connackText(r.code) };
  } finally {
    connection.close();
  }
}
