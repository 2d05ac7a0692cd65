/**
 * The valid inputs the fuzzer starts from, one or more of each kind iotassure reads: system models (the examples and
 * a small one), catalog files, a targets file, an evidence file, saved assessments, SBOMs and OSV records. Saved
 * assessments are made by the real CLI at a fixed date, so the corpus is the same on every run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { parseSource } from '../../src/input/source.js';
import { userControlCatalog } from '../support/catalog.js';
import { cycloneDx, spdx } from '../support/sbom-samples.js';

export interface Seed {
  name: string;
  text: string;
  value: unknown;
}

export interface Corpus {
  models: Seed[];
  /** a small model, the base of cases about other inputs (fast to assess) */
  small: Seed;
  catalogs: Seed[];
  targets: Seed[];
  evidence: Seed;
  assessments: Seed[];
  sboms: unknown[];
  osv: unknown[];
}

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

function seed(name: string, text: string): Seed {
  return { name, text, value: parseSource(name, text).value };
}

export const DATE = '2026-06-01';

const SMALL_MODEL = `iotassure: 1
system:
  id: fuzz-shop
  name: Corner shop
  region: EU
  lifecycle:
    supportPeriod: { end: 2030-12-31, published: true }
    vulnerabilityDisclosure: { contact: security@example.com }
organisations:
  - { id: maker, name: Maker, roles: [developer, provider], region: EU }
  - { id: shop, name: Shop, roles: [user], region: EU }
zones:
  - { id: shop-lan, kind: customer-premises }
  - { id: cloud, kind: cloud }
boundaries:
  - { id: edge, between: [shop-lan, cloud] }
templates:
  - { id: cam, kind: camera, developer: maker, operator: shop, zone: shop-lan, sensing: [camera], authentication: { passwords: shared-default } }
elements:
  - { id: recorder, kind: gateway, zone: shop-lan, developer: maker, operator: shop, services: [{ protocol: telnet, port: 23 }, { protocol: http, port: 80, purpose: admin, authentication: password }] }
  - { id: camera, template: cam, count: 3 }
  - { id: backend, kind: cloud-service, zone: cloud, operator: maker }
dataAssets:
  - { id: video, personalData: { categories: [image] }, retention: 30d, purposes: [security], legalBasis: legitimate-interests, storedIn: [recorder] }
flows:
  - { id: cam-rec, from: camera, to: recorder, protocol: rtsp, data: [video] }
  - { id: rec-cloud, from: recorder, to: backend, protocol: mqtts, authentication: certificate, data: [video] }
assessment:
  evidence:
    - { id: pentest, kind: document, title: Pen test, location: reports/pentest.pdf, collected: 2026-01-10, expires: 2027-01-10 }
  controls:
    password-credential-quality: { status: implemented, evidence: [pentest] }
  risks: {}
`;

const TARGETS = `scope: [127.0.0.0/24]
targets:
  - id: recorder
    element: recorder
    host: 127.0.0.1
    services:
      - { port: 80, protocol: http, authentication: password, loginPath: /login.html, protectedPaths: [/cgi-bin/config.cgi] }
      - { port: 23, protocol: telnet, authentication: password }
      - { port: 443, protocol: https, tls: { versions: [TLSv1.2, TLSv1.3], profile: intermediate, anchor: ca.pem, pin: "${'ab'.repeat(32)}", hostname: recorder.local } }
    credentials: { defaults: [{ username: admin, password: admin }], valid: { username: owner, password: s3cret } }
    update: { url: "http://127.0.0.1:8080/manifest.json", publicKey: key.pem, installedVersion: 1.2.3 }
    scan: { tcp: declared, udp: [5683] }
    allow: [auth-attempt]
  - { host: 127.0.0.2, element: camera, services: [{ port: 554, protocol: rtsp }] }
limits: { timeoutMs: 500, connectionsPerSecond: 5, attemptsPerService: 1 }
`;

const POLICY = `framework: { id: acme-policy, title: ACME IoT policy, version: "2026", publisher: ACME, licence: internal, confidence: high, provenance: { source: ACME intranet } }
requirements:
  - { id: P1, title: Cameras never ship with shared passwords, status: mandatory }
  - { id: P2, title: Logs are kept for a year, status: recommended }
mappings:
  - { control: password-credential-quality, target: acme-policy:P1, relationship: equal }
  - { control: security-event-logging, target: acme-policy:P2, relationship: subset }
`;

export const PEM = `-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUZmFrZSBjZXJ0aWZpY2F0ZSBmb3IgZnV6ejAKBggqhkjOPQQDAjAPMQ0wCwYDVQQDDARmdXp6
-----END CERTIFICATE-----
`;

const EVIDENCE = {
  format: 'iotassure-evidence',
  formatVersion: '1.0',
  tool: { name: 'iotassure', version: '0.1.0' },
  started: '2026-05-01T10:00:00.000Z',
  finished: '2026-05-01T10:00:05.000Z',
  source: 'targets.yaml',
  scope: ['127.0.0.1'],
  scopeHash: 'sha256:00',
  targets: [{ id: 'recorder', host: '127.0.0.1', element: 'recorder', addresses: ['127.0.0.1'] }],
  observations: [
    {
      id: 'CRED-01@tcp://127.0.0.1:23',
      check: 'CRED-01',
      title: 'No default password on telnet, SSH or FTP',
      target: 'tcp://127.0.0.1:23',
      targetId: 'recorder',
      host: '127.0.0.1',
      element: 'recorder',
      service: { port: 23, protocol: 'telnet', transport: 'tcp' },
      verdict: 'FAIL',
      summary: 'telnet login accepted default #1',
      details: ['a line', 'another'],
      exchanges: [{ sent: 'login', seen: '# ' }],
      controls: ['password-credential-quality'],
      requirements: ['etsi-en-303-645:5.1-1'],
      intrusiveness: 'auth-attempt',
      collected: '2026-05-01T10:00:02.000Z',
      durationMs: 120,
    },
    {
      id: 'TLS-01@tcp://127.0.0.1:443',
      check: 'TLS-01',
      title: 'TLS versions',
      target: 'tcp://127.0.0.1:443',
      element: 'recorder',
      verdict: 'PASS',
      summary: 'only TLS 1.2 and 1.3',
      controls: ['cryptographic-authentication'],
      requirements: [],
      collected: '2026-05-01T10:00:03.000Z',
    },
  ],
  skipped: [
    { target: 'recorder', check: 'CRED-05', endpoint: 'tcp://127.0.0.1:23', reason: 'brute-force not allowed' },
  ],
  connections: { '127.0.0.1:23': 2 },
  credentialAttempts: 1,
  aborted: false,
};

const OSV = [
  {
    schema_version: '1.7.4',
    id: 'GHSA-35jh-r3h4-6jhm',
    modified: '2026-01-01T00:00:00Z',
    published: '2025-12-01T00:00:00Z',
    summary: 'Command injection in lodash',
    aliases: ['CVE-2021-23337'],
    affected: [
      {
        package: { ecosystem: 'npm', name: 'lodash' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
      },
    ],
    database_specific: { severity: 'HIGH' },
  },
  {
    schema_version: '1.7.4',
    id: 'GO-T-NET',
    modified: '2026-01-01T00:00:00Z',
    affected: [
      {
        package: { ecosystem: 'Go', name: 'golang.org/x/net' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.7.0' }] }],
      },
    ],
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }],
  },
  {
    schema_version: '1.7.4',
    id: 'PYSEC-T-DJANGO',
    modified: '2026-01-01T00:00:00Z',
    affected: [
      {
        package: { ecosystem: 'PyPI', name: 'Django' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '4.0' }, { fixed: '4.0.10' }] }],
        versions: ['4.0.2'],
      },
    ],
    withdrawn: undefined,
  },
];

/** The assessment JSON the CLI writes for `file`, at the corpus date. */
async function savedAssessment(file: string): Promise<string> {
  let stdout = '';
  const code = await main(['assess', file, '--format', 'json', '--date', DATE], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: () => {},
    tty: false,
  });
  if (code !== 0) throw new Error(`the corpus model ${file} does not assess (exit ${code})`);
  return stdout;
}

/** The corpus; `workDir` receives the small model, which is assessed from there. */
export async function loadCorpus(workDir: string): Promise<Corpus> {
  const smallModelFile = join(workDir, 'small.yaml');
  writeFileSync(smallModelFile, SMALL_MODEL);
  const example = (name: string) => seed(`${name}.yaml`, readFileSync(root(`examples/${name}/system.yaml`), 'utf8'));
  const models = [example('monitoring-camera'), example('smart-home'), example('industrial-sensors')];
  const small = seed('small.yaml', SMALL_MODEL);
  const camera = await savedAssessment(root('examples/monitoring-camera/system.yaml'));
  const shop = await savedAssessment(smallModelFile);
  return {
    models: [...models, small],
    small,
    catalogs: [
      seed('own.json', userControlCatalog({ mappings: [{ target: 'uk-psti:1', relationship: 'intersects' }] })),
      // a copy of a real framework file under its own id, and a policy with mappings of its own
      seed(
        'psti-copy.yaml',
        readFileSync(root('catalog/frameworks/uk-psti.yaml'), 'utf8').replace('id: uk-psti', 'id: psti-copy'),
      ),
      seed('policy.yaml', POLICY),
    ],
    targets: [seed('targets.yaml', TARGETS)],
    evidence: seed('evidence.json', JSON.stringify(EVIDENCE, null, 2)),
    assessments: [seed('camera.json', camera), seed('shop.json', shop)],
    sboms: [cycloneDx('1.4'), cycloneDx('1.5'), cycloneDx('1.6'), spdx('2.2'), spdx('2.3')],
    osv: OSV,
  };
}
