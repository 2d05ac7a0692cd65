/**
 * HTTP-02 — session cookies carry HttpOnly, and Secure over HTTPS. The cookies come from the login page, or — when
 * the target gives a valid test account and the page has a login form — from the response to logging in with it.
 * A missing SameSite is noted.
 */
import { cookies, findLoginForm, HTTP_PROTOCOLS, isHttps } from '../protocols/http.js';
import { pairLabel } from '../redact.js';
import type { Check, Exchange } from '../types.js';
import { servicesWith } from './common.js';
import { formLogin, loginPage } from './cred-02-http-defaults.js';

export const http02: Check = {
  meta: {
    id: 'HTTP-02',
    title: 'Session cookies are HttpOnly and Secure',
    description:
      'Reads the cookies the admin page sets (after logging in with the valid test account, when one is given). ' +
      'FAIL when a cookie lacks HttpOnly, or Secure over HTTPS; NOT_APPLICABLE when no cookie is set.',
    passes: 'the cookies the admin page (or the test-account login) sets, each with HttpOnly, and Secure over HTTPS',
    intrusiveness: 'safe',
    credentials: 'shared',
    controls: ['secure-ecosystem-interfaces'],
    requirements: ['etsi-en-303-645:5.5-1'],
    equivalent: 'nmap http-security-headers (Set-Cookie)',
  },
  appliesTo: (target) => servicesWith(target, HTTP_PROTOCOLS),
  async run(ctx) {
    const path = ctx.service!.loginPath ?? '/';
    const page = await loginPage(ctx, path);
    if (!page) return { verdict: 'INCONCLUSIVE', summary: `${path} redirects outside this service` };
    const exchanges: Exchange[] = [{ sent: `GET ${page.path}`, seen: `HTTP ${page.response.status}` }];
    let found = cookies(page.response.headers);
    const valid = ctx.target.credentials?.valid;
    const form = findLoginForm(page.response.body.toString('latin1'), page.path);
    const submission = valid && form ? await ctx.credential(valid, 'test account login') : undefined;
    if (submission) {
      const login = await formLogin(ctx, page.path, submission);
      exchanges.push({ sent: `login with ${pairLabel(submission, 0, 'test account')}`, seen: login.seen });
      if (login.response) found = [...found, ...cookies(login.response.headers)];
    }
    if (found.length === 0) {
      return valid && form && !submission
        ? {
            verdict: 'INCONCLUSIVE',
            summary:
              'the login page sets no cookie, and no credential submission was left to log in with the test account and see the session cookie',
            exchanges,
          }
        : { verdict: 'NOT_APPLICABLE', summary: 'no cookie is set', exchanges };
    }
    exchanges.push({
      sent: 'Set-Cookie',
      seen: found.map((c) => `${c.name}; ${c.attributes.join('; ') || '(no attributes)'}`).join(' | '),
    });
    const https = isHttps(ctx.service!);
    const problems = found.flatMap((c) => [
      ...(c.httpOnly ? [] : [`${c.name} lacks HttpOnly`]),
      ...(https && !c.secure ? [`${c.name} lacks Secure`] : []),
    ]);
    const notes = found.filter((c) => !c.sameSite).map((c) => `${c.name} has no SameSite`);
    if (problems.length > 0) return { verdict: 'FAIL', summary: problems.join('; '), details: notes, exchanges };
    return {
      verdict: 'PASS',
      summary: `${found.length} cookie${found.length === 1 ? '' : 's'} with HttpOnly${https ? ' and Secure' : ''}`,
      details: notes,
      exchanges,
    };
  },
};
