/**
 * TLS-04 — the server certificate: key size, signature algorithm (parsed with @peculiar/x509), validity, the name,
 * and the chain to the declared trust anchor or pin (or, without either, to the public Web PKI). A name mismatch
 * fails; a chain that reaches no trust reference is INCONCLUSIVE; a validity over the CA/Browser Forum limit fails
 * on the Web PKI and warns on a private one.
 */
import { judgeCertificate } from '../tls/judge.js';
import { certificateChain } from '../tls/probe.js';
import { isCheckResult, probeTlsService, profileOf, serverName, tlsServices } from '../tls/service.js';
import type { Check } from '../types.js';

export const tls04: Check = {
  meta: {
    id: 'TLS-04',
    title: 'The server certificate is strong, valid and trusted as declared',
    description:
      'Reads the certificate chain of a TLS handshake. FAIL for an RSA key below 2048 bits, an EC key below 256 ' +
      'bits, an MD5 or SHA-1 signature, a certificate outside its validity period, a name that does not match ' +
      '`tls.hostname` (or the host name of the target), a chain that does not lead to the declared `tls.anchor` or ' +
      'a leaf that does not match the declared `tls.pin`, or — on the Web PKI — a validity over the CA/Browser ' +
      'Forum limit. INCONCLUSIVE when no anchor or pin is declared and the chain reaches no public root: declare ' +
      'the trust anchor. Warns when it expires within 30 days or outlives the profile maximum.',
    passes:
      'a strong, currently valid certificate that leads to the declared anchor or pin (or a public Web PKI root) and names the declared host name (or the address)',
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
    return judgeCertificate(chain, ctx.service?.tls, profileOf(ctx.service), via, {
      serverName: serverName(ctx.target, ctx.service),
      address: ctx.address,
    });
  },
};
