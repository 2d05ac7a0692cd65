/**
 * Certificate facts for TLS-04 and UPD-01: key type and size, signature algorithm (read with @peculiar/x509, because
 * Node 20's X509Certificate exposes none), validity, lifespan, and whether the presented chain leads to a declared
 * trust anchor or matches a declared pin. Nothing here touches the network.
 */
import './reflect-shim.js';
import { X509Certificate as NodeCertificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { readInput } from '../../input/read.js';

const DAY = 86_400_000;

export interface CertificateFacts {
  subject: string;
  issuer: string;
  selfSigned: boolean;
  keyType: string;
  /** RSA/DSA modulus bits, EC field bits (Ed25519 counts as 256) */
  keyBits: number;
  curve?: string;
  /** OpenSSL-style name, e.g. sha256WithRSAEncryption, ecdsa-with-SHA384, md5WithRSAEncryption */
  signature: string;
  /** MD2, MD4, MD5 or SHA-1 signatures */
  weakSignature: boolean;
  notBefore: Date;
  notAfter: Date;
  lifespanDays: number;
  /** days until notAfter, negative when expired */
  daysLeft: number;
  /** lower-case hex without separators */
  fingerprint256: string;
  subjectAltName?: string;
  node: NodeCertificate;
}

const SIGNATURE_OIDS: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.3': 'md4WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-SHA256',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
};

interface Algo {
  name: string;
  hash?: { name: string };
}

function signatureName(algorithm: Algo): string {
  const hash = algorithm.hash?.name?.replace('-', '');
  switch (algorithm.name) {
    case 'RSASSA-PKCS1-v1_5':
      return `${hash?.toLowerCase() ?? 'unknown'}WithRSAEncryption`;
    case 'RSA-PSS':
      return `rsassaPss${hash ? `-${hash}` : ''}`;
    case 'ECDSA':
      return `ecdsa-with-${hash ?? 'unknown'}`;
    case 'Ed25519':
      return 'ED25519';
    case 'Ed448':
      return 'ED448';
    default:
      return SIGNATURE_OIDS[algorithm.name] ?? algorithm.name;
  }
}

function curveBits(curve: string | undefined): number {
  if (!curve) return 0;
  const match = curve.match(/(\d{3})/);
  return match ? Number(match[1]) : 0;
}

export function analyseCertificate(der: Buffer): CertificateFacts {
  const node = new NodeCertificate(der);
  const parsed = new x509.X509Certificate(der);
  const signature = signatureName(parsed.signatureAlgorithm as unknown as Algo);
  const key = node.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const keyType = key.asymmetricKeyType ?? 'unknown';
  let keyBits = 0;
  if (keyType === 'rsa' || keyType === 'rsa-pss' || keyType === 'dsa') keyBits = details.modulusLength ?? 0;
  else if (keyType === 'ec') keyBits = curveBits(details.namedCurve);
  else if (keyType === 'ed25519' || keyType === 'x25519') keyBits = 256;
  else if (keyType === 'ed448' || keyType === 'x448') keyBits = 448;
  const notBefore = new Date(node.validFrom);
  const notAfter = new Date(node.validTo);
  return {
    subject: node.subject.replace(/\n/g, ', '),
    issuer: node.issuer.replace(/\n/g, ', '),
    selfSigned: node.subject === node.issuer && safeVerify(node, node),
    keyType,
    keyBits,
    curve: details.namedCurve,
    signature,
    weakSignature: /^(md2|md4|md5|sha1)|SHA1$/i.test(signature),
    notBefore,
    notAfter,
    lifespanDays: Math.round((notAfter.getTime() - notBefore.getTime()) / DAY),
    daysLeft: Math.floor((notAfter.getTime() - Date.now()) / DAY),
    fingerprint256: node.fingerprint256.replace(/:/g, '').toLowerCase(),
    subjectAltName: node.subjectAltName,
    node,
  };
}

function safeVerify(cert: NodeCertificate, issuer: NodeCertificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** A PEM certificate or key is a few kilobytes; a bundle of anchors a few hundred. */
export const MAX_PEM_BYTES = 1024 * 1024;

/**
 * A PEM given inline or as a file path (relative paths from the working directory). `iotassure verify` puts the
 * contents of PEM files in place when it loads a targets file, where their paths are confined to its folder.
 */
export function loadPem(value: string): string {
  return value.includes('-----BEGIN') ? value : readInput(value, MAX_PEM_BYTES, 'PEM file').toString('utf8');
}

/** Every certificate in a PEM bundle. */
export function pemCertificates(pem: string): NodeCertificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new NodeCertificate(block));
}

export interface ChainCheck {
  ok: boolean;
  /** how the chain reached the anchor, or why it did not */
  reason: string;
}

/**
 * Whether the presented chain (leaf first) leads to one of the anchors: the leaf or a chain certificate is an
 * anchor, or is signed by one, through certificates that each sign the one before. Validity dates of the leaf are
 * judged separately; an expired intermediate fails the chain.
 */
export function chainToAnchor(chain: readonly Buffer[], anchors: readonly NodeCertificate[]): ChainCheck {
  if (chain.length === 0) return { ok: false, reason: 'no certificate presented' };
  if (anchors.length === 0) return { ok: false, reason: 'the anchor file holds no certificate' };
  const certs = chain.map((der) => new NodeCertificate(der));
  const now = Date.now();
  let current = certs[0]!;
  const path: string[] = [cn(current)];
  for (let depth = 0; depth < 8; depth++) {
    const anchor = anchors.find((a) => a.fingerprint256 === current.fingerprint256 || safeVerify(current, a));
    if (anchor) {
      if (anchor.fingerprint256 !== current.fingerprint256) path.push(cn(anchor));
      return { ok: true, reason: `chain ${path.join(' → ')} ends at the declared anchor` };
    }
    const next = certs.find((c) => c !== current && safeVerify(current, c));
    if (!next) break;
    if (depth > 0 && new Date(next.validTo).getTime() < now) {
      return { ok: false, reason: `intermediate ${cn(next)} expired ${next.validTo}` };
    }
    current = next;
    path.push(cn(current));
  }
  return { ok: false, reason: `chain ${path.join(' → ')} does not lead to the declared anchor` };
}

function cn(cert: NodeCertificate): string {
  return cert.subject.match(/CN=([^\n,]+)/)?.[1] ?? cert.subject.replace(/\n/g, ', ');
}

/** Normalises a pin (hex with or without colons) for comparison with fingerprint256. */
export function normalisePin(pin: string): string {
  return pin.replace(/:/g, '').toLowerCase();
}

export function describeCertificate(facts: CertificateFacts): string {
  const key =
    facts.keyType === 'ec'
      ? `EC ${facts.curve} (${facts.keyBits} bits)`
      : `${facts.keyType.toUpperCase()} ${facts.keyBits} bits`;
  return `${facts.subject}; issuer ${facts.issuer}; ${key}; ${facts.signature}; valid ${facts.notBefore.toISOString().slice(0, 10)} to ${facts.notAfter.toISOString().slice(0, 10)}`;
}
