/**
 * End to end on real data: the CycloneDX 1.2 SBOM of Proton Mail Bridge v1.8.0 (cyclonedx-gomod) against the Go
 * vulnerability database in OSV form (Go-all.zip, 4 291 records).
 *
 * The expectation is worked out independently of the matcher: the archive is read with fflate's unzipSync (not the
 * matcher's zip reader), purls are split by hand (not packageurl-js), versions are compared with a small SemVer
 * comparator written here (not the semver package), and a version is affected when the last range event at or
 * below it is an `introduced` (a different formulation of the OSV algorithm). A handful of advisories looked up in
 * the archive by hand are asserted literally as well.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { strFromU8, unzipSync } from 'fflate';
import { sbomChecks } from '../../src/verify/checks/sbom.js';
import {
  DEFAULT_SBOM_OPTIONS,
  loadOsvDatabase,
  matchSbom,
  OsvArchive,
  readSbom,
  verifySbom,
} from '../../src/verify/sbom/index.js';

/** Committed with the repository in test/data/real (its README gives the sources and licences). */
const dataFile = (name: string) => fileURLToPath(new URL(`../data/real/${name}`, import.meta.url));
const SBOM = dataFile('proton-bridge-v1.8.0.cdx.json');
const ZIP = dataFile('Go-all.zip');

// --- the independent second implementation ----------------------------------------------------------------------

/** SemVer 2.0 precedence, written for this test: [major, minor, patch, prerelease identifiers]; build ignored. */
function parseSemver(v: string): [number, number, number, string[]] {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v);
  if (!m) throw new Error(`test comparator: not SemVer: ${v}`);
  return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] ? m[4].split('.') : []];
}

function cmpSemver(a: string, b: string): number {
  const [pa, pb] = [parseSemver(a), parseSemver(b)];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] as number) < (pb[i] as number) ? -1 : 1;
  const [xa, xb] = [pa[3], pb[3]];
  if (xa.length === 0 || xb.length === 0) return xa.length === xb.length ? 0 : xa.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    if (xa[i] === undefined) return -1;
    if (xb[i] === undefined) return 1;
    const [na, nb] = [/^\d+$/.test(xa[i]!), /^\d+$/.test(xb[i]!)];
    if (na && nb && Number(xa[i]) !== Number(xb[i])) return Number(xa[i]) < Number(xb[i]) ? -1 : 1;
    if (na !== nb) return na ? -1 : 1;
    if (!na && xa[i] !== xb[i]) return xa[i]! < xb[i]! ? -1 : 1;
  }
  return 0;
}

interface Expected {
  /** module@version → advisory id → fixed version ('' when none) */
  matches: Map<string, Map<string, string>>;
  components: number;
}

function expectation(): Expected {
  const bom = JSON.parse(readFileSync(SBOM, 'utf8'));
  const purls: string[] = [bom.metadata.component.purl, ...bom.components.map((c: { purl: string }) => c.purl)];
  const records = Object.values(unzipSync(readFileSync(ZIP))).map((bytes) => JSON.parse(strFromU8(bytes)));
  const byModule = new Map<string, typeof records>();
  for (const r of records) {
    if (r.withdrawn) continue;
    for (const a of r.affected ?? []) {
      if (a.package.ecosystem !== 'Go') continue;
      byModule.set(a.package.name, [...(byModule.get(a.package.name) ?? []), { record: r, affected: a }]);
    }
  }
  const matches = new Map<string, Map<string, string>>();
  for (const purl of purls) {
    assert.ok(purl.startsWith('pkg:golang/'), purl);
    const at = purl.lastIndexOf('@');
    const module = decodeURIComponent(purl.slice('pkg:golang/'.length, at));
    const version = purl.slice(at + 1);
    for (const { record, affected } of byModule.get(module) ?? []) {
      let hit = false;
      let fixed = '';
      for (const range of affected.ranges ?? []) {
        assert.equal(range.type, 'SEMVER', 'the Go database has SEMVER ranges only');
        const events = range.events
          .map((e: Record<string, string>) => {
            const [kind, v] = Object.entries(e)[0]!;
            return { kind, v: kind === 'introduced' && v === '0' ? '0.0.0-0' : v };
          })
          .sort((x: { v: string }, y: { v: string }) => cmpSemver(x.v, y.v));
        // the state at the version is decided by the last event at or below it
        const last = events.filter((e: { v: string }) => cmpSemver(e.v, version) <= 0).at(-1);
        if (last?.kind === 'introduced') {
          hit = true;
          fixed ||=
            events.find((e: { kind: string; v: string }) => e.kind === 'fixed' && cmpSemver(e.v, version) > 0)?.v ?? '';
        }
      }
      if (!hit) continue;
      const key = `${module}@${version}`;
      if (!matches.has(key)) matches.set(key, new Map());
      matches.get(key)!.set(record.id, fixed);
    }
  }
  return { matches, components: purls.length };
}

// --- the test -----------------------------------------------------------------------------------------------------

describe('SBOM matching on real data (proton-bridge v1.8.0 × Go vulnerability database)', () => {
  it('finds exactly the advisories an independent implementation finds', () => {
    const sbom = readSbom(SBOM);
    const db = loadOsvDatabase(ZIP);
    const report = matchSbom(sbom, db);
    const expected = expectation();

    assert.equal(sbom.format, 'CycloneDX');
    assert.equal(sbom.specVersion, '1.2');
    assert.deepEqual(sbom.errors, []);
    assert.equal(report.components.length, expected.components);
    assert.equal(db.stats.records, 4291);
    assert.equal(db.stats.malformed, 0);

    const actual = new Map<string, Map<string, string>>();
    for (const c of report.components) {
      if (c.matches.length === 0) continue;
      actual.set(`${c.package}@${c.version}`, new Map(c.matches.map((m) => [m.id, m.fixed ?? ''])));
    }
    assert.deepEqual(actual, expected.matches);
    const count = (m: Map<string, Map<string, string>>) => [...m.values()].reduce((n, x) => n + x.size, 0);
    assert.ok(count(expected.matches) > 40, `only ${count(expected.matches)} matches: the expectation looks wrong`);

    // every component is a Go module with a version: nothing is left unevaluated
    assert.deepEqual(
      report.components.filter((c) => c.status === 'NOT_EVALUATED').map((c) => `${c.component.name}: ${c.reason}`),
      [],
    );
    assert.equal(report.components.filter((c) => c.status === 'VULNERABLE').length, expected.matches.size);
  });

  it('agrees with advisories looked up in the archive by hand', () => {
    const report = matchSbom(readSbom(SBOM), loadOsvDatabase(ZIP));
    const get = (name: string) => report.components.find((c) => c.component.name === name)!;
    const match = (name: string, id: string) => get(name).matches.find((m) => m.id === id);

    // GO-2022-0969: HTTP/2 server hang, golang.org/x/net fixed in the pseudo-version of 2022-09-06
    const net = match('golang.org/x/net', 'GO-2022-0969');
    assert.equal(net?.fixed, '0.0.0-20220906165146-f3363e06e74c');
    assert.deepEqual(net?.aliases, ['CVE-2022-27664', 'GHSA-69cg-p879-7622']);
    assert.equal(net?.severity.rating, 'unknown', 'the Go database gives no severities');
    // GO-2022-0603: yaml.v3 panic, fixed in a later pseudo-version of v3.0.0
    assert.equal(match('gopkg.in/yaml.v3', 'GO-2022-0603')?.fixed, '3.0.0-20220521103104-8f96da9f5d5e');
    // GO-2021-0113: x/text out-of-bounds read; v0.3.5-0.2020… is a pre-release of 0.3.5, below the fix 0.3.7
    assert.equal(match('golang.org/x/text', 'GO-2021-0113')?.fixed, '0.3.7');
    // GO-2022-0493: x/sys privilege reporting (the stdlib part of the record does not apply)
    assert.equal(match('golang.org/x/sys', 'GO-2022-0493')?.fixed, '0.0.0-20220412211240-33da011f77ad');
    // GO-2020-0017: jwt-go v3 has no fix (introduced at a 2015 pseudo-version, never fixed in this module path)
    const jwt = match('github.com/dgrijalva/jwt-go', 'GO-2020-0017');
    assert.ok(jwt);
    assert.equal(jwt.fixed, undefined);
    // GO-2025-4188: logrus, three introduced/fixed pairs in one range; 1.7.0 is in the first
    assert.equal(match('github.com/sirupsen/logrus', 'GO-2025-4188')?.fixed, '1.8.3');
    // GO-2026-4923 (go.etcd.io/bbolt, every version) is withdrawn as a false positive: not reported
    assert.equal(get('go.etcd.io/bbolt').status, 'CLEAN');
    assert.equal(match('go.etcd.io/bbolt', 'GO-2026-4923'), undefined);
  });

  it('the one-pass archive matcher, with a worker thread, gives the same report', async () => {
    const sbom = readSbom(SBOM);
    const expected = matchSbom(sbom, loadOsvDatabase(ZIP));
    const { report } = await new OsvArchive(ZIP, { workers: 1, entriesPerThread: 0 }).match(sbom);
    assert.ok(isDeepStrictEqual(report.components, expected.components));
    const verified = await verifySbom({ sbom: SBOM, osv: ZIP });
    assert.deepEqual(
      verified!.observations.map((o) => [o.check, o.verdict]),
      [
        ['SBOM-01', 'PASS'],
        ['SBOM-02', 'FAIL'],
        ['SBOM-03', 'PASS'],
      ],
    );
  });

  it('threads that take blocks in turn give the same report and, between them, index every entry once', async () => {
    const sbom = readSbom(SBOM);
    const folder = mkdtempSync(join(tmpdir(), 'iotassure-osv-blocks-'));
    // 430 blocks of 10 entries, and the pass starts once the worker is loaded: both threads take some
    const archive = new OsvArchive(ZIP, { workers: 1, entriesPerThread: 0, entriesPerBlock: 10, indexFolder: folder });
    const [worker] = (archive as unknown as { workers: { thread: Worker }[] }).workers;
    await once(worker!.thread, 'message');
    const expected = matchSbom(sbom, loadOsvDatabase(ZIP));
    const { report, threads, entriesRead } = await archive.match(sbom);
    assert.ok(isDeepStrictEqual(report.components, expected.components), 'the same components');
    assert.deepEqual(report.database, expected.database);
    assert.equal(threads, 2);
    assert.equal(entriesRead, 4291);
    const [file] = readdirSync(folder);
    const index = JSON.parse(readFileSync(join(folder, file!), 'utf8')) as { parts: { pairs: number[] }[] };
    const blocksOf = (pairs: number[]) =>
      new Set(pairs.filter((_, k) => k % 2 === 0).map((entry) => Math.floor(entry / 10)));
    const [mainBlocks, workerBlocks] = index.parts.map((part) => blocksOf(part.pairs));
    assert.equal(index.parts.length, 2, "each thread's part");
    assert.ok(
      mainBlocks!.size > 0 && workerBlocks!.size > 0,
      `both read blocks: ${mainBlocks!.size}, ${workerBlocks!.size}`,
    );
    assert.ok(
      [...mainBlocks!].every((block) => !workerBlocks!.has(block)),
      'no block read twice',
    );
    assert.ok(Math.min(...workerBlocks!) < Math.max(...mainBlocks!), "the worker took blocks among the main thread's");
  });

  it('gives SBOM-01 PASS, SBOM-02 FAIL and SBOM-03 PASS', () => {
    const sbom = readSbom(SBOM);
    const report = matchSbom(sbom, loadOsvDatabase(ZIP));
    const [r1, r2, r3] = sbomChecks.map((c) => c.run({ sbom, report, options: DEFAULT_SBOM_OPTIONS }));
    assert.equal(r1!.verdict, 'PASS');
    assert.equal(r1!.summary, 'valid CycloneDX 1.2; 100% of its 202 components have a purl or CPE and a version');
    assert.equal(r2!.verdict, 'FAIL');
    assert.equal(r3!.verdict, 'PASS');
    // with unknown severities not counted, nothing in the Go database reaches any threshold
    const lenient = sbomChecks[1]!.run({
      sbom,
      report,
      options: { ...DEFAULT_SBOM_OPTIONS, unknownSeverity: 'ignore' },
    });
    assert.equal(lenient.verdict, 'PASS');
  });
});
