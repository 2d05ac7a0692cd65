/**
 * The verification section: which hosts and ports belong to which model element, what each is declared to expose
 * (a small IXIT-like profile, as ETSI TS 103 701 uses), and which intrusive checks the owner allows. It is written
 * in the system model under `verification:` or as a separate targets file with the same content. There is no
 * discovery and no default target: only what is listed here is ever contacted.
 */
import { z } from 'zod';
import { AUTHENTICATION, PROTOCOLS, terms } from '../model/vocabulary.js';

const Text = z.string().max(2000);

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
      defaults: z.array(Credential).optional().describe('vendor default pairs to try (default: a short built-in list)'),
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

export const VerificationSpec = z.strictObject({
  scope: z
    .array(z.string().max(64))
    .optional()
    .describe('addresses or CIDR ranges that may be contacted (default: exactly the listed hosts)'),
  targets: z.array(Target).min(1),
  limits: Limits.optional(),
  sbom: Text.optional().describe('a CycloneDX or SPDX JSON SBOM to match against the OSV database'),
  osv: Text.optional().describe('an OSV database: a folder of OSV JSON files or an ecosystem all.zip'),
});
export type VerificationSpec = z.infer<typeof VerificationSpec>;

/** Transport a protocol runs on when a declared service does not say. */
export function transportOf(service: DeclaredService): 'tcp' | 'udp' {
  if (service.transport) return service.transport;
  return ['coap', 'coaps', 'ssdp', 'mdns', 'dns', 'ntp', 'snmp', 'snmpv3', 'tftp'].includes(service.protocol)
    ? 'udp'
    : 'tcp';
}
