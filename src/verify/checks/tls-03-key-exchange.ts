/**
 * TLS-03 — key-exchange strength: the finite-field DHE modulus the server uses (ServerKeyExchange of a DHE-only
 * hello), whether it accepts an EC group below 256 bits when only such groups are offered, and the ephemeral key a
 * normal Node handshake negotiates (getEphemeralKeyInfo).
 */
import { describeKex, probeKeyExchange } from '../tls/probe.js';
import { isCheckResult, probeTlsService, profileOf, tlsServices } from '../tls/service.js';
import type { Check } from '../types.js';

export const tls03: Check = {
  meta: {
    id: 'TLS-03',
    title: 'Key exchange is strong',
    description:
      'Reads the DHE group size from a DHE-only handshake, offers only EC groups below 256 bits, and records the ' +
      'ephemeral key of a normal handshake. FAIL when DHE uses fewer than 2048 bits (the profile minimum) or an EC ' +
      'group below 256 bits is accepted; PASS otherwise.',
    passes: 'a handshake, with any DHE group of at least the profile minimum and every EC group below 256 bits refused',
    intrusiveness: 'safe',
    controls: ['secure-communication', 'sensitive-personal-data-in-transit-protection'],
    requirements: ['etsi-en-303-645:5.5-1'],
    equivalent: 'nmap ssl-dh-params; sslyze (dh/ecdh sizes)',
  },
  appliesTo: tlsServices,
  async run(ctx) {
    const service = await probeTlsService(ctx);
    if (isCheckResult(service)) return service;
    const { ep, versions } = service;
    const facts = await probeKeyExchange(ep, versions);
    const profile = profileOf(ctx.service);
    const dhMin = profile.dhParamSize ?? 2048;
    const ecdhMin = profile.ecdhParamSize;
    const problems: string[] = [];
    if (facts.dh?.type === 'DH' && facts.dh.bits < dhMin)
      problems.push(`DHE with a ${facts.dh.bits}-bit group (minimum ${dhMin})`);
    if (facts.weakCurve) problems.push(`ECDHE on ${describeKex(facts.weakCurve)} (minimum ${ecdhMin} bits)`);
    const negotiated = facts.negotiated;
    if (negotiated?.type === 'DH' && negotiated.size < dhMin)
      problems.push(`a default handshake gets DH ${negotiated.size} bits`);
    if (negotiated?.type === 'ECDH' && !/25519|448/i.test(negotiated.name ?? '') && negotiated.size < ecdhMin) {
      problems.push(`a default handshake gets ECDH ${negotiated.name} ${negotiated.size} bits`);
    }
    const details = [...facts.lines];
    if (!facts.dh && !facts.negotiated && !facts.legacyDefault) {
      details.push('warning: no ephemeral key exchange seen (RSA key transport: no forward secrecy)');
    }
    if (problems.length > 0) return { verdict: 'FAIL', summary: `weak key exchange: ${problems.join('; ')}`, details };
    return {
      verdict: 'PASS',
      summary: `key exchange meets the ${profile.name} profile (DH ≥ ${dhMin} bits, EC groups ≥ ${ecdhMin} bits)`,
      details,
    };
  },
};
