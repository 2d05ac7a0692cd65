/**
 * TLS-02 — cipher suites: for every accepted version, the suites the server accepts, enumerated the way nmap's
 * ssl-enum-ciphers does (offer, note the choice, remove it, offer the rest), judged by category and against the
 * service's Mozilla profile. Many connections: it runs only where the target allows `intrusive`, at the run's rate.
 */
import { enumerateSuites } from '../tls/probe.js';

import { isCheckResult, plural, probeTlsService, profileOf, tlsServices } from '../tls/service.js';
import { type CipherSuite, isWeak, suiteById, suiteName } from '../tls/suites.js';
import type { Check, Exchange } from '../types.js';

export const tls02: Check = {
  meta: {
    id: 'TLS-02',
    title: 'Only strong cipher suites are accepted',
    description:
      'Enumerates the suites accepted at each protocol version with raw ClientHellos. FAIL when a NULL, anonymous, ' +
      'EXPORT, DES, RC2, RC4, 3DES or IDEA suite is accepted, or a suite outside the Mozilla profile the service ' +
      'declares (intermediate by default); PASS otherwise. Notes CBC-only and no-forward-secrecy servers.',
    passes: 'the accepted suites of every accepted version enumerated, all of them in the declared Mozilla profile',
    intrusiveness: 'intrusive',
    optIn: 'intrusive',
    controls: [
      'secure-communication',
      'personal-data-in-transit-protection',
      'sensitive-personal-data-in-transit-protection',
    ],
    requirements: ['etsi-en-303-645:5.5-1'],
    equivalent: 'nmap ssl-enum-ciphers; testssl.sh cipher categories; sslyze --mozilla_config',
  },
  appliesTo: tlsServices,
  async run(ctx) {
    if (!ctx.target.allow?.includes('intrusive')) {
      return {
        verdict: 'NOT_APPLICABLE',
        summary: 'suite enumeration needs many connections: the target does not allow intrusive checks',
      };
    }
    const service = await probeTlsService(ctx);
    if (isCheckResult(service)) return service;
    const { ep, versions } = service;
    const profile = profileOf(ctx.service);
    const allowed = new Set([...profile.suites, ...profile.tls13Suites]);
    const exchanges: Exchange[] = [];
    const details: string[] = [];
    const all = new Map<number, CipherSuite | undefined>();
    let connections = 0;
    for (const probe of versions.values()) {
      if (!probe.accepted) continue;
      if (probe.version === 'SSLv2') {
        details.push('SSLv2: accepted (every SSLv2 cipher is broken)');
        continue;
      }
      const result = await enumerateSuites(ep, probe.version);
      connections += result.connections;
      for (const id of result.accepted) all.set(id, suiteById(id));
      details.push(`${probe.version}: ${result.accepted.map(suiteName).join(', ') || 'none'}`);
      exchanges.push({
        sent: `${plural(result.connections, 'ClientHello')} at ${probe.version}`,
        seen: `${plural(result.accepted.length, 'suite')} accepted`,
      });
    }
    const suites = [...all.entries()];
    const weak = suites.filter(([, s]) => s && isWeak(s)).map(([id, s]) => `${suiteName(id)} (${s!.category})`);
    const outside = suites.filter(([, s]) => s && !isWeak(s) && !allowed.has(s.name)).map(([id]) => suiteName(id));
    const unknown = suites.filter(([, s]) => !s).map(([id]) => suiteName(id));
    if (!suites.some(([, s]) => s?.mode === 'AEAD')) details.push('warning: no AEAD suite accepted (CBC only)');
    const noFs = suites.filter(([, s]) => s && !s.forwardSecrecy).length;
    if (noFs > 0) details.push(`warning: ${plural(noFs, 'suite')} without forward secrecy`);
    details.push(`${plural(connections, 'connection')} for the enumeration; profile ${profile.name}`);
    const problems: string[] = [];
    if (versions.get('SSLv2')?.accepted) problems.push('SSLv2 ciphers');
    if (weak.length > 0) problems.push(`weak suites ${weak.join(', ')}`);
    if (outside.length > 0) problems.push(`suites outside the Mozilla ${profile.name} profile: ${outside.join(', ')}`);
    if (unknown.length > 0) problems.push(`unknown suites ${unknown.join(', ')}`);
    if (problems.length > 0)
      return { verdict: 'FAIL', summary: `the server accepts ${problems.join('; ')}`, details, exchanges };
    return {
      verdict: 'PASS',
      summary: `all ${plural(suites.length, 'accepted suite')} are in the Mozilla ${profile.name} profile`,
      details,
      exchanges,
    };
  },
};
