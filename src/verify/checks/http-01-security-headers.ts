/**
 * HTTP-01 — security headers on the admin page: HSTS of at least 180 days over HTTPS (testssl), framing protection
 * (CSP frame-ancestors or X-Frame-Options) and X-Content-Type-Options: nosniff. A missing CSP or Referrer-Policy
 * is noted but does not fail (nmap http-security-headers reports, OWASP secure headers recommends).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { HTTP_PROTOCOLS, header, isHttps } from '../protocols/http.js';
import type { Check } from '../types.js';
import { servicesWith, short } from './common.js';
import { loginPage } from './cred-02-http-defaults.js';

/** 180 days, testssl's HSTS_MIN. */
export const HSTS_MIN_SECONDS = 15_552_000;

export const http01: Check = {
  meta: {
    id: 'HTTP-01',
    title: 'Security headers on the admin page',
    description:
      'Reads the headers of the admin page (the login path, or /). FAIL when HTTPS has no HSTS of at least 180 days, ' +
      'when framing is not restricted (CSP frame-ancestors or X-Frame-Options), or X-Content-Type-Options: nosniff ' +
      'is missing. A missing CSP or Referrer-Policy is noted.',
    passes:
      'a response from the admin page with framing restricted and nosniff, and over HTTPS an HSTS of at least 180 days',
    intrusiveness: 'safe',
    controls: ['secure-ecosystem-interfaces'],
    requirements: ['etsi-en-303-645:5.5-1'],
    equivalent: 'nmap http-security-headers; testssl HSTS; OWASP secure headers',
  },
  appliesTo: (target) => servicesWith(target, HTTP_PROTOCOLS),
  async run(ctx) {
    const path = ctx.service!.loginPath ?? '/';
    const page = await loginPage(ctx, path);
    if (!page) return { verdict: 'INCONCLUSIVE', summary: `${path} redirects outside this service` };
    const https = isHttps(ctx.service!);
    const { problems, notes } = judgeHeaders(page.response.headers, https);
    const exchanges = [
      {
        sent: `GET ${page.path}`,
        seen: `HTTP ${page.response.status}; ${[
          'strict-transport-security',
          'content-security-policy',
          'x-frame-options',
          'x-content-type-options',
          'referrer-policy',
        ]
          .map((h) => `${h}: ${short(header(page.response.headers, h) ?? '—', 60)}`)
          .join('; ')}`,
      },
    ];
    if (problems.length > 0) {
      return { verdict: 'FAIL', summary: problems.join('; '), details: notes, exchanges };
    }
    return {
      verdict: 'PASS',
      summary: https
        ? 'HSTS, framing protection and nosniff are set'
        : 'framing protection and nosniff are set (HSTS is not judged over plain HTTP, where browsers ignore it)',
      details: notes,
      exchanges,
    };
  },
};

export function judgeHeaders(headers: IncomingHttpHeaders, https: boolean): { problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  if (https) {
    const hsts = header(headers, 'strict-transport-security');
    const maxAge = hsts ? Number(/max-age\s*=\s*"?(\d+)/i.exec(hsts)?.[1] ?? Number.NaN) : undefined;
    if (!hsts) problems.push('no Strict-Transport-Security over HTTPS');
    else if (!(maxAge! >= HSTS_MIN_SECONDS)) problems.push(`HSTS max-age ${maxAge} is shorter than 180 days`);
  }
  const csp = header(headers, 'content-security-policy');
  const xfo = header(headers, 'x-frame-options');
  if (!/frame-ancestors/i.test(csp ?? '') && !/^\s*(deny|sameorigin)\b/i.test(xfo ?? '')) {
    problems.push('framing is not restricted (no CSP frame-ancestors, no X-Frame-Options)');
  }
  if (!/^\s*nosniff\s*$/i.test(header(headers, 'x-content-type-options') ?? '')) {
    problems.push('no X-Content-Type-Options: nosniff');
  }
  if (!csp) notes.push('no Content-Security-Policy');
  if (!header(headers, 'referrer-policy')) notes.push('no Referrer-Policy');
  return { problems, notes };
}
