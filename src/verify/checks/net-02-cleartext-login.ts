/**
 * NET-02 — the admin login is not served over cleartext HTTP or FTP: a login page on http:// must redirect to
 * https://; an FTP service must not take a user name and password before TLS (CSA CLS 5.5-1; nmap http-auth-finder,
 * ftp-anon). Nothing but the request for the login page and one FTP USER command (with a made-up name) is sent.
 */
import { ftpReply } from '../protocols/ftp.js';
import { findLoginForm, header } from '../protocols/http.js';
import { SocketReader } from '../protocols/reader.js';
import type { Check, CheckContext, CheckResult } from '../types.js';
import { short } from './common.js';
import { loginPage } from './cred-02-http-defaults.js';

export const net02: Check = {
  meta: {
    id: 'NET-02',
    title: 'No admin login over cleartext HTTP or FTP',
    description:
      'Requests the login page of each cleartext HTTP service that takes credentials, and greets each FTP service. ' +
      'FAIL when a password form or HTTP authentication is served over http://, or FTP asks for a password before ' +
      'TLS; PASS when http:// redirects to https://, or FTP requires AUTH TLS first.',
    passes: 'the http:// login page answers with a redirect to https://, or FTP answers USER with a demand for TLS',
    intrusiveness: 'safe',
    controls: ['secure-communication'],
    requirements: ['etsi-en-303-645:5.5-1', 'etsi-en-303-645:5.5-7'],
    equivalent: 'nmap http-auth-finder, ftp-anon; CSA CLS 5.5-1',
  },
  appliesTo: (target) =>
    target.services.filter(
      (s) =>
        s.protocol === 'ftp' ||
        (s.protocol === 'http' &&
          (s.loginPath !== undefined ||
            (s.protectedPaths?.length ?? 0) > 0 ||
            s.authentication === 'password' ||
            s.authentication === 'token')),
    ),
  run: (ctx) => (ctx.service!.protocol === 'ftp' ? ftp(ctx) : http(ctx)),
};

async function http(ctx: CheckContext): Promise<CheckResult> {
  const path = ctx.service!.loginPath ?? '/';
  const first = await ctx.net.http(
    { host: ctx.address, port: ctx.service!.port, path, headers: { host: `${ctx.target.host}:${ctx.service!.port}` } },
    ctx.signal,
  );
  const location = header(first.headers, 'location') ?? '';
  const sent = `GET http://…:${ctx.service!.port}${path}`;
  if (first.status >= 300 && first.status < 400 && /^https:\/\//i.test(location)) {
    return {
      verdict: 'PASS',
      summary: `http://${path} redirects to HTTPS`,
      exchanges: [{ sent, seen: `HTTP ${first.status} → ${location.replace(/\?.*$/, '')}` }],
    };
  }
  const page = await loginPage(ctx, path);
  const response = page?.response ?? first;
  const challenge = header(response.headers, 'www-authenticate');
  const exchanges = [{ sent, seen: `HTTP ${response.status}${challenge ? ` ${short(challenge, 40)}` : ''}` }];
  if (response.status === 401 && challenge) {
    return {
      verdict: 'FAIL',
      summary: `${page?.path ?? path} asks for ${challenge.split(/\s/)[0]} credentials over cleartext HTTP`,
      exchanges,
    };
  }
  if (findLoginForm(response.body.toString('latin1'), page?.path ?? path)) {
    return { verdict: 'FAIL', summary: `${page?.path ?? path} serves a password form over cleartext HTTP`, exchanges };
  }
  return {
    verdict: 'INCONCLUSIVE',
    summary: `no login was found at ${page?.path ?? path} over HTTP and it does not redirect to HTTPS; declare loginPath`,
    exchanges,
  };
}

async function ftp(ctx: CheckContext): Promise<CheckResult> {
  const socket = await ctx.net.tcp(ctx.address, ctx.service!.port, ctx.signal);
  const reader = new SocketReader(socket);
  try {
    const greeting = await ftpReply(reader, ctx.timeoutMs, ctx.signal);
    const exchanges = [{ sent: 'connect', seen: short(greeting.text, 80) }];
    if (greeting.code !== 220) return { verdict: 'INCONCLUSIVE', summary: 'no FTP greeting', exchanges };
    socket.write('USER iotassure-probe\r\n');
    const user = await ftpReply(reader, ctx.timeoutMs, ctx.signal);
    exchanges.push({ sent: 'USER (a made-up name)', seen: short(user.text, 80) });
    if (user.code === 331 || user.code === 230) {
      return { verdict: 'FAIL', summary: 'FTP takes a user name and password in clear, before any TLS', exchanges };
    }
    if (user.code === 530 || user.code === 534 || /TLS|SSL|AUTH/i.test(user.text)) {
      return { verdict: 'PASS', summary: 'FTP requires TLS (AUTH TLS) before login', exchanges };
    }
    return { verdict: 'INCONCLUSIVE', summary: `unexpected FTP reply ${user.code ?? '(none)'}`, exchanges };
  } finally {
    socket.destroy();
  }
}
