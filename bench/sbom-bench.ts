/**
 * SBOM matching benchmark: a synthetic but realistic OSV database (100 000 records across npm, PyPI, Go, Debian and
 * Maven, pretty-printed like OSV's own, ranges with several events, some versions[] lists, CVSS vectors) written as
 * an all.zip, and a CycloneDX 1.6 SBOM of 10 000 components drawn from the same packages (with the same skew, so
 * three in four components have advisories: a dense, worst case). Timed: verifySbom, i.e. reading and validating
 * the SBOM, loading and indexing the database, matching and the checks. Generation is not timed (the files are
 * cached in the temp folder).
 *
 * `runSbomBenchmark()` returns the figures; `node bench/sbom.mjs` prints them.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { verifySbom } from '../src/verify/sbom/index.js';

export interface SbomBenchmarkOptions {
  components?: number;
  records?: number;
  seed?: number;
  /** where the generated files go (default: the temp folder) */
  dir?: string;
  /** worker threads (default as verifySbom: one less than the cores) */
  workers?: number;
}

export interface SbomBenchmarkResult {
  components: number;
  records: number;
  archiveBytes: number;
  /** wall time of read + validate + load + index + match + checks */
  totalMs: number;
  /** CPU time of all threads over the same span */
  cpuMs: number;
  vulnerableComponents: number;
  matches: number;
  notEvaluated: number;
  verdicts: string[];
  peakRssMb: number;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Eco = 'npm' | 'PyPI' | 'Go' | 'Debian:12' | 'Maven';

/** share of records and size of the package pool per ecosystem */
const ECOSYSTEMS: { eco: Eco; share: number; packages: number }[] = [
  { eco: 'npm', share: 0.35, packages: 9000 },
  { eco: 'PyPI', share: 0.25, packages: 6000 },
  { eco: 'Go', share: 0.15, packages: 3000 },
  { eco: 'Debian:12', share: 0.15, packages: 2500 },
  { eco: 'Maven', share: 0.1, packages: 2500 },
];

const WORDS = ['core', 'http', 'json', 'yaml', 'auth', 'crypto', 'parser', 'utils', 'client', 'server', 'log', 'db'];
const VECTORS = [
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
  'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N',
  'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N',
  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
];

function packageName(eco: Eco, i: number): string {
  const w = WORDS[i % WORDS.length]!;
  switch (eco) {
    case 'npm':
      return i % 5 === 0 ? `@scope${i % 97}/${w}-${i}` : `${w}-lib-${i}`;
    case 'PyPI':
      return `py-${w}-${i}`;
    case 'Go':
      return `github.com/org${i % 400}/${w}${i}`;
    case 'Debian:12':
      return `lib${w}${i}`;
    case 'Maven':
      return `org.example${i % 300}:${w}-${i}`;
  }
}

/** A version of the ecosystem's shape from three numbers. */
function version(eco: Eco, major: number, minor: number, patch: number, r: () => number): string {
  switch (eco) {
    case 'npm':
    case 'Go':
      return `${major}.${minor}.${patch}`;
    case 'PyPI':
      return r() < 0.1 ? `${major}.${minor}.${patch}rc1` : `${major}.${minor}.${patch}`;
    case 'Maven':
      return r() < 0.1 ? `${major}.${minor}.${patch}-beta1` : `${major}.${minor}.${patch}`;
    case 'Debian:12':
      return `${major}.${minor}.${patch}-${1 + (patch % 3)}${r() < 0.3 ? `+deb12u${1 + (minor % 4)}` : ''}`;
  }
}

function pickEco(r: () => number): (typeof ECOSYSTEMS)[number] {
  let x = r();
  for (const e of ECOSYSTEMS) {
    if (x < e.share) return e;
    x -= e.share;
  }
  return ECOSYSTEMS[0]!;
}

/** Skewed towards low indexes, like real advisory counts per package. */
const skewed = (r: () => number, n: number) => Math.floor(n * r() ** 2);

function record(i: number, r: () => number): object {
  const { eco, packages } = pickEco(r);
  const affectedCount = r() < 0.85 ? 1 : 2;
  const affected = [];
  for (let k = 0; k < affectedCount; k++) {
    const name = packageName(eco, skewed(r, packages));
    const events: Record<string, string>[] = [];
    let major = Math.floor(r() * 3);
    const pairs = 1 + Math.floor(r() * 3);
    for (let p = 0; p < pairs; p++) {
      events.push({ introduced: p === 0 && r() < 0.5 ? '0' : version(eco, major, Math.floor(r() * 5), 0, r) });
      const end = version(eco, major, 5 + Math.floor(r() * 5), Math.floor(r() * 10), r);
      events.push(p === pairs - 1 && r() < 0.1 ? { last_affected: end } : { fixed: end });
      major += 1;
    }
    const entry: Record<string, unknown> = {
      package: { ecosystem: eco, name, purl: `pkg:x/${name}` },
      ranges: [{ type: eco === 'npm' || eco === 'Go' ? 'SEMVER' : 'ECOSYSTEM', events }],
    };
    if (eco === 'PyPI' || r() < 0.1) {
      entry.versions = Array.from({ length: 5 + Math.floor(r() * 30) }, (_, j) =>
        version(eco, Math.floor(j / 10), j % 10, 0, r),
      );
    }
    if (eco === 'Go') entry.ecosystem_specific = { imports: [{ path: name, symbols: ['Parse', 'Client.Do'] }] };
    affected.push(entry);
  }
  const id = `${eco === 'Go' ? 'GO' : eco === 'PyPI' ? 'PYSEC' : eco === 'Debian:12' ? 'DEBIAN-CVE' : 'GHSA'}-2025-${i}`;
  return {
    schema_version: '1.6.0',
    id,
    modified: '2026-08-01T00:00:00Z',
    published: '2025-06-01T00:00:00Z',
    aliases: [`CVE-2025-${100000 + i}`],
    summary: `Synthetic ${WORDS[i % WORDS.length]} flaw ${i}`,
    details: 'A crafted input makes the parser read past the end of its buffer. '.repeat(2 + (i % 8)),
    ...(r() < 0.6 && {
      severity: [
        {
          type: VECTORS[i % VECTORS.length]!.startsWith('CVSS:4') ? 'CVSS_V4' : 'CVSS_V3',
          score: VECTORS[i % VECTORS.length],
        },
      ],
    }),
    affected,
    references: [
      { type: 'ADVISORY', url: `https://example.org/advisories/${id}` },
      { type: 'FIX', url: `https://example.org/commit/${i.toString(16)}` },
    ],
    database_specific: { severity: ['LOW', 'MODERATE', 'HIGH', 'CRITICAL'][i % 4] },
  };
}

function purlOf(eco: Eco, name: string, v: string): string {
  switch (eco) {
    case 'npm':
      return `pkg:npm/${name.replace('@', '%40')}@${v}`;
    case 'PyPI':
      return `pkg:pypi/${name}@${v}`;
    case 'Go':
      return `pkg:golang/${name}@v${v}`;
    case 'Debian:12':
      return `pkg:deb/debian/${name}@${v}?arch=amd64&distro=debian-12`;
    case 'Maven': {
      const [g, a] = name.split(':') as [string, string];
      return `pkg:maven/${g}/${a}@${v}`;
    }
  }
}

/** Writes (or reuses) the synthetic all.zip and SBOM; returns their paths. */
export function generateSbomBenchmarkData(options: SbomBenchmarkOptions = {}): { zip: string; sbom: string } {
  const { components = 10_000, records = 100_000, seed = 27400 } = options;
  const dir = options.dir ?? join(tmpdir(), 'iotassure-bench-sbom');
  mkdirSync(dir, { recursive: true });
  const zip = join(dir, `osv-${records}-${seed}.zip`);
  const sbom = join(dir, `sbom-${components}-${seed}.cdx.json`);
  if (!existsSync(zip)) {
    const r = rng(seed);
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < records; i++) {
      const rec = record(i, r) as { id: string };
      files[`${rec.id}.json`] = strToU8(JSON.stringify(rec, null, 2));
    }
    writeFileSync(zip, zipSync(files, { level: 6 }));
  }
  if (!existsSync(sbom)) {
    const r = rng(seed + 1);
    const list = [];
    for (let i = 0; i < components; i++) {
      if (i % 20 === 0) {
        list.push({
          type: 'firmware',
          'bom-ref': `c${i}`,
          name: `blob-${i}`,
          version: '1.0',
          purl: `pkg:generic/acme/blob-${i}@1.0`,
        });
        continue;
      }
      const { eco, packages } = pickEco(r);
      const name = packageName(eco, skewed(r, packages));
      const v = version(eco, Math.floor(r() * 4), Math.floor(r() * 10), Math.floor(r() * 10), r);
      list.push({ type: 'library', 'bom-ref': `c${i}`, name, version: v, purl: purlOf(eco, name, v) });
    }
    const doc = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      serialNumber: 'urn:uuid:9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
      version: 1,
      metadata: {
        timestamp: '2026-11-27T00:00:00Z',
        component: { type: 'firmware', name: 'bench-device', version: '1.0' },
      },
      components: list,
    };
    writeFileSync(sbom, JSON.stringify(doc, null, 2));
  }
  return { zip, sbom };
}

/**
 * Generates the data if needed, then times what `iotassure verify` does for a spec with `sbom:` and `osv:` —
 * read and validate the SBOM, load and index the database, match, run SBOM-01/02/03 — through verifySbom.
 */
export async function runSbomBenchmark(options: SbomBenchmarkOptions = {}): Promise<SbomBenchmarkResult> {
  const { zip, sbom } = generateSbomBenchmarkData(options);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await verifySbom(
    { sbom, osv: zip },
    options.workers === undefined ? {} : { workers: options.workers },
  );
  const totalMs = Math.round(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  const components = result!.report!.components;
  return {
    components: components.length,
    records: result!.report!.database.records,
    archiveBytes: statSync(zip).size,
    totalMs,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    vulnerableComponents: components.filter((c) => c.status === 'VULNERABLE').length,
    matches: components.reduce((n, c) => n + c.matches.length, 0),
    notEvaluated: components.filter((c) => c.status === 'NOT_EVALUATED').length,
    verdicts: result!.observations.map((o) => `${o.check} ${o.verdict}`),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
