/**
 * TLS-04 — the server certificate: key size, signature algorithm (parsed with @peculiar/x509), validity, and the
 * chain to the declared trust anchor or the declared pin. Lifespan, near expiry, self-signing without a pin and a
 * host-name mismatch are warnings.
 */
import { judgeCertificate } from '../tls/judge.js';
import { certificateChain } from '../tls/probe.js';
import { isCheckResult, probeTlsService, profileOf, tlsServices } from '../tls/service.js';
import type { Check } from '../types.js';

export const tls04: Check = {
  meta: {
    id: 'TLS-04',
    title: 'The server certificate is strong, valid and trusted as declared',
    description:
      'Reads the certificate chain of a TLS handshake. FAIL for an RSA key below 2048 bits, an EC key below 256 ' +
      'bits, an MD5 or SHA-1 signature, a certificate outside its validity period, or a chain that does not lead ' +
      'to the declared `tls.anchor` or a leaf that does not match the declared `tls.pin`. Warns when it expires ' +
      'within 30 days, lives longer than 366 days, is self-signed without a pin, or does not name `tls.hostname`.',
    intrusiveness: 'safe',
    controls: ['secure-communication', 'cryptographic-authentication', 'sensitive-personal-data-in-transit-protection'],
    requirements: ['etsi-en-303-645:5.5-1', 'etsi-en-303-645:5.1-3'],
    equivalent: 'nmap ssl-cert; testssl.sh certificate checks; sslyze certificate_info',
  },
  appliesTo: tlsServices,
  async run(ctx) {
    const service = await probeTlsService(ctx);
    if (isCheckResult(service)) return service;
    const { ep, versions } = service;
    const { chain, via } = await certificateChain(ep, versions);
    if (chain.length === 0) {
      return { verdict: 'INCONCLUSIVE', summary: `no certificate could be read (${via})` };
    }
    return judgeCertificate(chain, ctx.service?.tls, profileOf(ctx.service), via);
  },
};
