/**
 * CRED-02 — no default credentials on the HTTP(S) admin page. IoTSeeker's pattern: fingerprint the page first and
 * try only that vendor's documented default (else the device class's list, in order of prevalence), through HTTP
 * Basic or the page's login form, within the budget of the address and port.
 * A form login succeeded when the failure marker is absent: no password field, no failure message, and — when the
 * target declares protected paths — a 200 on the first of them with the session the login returned.
 */
import { type CredentialList, HTTP_FINGERPRINTS, type HttpFingerprint } from '../data/default-credentials.js';
import type { Submission } from '../net/credentials.js';
import type { HttpResponse } from '../net/net.js';
import {
  asksForPassword,
  basicAuthorization,
  cookieHeader,
  findLoginForm,
  HTTP_PROTOCOLS,
  header,
  type LoginForm,
  request,
  resolvePath,
  signalsLockout,
  title,
} from '../protocols/http.js';
import type { Check, CheckContext } from '../types.js';
import { type AttemptOutcome, defaultsFor, listPlanNote, servicesWith, short, tryDefaults } from './common.js';

const FAILURE_TEXT =
  /(?:invalid|incorrect|wrong|bad) (?:user|username|password|credentials|login)|login failed|authentication failed|access denied|try again/i;

export const cred02: Check = {
  meta: {
    id: 'CRED-02',
    title: 'No default credentials on the HTTP admin page',
    description:
      "Fingerprints the admin page, then tries the vendor's documented default (else the device class's list, in " +
      'order of prevalence) through HTTP Basic authentication or the login form, within the per-service limit. FAIL ' +
      'when a default is accepted and a random pair is not; INCONCLUSIVE when the limit stops the list before its end.',
    passes: 'every pair of the list was sent and clearly rejected',
    intrusiveness: 'auth-attempt',
    credentials: 'shared',
    controls: ['user-change-default-credentials', 'password-credential-quality'],
    requirements: ['etsi-en-303-645:5.1-1'],
    equivalent: 'IoTSeeker devices.cfg; nmap http-default-accounts; routersploit http_basic_digest_default',
  },
  appliesTo: (target) => servicesWith(target, HTTP_PROTOCOLS),
  planNote: (target, _service, allowance) =>
    `${listPlanNote(defaultsFor(target, 'web'), allowance)}; a recognised vendor's documented default replaces the list`,
  async run(ctx) {
    const path = ctx.service!.loginPath ?? '/';
    const page = await loginPage(ctx, path);
    if (!page) return { verdict: 'INCONCLUSIVE', summary: `the login page at ${path} redirects outside this service` };
    const { response, path: loginPath } = page;
    const body = response.body.toString('latin1');
    const vendor = fingerprint(response, body);
    const list: CredentialList =
      !ctx.target.credentials?.defaults && vendor
        ? { name: `documented ${vendor.vendor} defaults`, pairs: vendor.credentials }
        : defaultsFor(ctx.target, 'web');
    const details = [vendor ? `fingerprint: ${vendor.vendor}` : 'fingerprint: none matched; generic list'];
    const challenge = header(response.headers, 'www-authenticate') ?? '';
    if (response.status === 401 && /^\s*basic/i.test(challenge)) {
      const result = await tryDefaults(ctx, {
        what: `HTTP Basic login on ${loginPath}`,
        list,
        attempt: (pair) => basicAttempt(ctx, loginPath, pair),
      });
      return { ...result, details: [...details, ...(result.details ?? [])] };
    }
    if (response.status === 401) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `the page asks for ${short(challenge, 40) || 'an unknown'} authentication, which this check does not try`,
        details,
      };
    }
    const form = findLoginForm(body, loginPath);
    if (!form) {
      return {
        verdict: 'NOT_APPLICABLE',
        summary: `no login found at ${loginPath} (HTTP ${response.status}, no authentication challenge, no password form)`,
        details: [...details, 'declare loginPath for the service if the login page is elsewhere'],
      };
    }
    const result = await tryDefaults(ctx, {
      what: `login form ${form.method} ${form.action}`,
      list,
      attempt: (pair) => formAttempt(ctx, loginPath, pair),
    });
    return { ...result, details: [...details, ...(result.details ?? [])] };
  },
};

/** GET the login page, following at most two redirects that stay on this service. */
export async function loginPage(
  ctx: CheckContext,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ response: HttpResponse; path: string } | undefined> {
  let current = path;
  for (let hop = 0; hop < 3; hop++) {
    const response = await request(ctx, current, { headers });
    const location = header(response.headers, 'location');
    if (response.status < 300 || response.status >= 400 || !location) return { response, path: current };
    const next = sameService(ctx, location, current);
    if (next === undefined) return hop === 0 ? { response, path: current } : undefined;
    current = next;
  }
  return undefined;
}

/** The path a Location points to when it stays on this host, port and scheme; undefined otherwise. */
export function sameService(ctx: CheckContext, location: string, base: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(location) && !location.startsWith('//')) return resolvePath(location, base);
  try {
    const url = new URL(location, 'http://placeholder');
    const scheme = ctx.service!.protocol === 'https' ? 'https:' : 'http:';
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (url.protocol !== scheme || port !== ctx.service!.port) return undefined;
    if (host !== ctx.address && host !== ctx.target.host) return undefined;
    return `${url.pathname}${url.search}`;
  } catch {
    return undefined;
  }
}

function fingerprint(response: HttpResponse, body: string): HttpFingerprint | undefined {
  const server = header(response.headers, 'server') ?? '';
  const realm = header(response.headers, 'www-authenticate') ?? '';
  const pageTitle = title(body) ?? '';
  const has = (haystack: string, needles: string[] | undefined) =>
    (needles ?? []).some((n) => haystack.toLowerCase().includes(n.toLowerCase()));
  return HTTP_FINGERPRINTS.find(
    (f) => has(server, f.server) || has(realm, f.realm) || has(pageTitle, f.title) || has(body, f.body),
  );
}

export async function basicAttempt(
  ctx: CheckContext,
  path: string,
  submission: Submission,
): Promise<{ outcome: AttemptOutcome; seen: string }> {
  const response = await request(ctx, path, { headers: { authorization: basicAuthorization(submission) } });
  const seen = `HTTP ${response.status}`;
  if (signalsLockout(response)) return { outcome: 'lockout', seen };
  if (response.status >= 200 && response.status < 300) return { outcome: 'accepted', seen };
  if (response.status === 401 || response.status === 403) return { outcome: 'rejected', seen };
  return { outcome: 'unclear', seen };
}

/** One form login: a fresh GET for the form's hidden fields and cookies, the POST, and a look at the result. */
export async function formLogin(
  ctx: CheckContext,
  loginPath: string,
  pair: Submission,
): Promise<{ outcome: AttemptOutcome; seen: string; session?: string; response?: HttpResponse }> {
  const page = await request(ctx, loginPath);
  const form: LoginForm | undefined = findLoginForm(page.body.toString('latin1'), loginPath);
  if (!form) return { outcome: 'no-prompt', seen: `HTTP ${page.status}, the login form is gone` };
  const fields = new URLSearchParams({ ...form.hidden });
  if (form.userField) fields.set(form.userField, pair.username);
  fields.set(form.passwordField, pair.password);
  const jar = cookieHeader(page.headers);
  const response =
    form.method === 'POST'
      ? await request(ctx, form.action, {
          method: 'POST',
          body: fields.toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...(jar && { cookie: jar }) },
        })
      : await request(ctx, `${form.action.split('?')[0]}?${fields.toString()}`, {
          headers: jar ? { cookie: jar } : {},
        });
  const body = response.body.toString('latin1');
  const location = header(response.headers, 'location');
  const seen = `HTTP ${response.status}${location ? ` → ${location.replace(/\?.*$/, '')}` : ''}`;
  const session = cookieHeader(response.headers) ?? jar;
  if (signalsLockout(response)) return { outcome: 'lockout', seen, response };
  if (response.status === 401 || response.status === 403 || FAILURE_TEXT.test(body) || asksForPassword(response)) {
    return { outcome: 'rejected', seen, response };
  }
  if (location && (sameService(ctx, location, form.action) ?? '').split('?')[0] === loginPath.split('?')[0]) {
    return { outcome: 'rejected', seen, response };
  }
  const protectedPath = ctx.service!.protectedPaths?.[0];
  if (protectedPath) {
    const check = await request(ctx, protectedPath, { headers: session ? { cookie: session } : {} });
    const ok = check.status >= 200 && check.status < 300 && !asksForPassword(check);
    return {
      outcome: ok ? 'accepted' : 'rejected',
      seen: `${seen}; ${protectedPath} → HTTP ${check.status}`,
      session,
      response,
    };
  }
  if (response.status >= 200 && response.status < 400) return { outcome: 'accepted', seen, session, response };
  return { outcome: 'unclear', seen, response };
}

async function formAttempt(ctx: CheckContext, loginPath: string, pair: Submission) {
  const { outcome, seen } = await formLogin(ctx, loginPath, pair);
  return { outcome, seen };
}
