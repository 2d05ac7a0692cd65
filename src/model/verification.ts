/**
 * The verification section: which hosts and ports belong to which model element, what each is declared to expose
 * (a small IXIT-like profile, as ETSI TS 103 701 uses), and which intrusive checks the owner allows. It is written
 * in the system model under `verification:` or as a separate targets file with the same content. There is no
 * discovery and no default target: only what is listed here is ever contacted.
 */
import { z } from 'zod';
import { AUTHENTICATION, PROTOCOLS, terms } from './vocabulary.js';

const Text = z.string().max(2000);

/** Device classes with their own built-in default-credential lists (src/verify/data/default-credentials.ts). */
export const DEVICE_CLASSES = {
  camera: 'IP cameras and video recorders (DVR, NVR)',
  router: 'routers, gateways, access points and modems',
  industrial: 'PLCs, RTUs and operator panels',
  generic: 'any other device',
} as const;
export type DeviceClass = keyof typeof DEVICE_CLASSES;

export const Credential = z.strictObject({
  username: z.string().max(200),
  password: z.string().max(200),
});

export const TlsExpectation = z.strictObject({
  versions: z
    .array(z.enum(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']))
    .optional()
    .describe('protocol versions the service is declared to accept (default TLSv1.2 and TLSv1.3)'),
  profile: z
    .enum(['modern', 'intermediate', 'old'])
    .optional()
    .describe('Mozilla TLS profile for suites (default intermediate)'),
  anchor: Text.optional().describe(
    "PEM (inline, or a file in this file's folder) of the CA or certificate the chain must lead to",
  ),
  pin: z
    .string()
    .regex(/^[0-9a-fA-F:]{64,95}$/)
    .optional()
    .describe('SHA-256 fingerprint of the expected leaf certificate'),
  hostname: z.string().max(253).optional().describe('the name the certificate must carry'),
  pki: z
    .enum(['web', 'private'])
    .optional()
    .describe(
      'web: the certificate must meet the CA/Browser Forum rules (validity limit); private: a device or company PKI (default: web when the chain reaches a public root)',
    ),
});

export const DeclaredService = z.strictObject({
  port: z.number().int().min(1).max(65535),
  protocol: z.enum(terms(PROTOCOLS)).describe('what the port speaks'),
  transport: z.enum(['tcp', 'udp']).optional().describe('derived from the protocol when absent'),
  authentication: z.enum(terms(AUTHENTICATION)).optional().describe('declared client authentication'),
  tls: TlsExpectation.optional(),
  disclosure: z
    .array(z.string().max(200))
    .optional()
    .describe('information it may show without authentication (substrings of banners, headers, descriptions)'),
  publicPaths: z.array(z.string().max(500)).optional().describe('HTTP paths or CoAP resources that may be public'),
  loginPath: z.string().max(500).optional().describe('HTTP path of the admin login page'),
  protectedPaths: z.array(z.string().max(500)).optional().describe('HTTP paths that must need authentication'),
  publicTopics: z.array(z.string().max(500)).optional().describe('MQTT topics anonymous clients may read'),
});
export type DeclaredService = z.infer<typeof DeclaredService>;

export const Target = z.strictObject({
  id: z.string().max(128).optional().describe('a name for the target (default: element@host)'),
  element: z.string().max(128).optional().describe('the model element this target is an instance of'),
  host: z.string().min(1).max(253).describe('IP address or host name; a name must resolve inside the scope'),
  deviceClass: z
    .enum(terms(DEVICE_CLASSES))
    .optional()
    .describe(
      'which built-in default-credential lists fit the device: camera, router, industrial or generic (default: from the model element kind, else generic)',
    ),
  services: z
    .array(DeclaredService)
    .describe('every port the target is declared to expose; anything else is undeclared'),
  scan: z
    .strictObject({
      tcp: z.union([z.enum(['declared', 'iot', 'all']), z.array(z.number().int().min(1).max(65535))]).optional(),
      udp: z.union([z.enum(['declared', 'iot']), z.array(z.number().int().min(1).max(65535))]).optional(),
    })
    .optional()
    .describe('ports to probe for undeclared services (default: a list of common IoT ports)'),
  credentials: z
    .strictObject({
      defaults: z
        .array(Credential)
        .optional()
        .describe("vendor default pairs to try, in order (default: the built-in list for the device's class)"),
      valid: Credential.optional().describe('a working account, to tell authentication from authorisation'),
    })
    .optional(),
  update: z
    .strictObject({
      url: Text.describe('where the device fetches its update manifest or image'),
      publicKey: Text.optional().describe(
        "PEM (inline, or a file in this file's folder) of the vendor's update signing key",
      ),
      installedVersion: z.string().max(100).optional(),
    })
    .optional(),
  wanFacing: z.boolean().optional().describe('this address is on an internet-facing interface'),
  allow: z
    .array(z.enum(['auth-attempt', 'intrusive', 'brute-force', 'multicast']))
    .optional()
    .describe('checks the owner allows beyond safe ones: credential attempts, many-connection scans, lockout tests'),
});
export type Target = z.infer<typeof Target>;

export const Limits = z.strictObject({
  concurrency: z.number().int().min(1).max(256).optional().describe('sockets open at once in all (default 16)'),
  perHost: z.number().int().min(1).max(32).optional().describe('sockets open at once per host (default 2)'),
  connectionsPerSecond: z
    .number()
    .min(0.1)
    .max(1000)
    .optional()
    .describe('new connections per second per host (default 10)'),
  attemptsPerService: z
    .number()
    .int()
    .min(0)
    .max(20)
    .optional()
    .describe('credential attempts per service (default 3)'),
  timeoutMs: z.number().int().min(100).max(120_000).optional().describe('per operation (default 3000)'),
  checkTimeoutMs: z
    .number()
    .int()
    .min(1000)
    .max(86_400_000)
    .optional()
    .describe('the longest one check may run (default 60000; raise it for a full port scan)'),
  targetTimeoutMs: z
    .number()
    .int()
    .min(1000)
    .max(86_400_000)
    .optional()
    .describe('the longest all checks of one target may run together (default 600000)'),
});

/** CycloneDX 1.6 impactAnalysisState, impactAnalysisJustification and response values. */
export const ANALYSIS_STATES = [
  'resolved',
  'resolved_with_pedigree',
  'exploitable',
  'in_triage',
  'false_positive',
  'not_affected',
] as const;
export const ANALYSIS_JUSTIFICATIONS = [
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
] as const;
export const ANALYSIS_RESPONSES = [
  'can_not_fix',
  'will_not_fix',
  'update',
  'rollback',
  'workaround_available',
] as const;

export const VulnerabilityAnalysis = z.strictObject({
  id: z.string().min(1).max(200).describe('the vulnerability id (CVE, GHSA, GO, OSV…); its aliases match too'),
  component: z
    .string()
    .max(2000)
    .optional()
    .describe('the bom-ref or purl of the component it is about (default: every component that matches)'),
  state: z.enum(ANALYSIS_STATES).describe('the CycloneDX analysis state'),
  justification: z.enum(ANALYSIS_JUSTIFICATIONS).optional().describe('why it is not_affected'),
  response: z.array(z.enum(ANALYSIS_RESPONSES)).optional(),
  detail: Text.optional(),
});
export type VulnerabilityAnalysis = z.infer<typeof VulnerabilityAnalysis>;

export const VulnerabilityPolicy = z.strictObject({
  failOn: z
    .enum(['low', 'medium', 'high', 'critical'])
    .optional()
    .describe('the lowest severity that fails SBOM-02 (default medium)'),
  unknownSeverity: z
    .enum(['fail', 'ignore'])
    .optional()
    .describe('whether a match without a severity fails SBOM-02 (default fail)'),
  vex: Text.optional().describe("a CycloneDX VEX document whose analysis states apply, over the SBOM's own"),
  analysis: z
    .array(VulnerabilityAnalysis)
    .optional()
    .describe('analysis states decided here: they apply over the VEX document and the SBOM'),
});
export type VulnerabilityPolicy = z.infer<typeof VulnerabilityPolicy>;

export const VerificationSpec = z.strictObject({
  scope: z
    .array(z.string().max(64))
    .optional()
    .describe('addresses or CIDR ranges that may be contacted (default: exactly the listed hosts)'),
  targets: z.array(Target).min(1),
  limits: Limits.optional(),
  sbom: Text.optional().describe('a CycloneDX or SPDX JSON SBOM to match against the OSV database'),
  osv: Text.optional().describe('an OSV database: a folder of OSV JSON files or an ecosystem all.zip'),
  vulnerabilities: VulnerabilityPolicy.optional().describe(
    'how SBOM-02 judges the matches, and the analysis states the VEX document it writes carries',
  ),
});
export type VerificationSpec = z.infer<typeof VerificationSpec>;

/** Transport a protocol runs on when a declared service does not say. */
export function transportOf(service: DeclaredService): 'tcp' | 'udp' {
  if (service.transport) return service.transport;
  return ['coap', 'coaps', 'ssdp', 'mdns', 'dns', 'ntp', 'snmp', 'snmpv3', 'tftp'].includes(service.protocol)
    ? 'udp'
    : 'tcp';
}
