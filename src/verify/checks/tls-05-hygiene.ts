/**
 * TLS-05 — protocol hygiene: RFC 5746 secure renegotiation and RFC 7627 extended master secret in the ServerHello,
 * TLS compression (CRIME), and RFC 7507 TLS_FALLBACK_SCSV (a hello below the server's best version carrying the
 * SCSV must get inappropriate_fallback). Heartbleed and ROBOT are not probed.
 */
import { probeHygiene } from '../tls/probe.js';
import { acceptedVersions, isCheckResult, probeTlsService, tlsServices } from '../tls/service.js';
import type { Check, Exchange } from '../types.js';

export const tls05: Check = {
  meta: {
    id: 'TLS-05',
    title: 'TLS protocol hygiene: secure renegotiation, no compression, downgrade protection',
    description:
      'Offers compression and the renegotiation_info and extended_master_secret extensions at the highest version ' +
      'below TLS 1.3, then a lower version with TLS_FALLBACK_SCSV. FAIL when secure renegotiation is missing, ' +
      'compression is accepted, or the fallback is not refused; warns when extended master secret is missing.',
    passes:
      'a ServerHello with secure renegotiation and no compression, and a downgraded hello with TLS_FALLBACK_SCSV refused (or TLS 1.3 only)',
    intrusiveness: 'safe',
    controls: ['secure-communication'],
    requirements: ['etsi-en-303-645:5.5-1'],
    equivalent: 'sslyze --mozilla_config (fallback, renegotiation, compression, EMS); testssl.sh',
  },
  appliesTo: tlsServices,
  async run(ctx) {
    const service = await probeTlsService(ctx);
    if (isCheckResult(service)) return service;
    const { ep, versions } = service;
    const h = await probeHygiene(ep, versions);
    const exchanges: Exchange[] = [];
    const details: string[] = [];
    const problems: string[] = [];
    if (h.version) {
      exchanges.push({
        sent: `${h.version} ClientHello offering DEFLATE, renegotiation_info, extended_master_secret`,
        seen: h.answer ?? '',
      });
      if (h.secureRenegotiation === false) problems.push('no secure renegotiation (RFC 5746)');
      if (h.compression) problems.push('TLS compression accepted (CRIME)');
      details.push(
        `secure renegotiation: ${h.secureRenegotiation ? 'yes' : 'no'}`,
        `compression: ${h.compression ? 'DEFLATE' : 'none'}`,
        `extended master secret: ${h.extendedMasterSecret ? 'yes' : 'no'}`,
      );
      if (h.extendedMasterSecret === false) details.push('warning: no extended master secret (RFC 7627)');
    } else {
      details.push('TLS 1.3 only: renegotiation and compression do not exist there');
    }
    if (h.fallbackAnswer)
      exchanges.push({ sent: 'ClientHello below the best version with TLS_FALLBACK_SCSV', seen: h.fallbackAnswer });
    if (h.fallbackScsv === false) problems.push('a downgraded hello with TLS_FALLBACK_SCSV is accepted (RFC 7507)');
    else if (h.fallbackScsv === undefined) {
      details.push(
        acceptedVersions(versions).length < 2
          ? 'fallback protection: not applicable, only one version is accepted'
          : `fallback protection: unclear (${h.fallbackAnswer ?? 'not probed'})`,
      );
    } else details.push('fallback protection: inappropriate_fallback');
    if (problems.length > 0) return { verdict: 'FAIL', summary: problems.join('; '), details, exchanges };
    return {
      verdict: 'PASS',
      summary: 'secure renegotiation, no compression, and downgrades are refused',
      details,
      exchanges,
    };
  },
};
