/**
 * Mozilla server-side TLS profiles, guidelines version 5.7 (https://ssl-config.mozilla.org/guidelines/5.7.json, as
 * shipped with sslyze's `--mozilla_config`). TLS-01..TLS-04 compare a server against the profile its declared
 * service names (`tls.profile`, default intermediate). Suites are IANA names.
 */

export type TlsVersionName = 'SSLv2' | 'SSLv3' | 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
export type ProfileName = 'modern' | 'intermediate' | 'old';

export interface TlsProfile {
  name: ProfileName;
  versions: TlsVersionName[];
  /** TLS 1.2 and below */
  suites: string[];
  /** TLS 1.3 */
  tls13Suites: string[];
  /** key-exchange groups (TLS names: X25519, prime256v1 = secp256r1, secp384r1) */
  curves: string[];
  /** smallest finite-field DH group in bits; null where the profile allows no DHE */
  dhParamSize: number | null;
  ecdhParamSize: number;
  rsaKeySize: number | null;
  certificateTypes: ('rsa' | 'ecdsa')[];
  certificateCurves: string[];
  /** OpenSSL names of the allowed certificate signature algorithms */
  certificateSignatures: string[];
  maximumCertificateLifespanDays: number;
}

const TLS13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];
const CURVES = ['X25519', 'prime256v1', 'secp384r1'];

const INTERMEDIATE_SUITES = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
];

export const PROFILES: Readonly<Record<ProfileName, TlsProfile>> = {
  modern: {
    name: 'modern',
    versions: ['TLSv1.3'],
    suites: [],
    tls13Suites: TLS13,
    curves: CURVES,
    dhParamSize: null,
    ecdhParamSize: 256,
    rsaKeySize: null,
    certificateTypes: ['ecdsa'],
    certificateCurves: ['prime256v1', 'secp384r1'],
    certificateSignatures: ['ecdsa-with-SHA256', 'ecdsa-with-SHA384', 'ecdsa-with-SHA512'],
    maximumCertificateLifespanDays: 90,
  },
  intermediate: {
    name: 'intermediate',
    versions: ['TLSv1.2', 'TLSv1.3'],
    suites: INTERMEDIATE_SUITES,
    tls13Suites: TLS13,
    curves: CURVES,
    dhParamSize: 2048,
    ecdhParamSize: 256,
    rsaKeySize: 2048,
    certificateTypes: ['ecdsa', 'rsa'],
    certificateCurves: ['prime256v1', 'secp384r1'],
    certificateSignatures: ['sha256WithRSAEncryption', 'ecdsa-with-SHA256', 'ecdsa-with-SHA384', 'ecdsa-with-SHA512'],
    maximumCertificateLifespanDays: 366,
  },
  old: {
    name: 'old',
    versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'],
    suites: [
      ...INTERMEDIATE_SUITES,
      'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
      'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
      'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
      'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
      'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
      'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
      'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
      'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
      'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256',
      'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256',
      'TLS_RSA_WITH_AES_128_GCM_SHA256',
      'TLS_RSA_WITH_AES_256_GCM_SHA384',
      'TLS_RSA_WITH_AES_128_CBC_SHA256',
      'TLS_RSA_WITH_AES_256_CBC_SHA256',
      'TLS_RSA_WITH_AES_128_CBC_SHA',
      'TLS_RSA_WITH_AES_256_CBC_SHA',
      'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
    ],
    tls13Suites: TLS13,
    curves: CURVES,
    dhParamSize: 1024,
    ecdhParamSize: 256,
    rsaKeySize: 2048,
    certificateTypes: ['rsa'],
    certificateCurves: ['prime256v1', 'secp384r1'],
    certificateSignatures: ['sha256WithRSAEncryption'],
    maximumCertificateLifespanDays: 366,
  },
};

export function profileFor(name: ProfileName | undefined): TlsProfile {
  return PROFILES[name ?? 'intermediate'];
}
