/**
 * HTTP-03 — no version disclosure by the web server: the Server and X-Powered-By headers of the admin page and the
 * body of its error page (a request for a path that does not exist), compared with the declared `disclosure`.
 */
import { randomBytes } from 'node:crypto';
import { undeclaredVersions } from '../protocols/disclosure.js';
import { HTTP_PROTOCOLS, header, request } from '../protocols/http.js';
import type { Check } from '../types.js';
import { servicesWith, short } from './common.js';

export const http03: Check = {
  meta: {
    id: 'HTTP-03',
    title: 'No software versions in HTTP headers or error pages',
    description:
      'Reads the Server and X-Powered-By headers of / and the error page for a path that does not exist. FAIL when ' +
      "they show a software version the service's declared disclosure does not list.",
    passes:
      'responses to / and to a missing path whose headers and error page show no version the declared disclosure does not list',
    intrusiveness: 'safe',
    controls: ['authenticate-before-access'],
    requirements: ['etsi-en-303-645:5.6-2'],
    equivalent: 'testssl server banner; nmap http-headers',
  },
  appliesTo: (target) => servicesWith(target, HTTP_PROTOCOLS),
  async run(ctx) {
    const root = await request(ctx, '/');
    const missing = `/iotassure-${randomBytes(4).toString('hex')}`;
    const error = await request(ctx, missing);
    const headerText = (r: typeof root) =>
      ['server', 'x-powered-by', 'x-aspnet-version']
        .map((h) => header(r.headers, h))
        .filter(Boolean)
        .join('\n');
    const seen = [
      headerText(root),
      headerText(error),
      error.body
        .toString('latin1')
        .replace(/<[^>]*>/g, ' ')
        .slice(0, 4000),
    ].join('\n');
    const versions = undeclaredVersions(seen, ctx.service!.disclosure);
    const exchanges = [
      {
        sent: 'GET /',
        seen: `HTTP ${root.status}; ${short(headerText(root).replace(/\n/g, '; '), 100) || 'no Server header'}`,
      },
      { sent: `GET ${missing} (does not exist)`, seen: `HTTP ${error.status}` },
    ];
    if (versions.length > 0) {
      return {
        verdict: 'FAIL',
        summary: `undeclared version${versions.length === 1 ? '' : 's'} shown: ${versions.join(', ')}`,
        exchanges,
      };
    }
    return { verdict: 'PASS', summary: 'no undeclared software version in headers or the error page', exchanges };
  },
};
