/**
 * NET-04 — minimal unauthenticated disclosure (TS 103 701 5.6-2-2): collect what each declared service shows before
 * login — SSH, telnet and FTP banners, HTTP Server and X-Powered-By, the MQTT broker version under $SYS — and compare
 * the software versions in it with the service's declared `disclosure`.
 */

import type { DeclaredService } from '../../model/verification.js';
import { NetError } from '../net/net.js';
import { undeclaredVersions } from '../protocols/disclosure.js';
import { ftpReply } from '../protocols/ftp.js';
import { header, request } from '../protocols/http.js';
import { mqttConnect, mqttSubscribe, openMqtt } from '../protocols/mqtt.js';
import { SocketReader } from '../protocols/reader.js';
import { LOGIN_PROMPT, PASSWORD_PROMPT, telnetSession } from '../protocols/telnet.js';
import type { Check, CheckContext, Exchange } from '../types.js';
import { short } from './common.js';

const COLLECTORS: Record<string, (ctx: CheckContext) => Promise<string | undefined>> = {
  ssh: async (ctx) => {
    const reader = new SocketReader(await ctx.net.tcp(ctx.address, ctx.service!.port, ctx.signal));
    const r = await reader.until((d) => /\n/.test(d.toString('latin1')), ctx.timeoutMs, ctx.signal);
    reader.socket.destroy();
    return r.data.toString('latin1').split(/\r?\n/)[0];
  },
  telnet: async (ctx) => {
    const socket = await ctx.net.tcp(ctx.address, ctx.service!.port, ctx.signal);
    const { reader } = telnetSession(socket);
    const r = await reader.until(
      (d) => LOGIN_PROMPT.test(d.toString('latin1')) || PASSWORD_PROMPT.test(d.toString('latin1')),
      Math.min(ctx.timeoutMs, 3000),
      ctx.signal,
    );
    socket.destroy();
    return r.data.toString('latin1');
  },
  ftp: async (ctx) => {
    const reader = new SocketReader(await ctx.net.tcp(ctx.address, ctx.service!.port, ctx.signal));
    const greeting = await ftpReply(reader, ctx.timeoutMs, ctx.signal);
    reader.socket.destroy();
    return greeting.text;
  },
  http: async (ctx) => {
    const response = await request(ctx, '/');
    return ['server', 'x-powered-by', 'x-aspnet-version', 'via']
      .map((h) => header(response.headers, h))
      .filter(Boolean)
      .join('\n');
  },
  mqtt: async (ctx) => {
    const connection = await openMqtt(ctx);
    try {
      const connack = await mqttConnect(connection, undefined, ctx.timeoutMs, ctx.signal);
      if (!connack.accepted) return '';
      const codes = await mqttSubscribe(connection, ['$SYS/broker/version'], ctx.timeoutMs, ctx.signal);
      if (!codes || codes[0]! >= 0x80) return '';
      const message = await connection.next('publish', Math.min(ctx.timeoutMs, 1500), ctx.signal);
      return message ? String(message.payload).slice(0, 200) : '';
    } finally {
      connection.close();
    }
  },
};
COLLECTORS.https = COLLECTORS.http!;
COLLECTORS.mqtts = COLLECTORS.mqtt!;

export const net04: Check = {
  meta: {
    id: 'NET-04',
    title: 'No undeclared version disclosure before login',
    description:
      'Reads what each declared SSH, telnet, FTP, HTTP and MQTT service shows without authentication (banners, ' +
      'Server and X-Powered-By headers, $SYS/broker/version) and looks for software versions. FAIL when a version ' +
      "appears that the service's declared disclosure does not list; PASS otherwise.",
    passes:
      'what every readable declared service shows before login, with no software version its disclosure does not list',
    intrusiveness: 'safe',
    controls: ['authenticate-before-access'],
    requirements: ['etsi-en-303-645:5.6-2'],
    equivalent: 'TS 103 701 5.6-2-2; nmap banner, upnp-info',
  },
  appliesTo: () => [undefined],
  async run(ctx) {
    const exchanges: Exchange[] = [];
    const findings: string[] = [];
    let read = 0;
    const services = ctx.target.services.filter((s) => COLLECTORS[s.protocol]);
    if (services.length === 0) {
      return { verdict: 'NOT_APPLICABLE', summary: 'no declared service this check reads banners from' };
    }
    for (const service of services) {
      const label = `${service.protocol} ${service.port}`;
      let text: string | undefined;
      try {
        text = await COLLECTORS[service.protocol]!({ ...ctx, service: service as DeclaredService });
      } catch (error) {
        if (!(error instanceof NetError)) throw error;
        exchanges.push({ sent: label, seen: error.message });
        continue;
      }
      read++;
      const clean = (text ?? '').replace(/[^\x20-\x7e\n]/g, '');
      exchanges.push({ sent: label, seen: short(clean, 120) || '(nothing before login)' });
      for (const version of undeclaredVersions(clean, service.disclosure)) findings.push(`${label}: ${version}`);
    }
    if (findings.length > 0) {
      return {
        verdict: 'FAIL',
        summary: `undeclared software versions shown before login: ${findings.join('; ')}`,
        details: ["declare what may be shown under the service's disclosure, or remove it from banners"],
        exchanges,
      };
    }
    if (read === 0) return { verdict: 'INCONCLUSIVE', summary: 'no declared service could be read', exchanges };
    return {
      verdict: 'PASS',
      summary: `no undeclared version in what ${read} service${read === 1 ? '' : 's'} show before login`,
      exchanges,
    };
  },
};
