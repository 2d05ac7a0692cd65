/** Judging a presented certificate chain against the declared expectations: shared by TLS-04 and UPD-01. */
import type { DeclaredService } from '../targets.js';
import type { CheckResult } from '../types.js';
import {
  analyseCertificate,
  chainToAnchor,
  describeCertificate,
  loadPem,
  normalisePin,
  pemCertificates,
} from './cert.js';
import type { TlsProfile } from './profiles.js';

export interface CertificateJudgement extends CheckResult {
  /** the chain reached the declared anchor or matched the pin (undefined when neither was declared) */
  trusted?: boolean;
}

export function judgeCertificate(
  chain: readonly Buffer[],
  expectation: DeclaredService['tls'],
  profile: TlsProfile,
  via: string,
): CertificateJudgement {
  const facts = chain.map((der) => analyseCertificate(der));
  const leaf = facts[0]!;
  const problems: string[] = [];
  const warnings: string[] = [];
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

  let trusted: boolean | undefined;
  const evidence: string[] = [];
  if (expectation?.anchor) {
    const check = chainToAnchor(chain, pemCertificates(loadPem(expectation.anchor)));
    trusted = check.ok;
    evidence.push(check.reason);
    if (!check.ok) problems.push(check.reason);
  }
  if (expectation?.pin) {
    const match = normalisePin(expectation.pin) === leaf.fingerprint256;
    trusted = (trusted ?? true) && match;
    evidence.push(
      match ? 'leaf matches the declared pin' : `leaf SHA-256 ${leaf.fingerprint256} differs from the declared pin`,
    );
    if (!match) problems.push('leaf does not match the declared pin');
  }

  if (leaf.notAfter.getTime() >= now && leaf.daysLeft <= 30) warnings.push(`expires in ${leaf.daysLeft} days`);
  if (leaf.lifespanDays > profile.maximumCertificateLifespanDays) {
    warnings.push(`lifespan ${leaf.lifespanDays} days (profile maximum ${profile.maximumCertificateLifespanDays})`);
  }
  if (leaf.selfSigned && !expectation?.pin && !expectation?.anchor)
    warnings.push('self-signed, and no pin or anchor is declared');
  if (expectation?.hostname) {
    const name = expectation.hostname;
    const ok = /^[\d.]+$|:/.test(name)
      ? leaf.node.checkIP(name) !== undefined
      : leaf.node.checkHost(name) !== undefined;
    if (!ok) warnings.push(`does not name ${name} (${leaf.subjectAltName ?? leaf.subject})`);
  }
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
  const basis = trusted
    ? 'and leads to the declared anchor or pin'
    : 'no anchor or pin declared to check the chain against';
  return {
    verdict: 'PASS',
    summary: `the certificate is valid with a ${leaf.keyBits}-bit ${leaf.keyType.toUpperCase()} key and ${leaf.signature}, ${basis}`,
    details,
    trusted,
  };
}
