/**
 * TLS-01 — protocol versions: one raw ClientHello per version from SSLv2 to TLSv1.3 (Node's TLS as a second opinion
 * for TLSv1–1.3 when the raw hello is refused), compared with the versions the service declares.
 */
import type { TlsVersionName } from '../tls/profiles.js';
import { acceptedVersions, isCheckResult, probeTlsService, tlsServices } from '../tls/service.js';
import type { Check } from '../types.js';

const DEPRECATED: TlsVersionName[] = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1'];

export const tls01: Check = {
  meta: {
    id: 'TLS-01',
    title: 'Only TLS 1.2 and 1.3 are accepted',
    description:
      'Sends one ClientHello per protocol version (SSLv2, SSLv3, TLSv1.0–1.3) and records which the server accepts. ' +
      'FAIL when SSLv2, SSLv3, TLSv1.0 or TLSv1.1 is accepted, when neither TLSv1.2 nor TLSv1.3 is, or when the ' +
      'accepted versions differ from the declared `tls.versions`; PASS otherwise.',
    passes:
      'a handshake at TLSv1.2 or TLSv1.3, every older version refused, and the accepted versions equal to the declared ones',
    intrusiveness: 'safe',
    controls: [
      'secure-communication',
      'personal-data-in-transit-protection',
      'sensitive-personal-data-in-transit-protection',
      'security-testing',
    ],
    requirements: ['etsi-en-303-645:5.5-1', 'etsi-en-303-645:5.8-2'],
    equivalent: 'testssl.sh protocols; sslyze --mozilla_config; nmap ssl-enum-ciphers (versions)',
  },
  appliesTo: tlsServices,
  async run(ctx) {
    const service = await probeTlsService(ctx);
    if (isCheckResult(service)) return service;
    const { versions } = service;
    const accepted = acceptedVersions(versions);
    const exchanges = [...versions.values()].map((v) => ({
      sent: `ClientHello ${v.version}${v.via === 'node' ? ' (Node TLS)' : ''}`,
      seen: v.answer,
    }));
    const problems: string[] = [];
    const deprecated = accepted.filter((v) => DEPRECATED.includes(v));
    if (deprecated.length > 0) problems.push(`accepts deprecated ${deprecated.join(', ')}`);
    if (!accepted.includes('TLSv1.2') && !accepted.includes('TLSv1.3'))
      problems.push('accepts neither TLSv1.2 nor TLSv1.3');
    const declared = ctx.service!.tls?.versions as TlsVersionName[] | undefined;
    if (declared) {
      const undeclared = accepted.filter((v) => !declared.includes(v) && !deprecated.includes(v));
      const missing = declared.filter((v) => !accepted.includes(v));
      if (undeclared.length > 0) problems.push(`accepts ${undeclared.join(', ')}, not declared`);
      if (missing.length > 0) problems.push(`refuses declared ${missing.join(', ')}`);
    }
    const details = [
      `accepted: ${accepted.join(', ')}`,
      `declared: ${declared?.join(', ') ?? 'not stated (TLSv1.2, TLSv1.3 expected)'}`,
    ];
    if (problems.length > 0) {
      return { verdict: 'FAIL', summary: `the server ${problems.join('; ')}`, details, exchanges };
    }
    return { verdict: 'PASS', summary: `the server accepts only ${accepted.join(' and ')}`, details, exchanges };
  },
};
