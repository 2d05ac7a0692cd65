/**
 * Judging a presented certificate chain against the declared expectations: shared by TLS-04 and UPD-01.
 *
 * Strength and validity are read from the certificate itself. Trust and identity need a reference: the declared
 * `tls.anchor` or `tls.pin`, or — without either — the public Web PKI (the Mozilla root store Node ships). A chain
 * that reaches none of them is INCONCLUSIVE ("declare the trust anchor"): a self-signed or unknown issuer proves
 * nothing either way. The name is checked against `tls.hostname` (or the host name the target was given by); a
 * mismatch fails. The validity period is held to the CA/Browser Forum's limit for the certificate's issue date:
 * beyond it a Web PKI certificate fails (browsers refuse it), a private-PKI one gets a warning.
 */
import { X509Certificate } from 'node:crypto';
import type { DeclaredService } from '../../model/verification.js';
import { publicRootCertificates } from '../net/net.js';
import type { CheckResult } from '../types.js';
import {
  analyseCertificate,
  type CertificateFacts,
  chainToAnchor,
  describeCertificate,
  loadPem,
  normalisePin,
  pemCertificates,
} from './cert.js';
import type { TlsProfile } from './profiles.js';

export interface CertificateJudgement extends CheckResult {
  /** how the chain is trusted: the declared anchor or pin, or the public Web PKI; undefined when it is not */
  trusted?: 'declared' | 'web-pki';
}

export interface CertificateContext {
  /** the host name the connection was made for (the SNI name), when the target was given by name */
  serverName?: string;
  /** the IP address connected to */
  address: string;
  /** the public roots to fall back on (default: Node's bundled Mozilla store) */
  publicRoots?: readonly X509Certificate[];
}

const DAY = 86_400_000;

/**
 * The CA/Browser Forum Baseline Requirements' maximum validity of a TLS server certificate, by issue date (§6.3.2;
 * ballot SC-081v3 for the dates from 2026): the latest rule whose date is on or before notBefore applies.
 */
export const CABF_MAXIMUM_VALIDITY: readonly { from: string; days: number }[] = [
  { from: '2018-03-01', days: 825 },
  { from: '2020-09-01', days: 398 },
  { from: '2026-03-15', days: 200 },
  { from: '2027-03-15', days: 100 },
  { from: '2029-03-15', days: 47 },
];

/** The CA/B Forum limit for a certificate issued at `notBefore`, in days (undefined before 2018-03-01: 39 months). */
export function cabfLimitDays(notBefore: Date): number | undefined {
  let days: number | undefined;
  for (const rule of CABF_MAXIMUM_VALIDITY) if (notBefore.getTime() >= Date.parse(rule.from)) days = rule.days;
  return days;
}

let publicRoots: X509Certificate[] | undefined;
function webPkiRoots(): readonly X509Certificate[] {
  publicRoots ??= publicRootCertificates().map((pem) => new X509Certificate(pem));
  return publicRoots;
}

export function judgeCertificate(
  chain: readonly Buffer[],
  expectation: DeclaredService['tls'],
  profile: TlsProfile,
  via: string,
  context: CertificateContext,
): CertificateJudgement {
  const facts = chain.map((der) => analyseCertificate(der));
  const leaf = facts[0]!;
  const problems: string[] = [];
  const warnings: string[] = [];
  const evidence: string[] = [];
  const rsaMin = profile.rsaKeySize ?? 2048;
  if ((leaf.keyType === 'rsa' || leaf.keyType === 'rsa-pss' || leaf.keyType === 'dsa') && leaf.keyBits < rsaMin) {
    problems.push(`${leaf.keyType.toUpperCase()} key of ${leaf.keyBits} bits (minimum ${rsaMin})`);
  }
  if (leaf.keyType === 'dsa') problems.push('DSA key');
  if (leaf.keyType === 'ec' && leaf.keyBits < profile.ecdhParamSize) {
    problems.push(`EC key on ${leaf.curve} (${leaf.keyBits} bits, minimum ${profile.ecdhParamSize})`);
  }
  // signatures matter on every certificate except a self-signed one at the top (a trust anchor is trusted as is)
  facts.forEach((f, i) => {
    const topSelfSigned = i === facts.length - 1 && f.selfSigned && facts.length > 1;
    if (f.weakSignature && !topSelfSigned) {
      problems.push(`${i === 0 ? 'leaf' : `chain certificate ${i}`} signed with ${f.signature}`);
    }
  });
  const now = Date.now();
  if (leaf.notAfter.getTime() < now) problems.push(`expired on ${leaf.notAfter.toISOString().slice(0, 10)}`);
  if (leaf.notBefore.getTime() > now) problems.push(`not valid before ${leaf.notBefore.toISOString().slice(0, 10)}`);

  const trusted = trustOf(chain, leaf, expectation, context, problems, evidence);
  const name = nameProblem(leaf, expectation, context, trusted);
  if (name.problem) problems.push(name.problem);
  if (name.evidence) evidence.push(name.evidence);
  validity(leaf, expectation, trusted, profile, problems, warnings);
  if (leaf.notAfter.getTime() >= now && leaf.daysLeft <= 30) warnings.push(`expires in ${leaf.daysLeft} days`);
  if (!profile.certificateTypes.includes(leaf.keyType === 'ec' ? 'ecdsa' : (leaf.keyType as 'rsa'))) {
    warnings.push(
      `key type ${leaf.keyType} is not in the ${profile.name} profile (${profile.certificateTypes.join(', ')})`,
    );
  }

  const details = [
    `leaf: ${describeCertificate(leaf)}`,
    `SHA-256 ${leaf.fingerprint256}`,
    ...facts.slice(1).map((f, i) => `chain ${i + 1}: ${describeCertificate(f)}`),
    `read from ${via}`,
    ...evidence,
    ...warnings.map((w) => `warning: ${w}`),
  ];
  if (problems.length > 0) {
    return { verdict: 'FAIL', summary: `the certificate has ${problems.join('; ')}`, details, trusted };
  }
  if (!trusted) {
    return {
      verdict: 'INCONCLUSIVE',
      summary: `the certificate is ${leaf.selfSigned ? 'self-signed' : `issued by ${leaf.issuer}, which is not a public root`} and no trust anchor or pin is declared, so whether it is the device's cannot be told: declare the trust anchor (tls.anchor) or the leaf's pin (tls.pin)`,
      details,
    };
  }
  if (name.unchecked) {
    return {
      verdict: 'INCONCLUSIVE',
      summary: `the certificate chains to the ${trusted === 'declared' ? 'declared anchor' : 'public Web PKI'} but names neither a declared host name nor ${context.address}: declare the name it must carry (tls.hostname)`,
      details,
      trusted,
    };
  }
  const basis = trusted === 'declared' ? 'leads to the declared anchor or pin' : 'chains to a public Web PKI root';
  return {
    verdict: 'PASS',
    summary: `the certificate is valid with a ${leaf.keyBits}-bit ${leaf.keyType.toUpperCase()} key and ${leaf.signature}, ${basis}${name.evidence ? `, and ${name.evidence}` : ''}`,
    details,
    trusted,
  };
}

/** The declared anchor and pin, else the public Web PKI; a declared reference the chain misses is a problem. */
function trustOf(
  chain: readonly Buffer[],
  leaf: CertificateFacts,
  expectation: DeclaredService['tls'],
  context: CertificateContext,
  problems: string[],
  evidence: string[],
): CertificateJudgement['trusted'] {
  if (expectation?.anchor || expectation?.pin) {
    let ok = true;
    if (expectation.anchor) {
      const check = chainToAnchor(chain, pemCertificates(loadPem(expectation.anchor)));
      evidence.push(check.reason);
      if (!check.ok) problems.push(check.reason);
      ok &&= check.ok;
    }
    if (expectation.pin) {
      const match = normalisePin(expectation.pin) === leaf.fingerprint256;
      evidence.push(
        match ? 'leaf matches the declared pin' : `leaf SHA-256 ${leaf.fingerprint256} differs from the declared pin`,
      );
      if (!match) problems.push('leaf does not match the declared pin');
      ok &&= match;
    }
    return ok ? 'declared' : undefined;
  }
  const web = chainToAnchor(chain, context.publicRoots ?? webPkiRoots());
  if (web.ok) {
    evidence.push(web.reason.replace('the declared anchor', 'a public Web PKI root'));
    return 'web-pki';
  }
  evidence.push('no tls.anchor or tls.pin declared, and the chain reaches no public Web PKI root');
  return undefined;
}

/**
 * The name the certificate must carry: `tls.hostname`, else the name the target was given by. Without either, the
 * address connected to; a pinned leaf needs no name (the pin is the identity).
 */
function nameProblem(
  leaf: CertificateFacts,
  expectation: DeclaredService['tls'],
  context: CertificateContext,
  trusted: CertificateJudgement['trusted'],
): { problem?: string; evidence?: string; unchecked?: boolean } {
  const expected = expectation?.hostname ?? context.serverName;
  const names = leaf.subjectAltName ?? leaf.subject;
  if (expected) {
    const ok = /^[\d.]+$|:/.test(expected)
      ? leaf.node.checkIP(expected) !== undefined
      : leaf.node.checkHost(expected) !== undefined;
    return ok
      ? { evidence: `it names ${expected}` }
      : { problem: `a name that does not match ${expected} (it names ${names})` };
  }
  if (leaf.node.checkIP(context.address) !== undefined) return { evidence: `it names ${context.address}` };
  if (expectation?.pin && trusted) return {};
  return { unchecked: true };
}

/** The lifespan against the CA/B Forum limit (FAIL on the Web PKI, a warning elsewhere) and the profile's maximum. */
function validity(
  leaf: CertificateFacts,
  expectation: DeclaredService['tls'],
  trusted: CertificateJudgement['trusted'],
  profile: TlsProfile,
  problems: string[],
  warnings: string[],
): void {
  const web = (expectation?.pki ?? (trusted === 'web-pki' ? 'web' : 'private')) === 'web';
  const limit = cabfLimitDays(leaf.notBefore);
  // the Baseline Requirements count the validity period inclusively: notAfter − notBefore + 1 second
  const days = (leaf.notAfter.getTime() - leaf.notBefore.getTime() + 1000) / DAY;
  if (limit !== undefined && days > limit) {
    const text = `a validity of ${Math.round(days)} days, over the CA/Browser Forum limit of ${limit} days for certificates issued on ${leaf.notBefore.toISOString().slice(0, 10)}`;
    if (web) problems.push(text);
    else warnings.push(`${text} (a private PKI need not follow it; publicly trusted certificates must)`);
  }
  if (leaf.lifespanDays > profile.maximumCertificateLifespanDays) {
    warnings.push(`lifespan ${leaf.lifespanDays} days (profile maximum ${profile.maximumCertificateLifespanDays})`);
  }
}
