/**
 * HTTP helpers for the admin-page checks: requests through Net to the service a check runs on, cookies, login
 * forms and version strings. Forms are found with a tolerant scan of the HTML, not a full parser: device admin pages
 * are small and often malformed, and we only need the form's action, method and input names.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { DeclaredService } from '../../model/verification.js';
import type { Submission } from '../net/credentials.js';
import type { HttpResponse } from '../net/net.js';
import type { CheckContext } from '../types.js';
import { isLockoutText } from './telnet.js';

export const HTTP_PROTOCOLS = ['http', 'https'];

export function isHttps(service: DeclaredService): boolean {
  return service.protocol === 'https';
}

/** One request to the check's service, at ctx.address with the target's name in Host (and SNI). */
export function request(
  ctx: CheckContext,
  path: string,
  options: { method?: 'GET' | 'HEAD' | 'POST'; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResponse> {
  const service = ctx.service!;
  const servername = /^[\d.:]+$/.test(ctx.target.host) ? undefined : ctx.target.host;
  return ctx.net.http(
    {
      host: ctx.address,
      port: service.port,
      path,
      method: options.method ?? 'GET',
      headers: { host: `${ctx.target.host}:${service.port}`, accept: 'text/html,*/*', ...options.headers },
      body: options.body,
      tls: isHttps(service) ? (servername ? { servername } : {}) : undefined,
      maxBytes: 256 * 1024,
    },
    ctx.signal,
  );
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

export interface Cookie {
  name: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: string;
  /** the attribute names as sent, for evidence (never the value) */
  attributes: string[];
}

export function cookies(headers: IncomingHttpHeaders): Cookie[] {
  return (headers['set-cookie'] ?? []).map((line) => {
    const [pair = '', ...parts] = line.split(';');
    const attributes = parts.map((p) => p.trim()).filter(Boolean);
    const names = attributes.map((a) => a.split('=')[0]!.trim().toLowerCase());
    const sameSite = attributes
      .find((a) => /^samesite=/i.test(a))
      ?.split('=')[1]
      ?.trim();
    return {
      name: pair.split('=')[0]!.trim(),
      secure: names.includes('secure'),
      httpOnly: names.includes('httponly'),
      sameSite,
      attributes: attributes.map((a) => a.split('=')[0]!.trim()),
    };
  });
}

/** The Cookie header that sends back what a response set. */
export function cookieHeader(headers: IncomingHttpHeaders): string | undefined {
  const pairs = (headers['set-cookie'] ?? []).map((line) => line.split(';')[0]!.trim()).filter(Boolean);
  return pairs.length > 0 ? pairs.join('; ') : undefined;
}

export interface LoginForm {
  action: string;
  method: 'GET' | 'POST';
  userField?: string;
  passwordField: string;
  /** hidden and other fields to send back as they are (CSRF tokens and the like) */
  hidden: Record<string, string>;
}

const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
};

/** The first form with a password input, or undefined. */
export function findLoginForm(html: string, pagePath: string): LoginForm | undefined {
  const forms = html.match(/<form\b[\s\S]*?(?:<\/form>|$)/gi) ?? [];
  for (const form of forms) {
    const inputs = form.match(/<input\b[^>]*>/gi) ?? [];
    const password = inputs.find((i) => (attr(i, 'type') ?? '').toLowerCase() === 'password');
    const passwordField = password && attr(password, 'name');
    if (!passwordField) continue;
    const openTag = /<form\b[^>]*>/i.exec(form)?.[0] ?? '';
    const hidden: Record<string, string> = {};
    let userField: string | undefined;
    for (const input of inputs) {
      const type = (attr(input, 'type') ?? 'text').toLowerCase();
      const name = attr(input, 'name');
      if (!name || name === passwordField) continue;
      if (type === 'hidden') hidden[name] = decodeEntities(attr(input, 'value') ?? '');
      else if (!userField && ['text', 'email'].includes(type)) userField = name;
    }
    const action = decodeEntities(attr(openTag, 'action') ?? '') || pagePath;
    const method = (attr(openTag, 'method') ?? 'GET').toUpperCase() === 'POST' ? 'POST' : 'GET';
    return { action: resolvePath(action, pagePath), method, userField, passwordField, hidden };
  }
  return undefined;
}

/** The Authorization header for HTTP Basic: only a charged Submission can be put in one. */
export function basicAuthorization(submission: Submission): string {
  return `Basic ${Buffer.from(`${submission.username}:${submission.password}`).toString('base64')}`;
}

/** A response to credentials that signals a lockout: 423 Locked, 429 Too Many Requests, or a lockout message. */
export function signalsLockout(response: HttpResponse): boolean {
  return response.status === 423 || response.status === 429 || isLockoutText(response.body.toString('latin1'));
}

/** True when the page asks for a password: a password input or an HTTP authentication challenge. */
export function asksForPassword(response: HttpResponse): boolean {
  if (response.status === 401) return true;
  return /<input\b[^>]*type\s*=\s*["']?password/i.test(response.body.toString('latin1'));
}

/** Resolves a form action or Location against the page's path; only same-origin paths are returned. */
export function resolvePath(target: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
    try {
      const url = new URL(target);
      return `${url.pathname}${url.search}`;
    } catch {
      return base;
    }
  }
  if (target.startsWith('/')) return target;
  const dir = base.replace(/[^/]*$/, '');
  return `${dir}${target}`;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

export function title(html: string): string | undefined {
  return /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
}
