import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { loadCatalog } from '../../src/catalog/load.js';
import { main } from '../../src/cli/main.js';
import type { EvidenceObservation } from '../../src/evidence/observation.js';
import type { VerificationSpec } from '../../src/model/verification.js';
import { InputError } from '../../src/util/diagnostics.js';
import { sbomChecks } from '../../src/verify/checks/sbom.js';
import { executePlan, planRun } from '../../src/verify/runner.js';
import { ENTRIES_PER_THREAD, workersFor } from '../../src/verify/sbom/archive.js';
import {
  DEFAULT_SBOM_OPTIONS,
  loadOsvDatabase,
  type MatchReport,
  matchSbom,
  OsvArchive,
  osvDatabaseFromRecords,
  osvPackageOf,
  parseSbom,
  type Sbom,
  type SbomCheckOptions,
  verifySbom,
  vexDocument,
} from '../../src/verify/sbom/index.js';
import { cycloneDx16Errors } from '../../src/verify/sbom/sbom.js';
import { affected, osvRecord } from '../support/osv.js';
import { eco, RECORDS, sampleArchiveSbom, writeSampleArchive } from '../support/osv-samples.js';
import { COMPONENTS, cycloneDx, DJANGO_VEX, LODASH_VEX, SUBJECT, spdx } from '../support/sbom-samples.js';

const db = () => osvDatabaseFromRecords(RECORDS, 'test-records');
const parse = (doc: unknown, file = 'sample.json') => parseSbom(JSON.stringify(doc), file);
const byName = (report: MatchReport) => new Map(report.components.map((c) => [c.component.name, c]));
const run = (sbom: Sbom, report: MatchReport | undefined, options: Partial<SbomCheckOptions> = {}) =>
  Object.fromEntries(
    sbomChecks.map((c) => [c.meta.id, c.run({ sbom, report, options: { ...DEFAULT_SBOM_OPTIONS, ...options } })]),
  );

describe('SBOM reading', () => {
  for (const version of ['1.4', '1.5', '1.6'] as const) {
    it(`reads CycloneDX ${version}: nested components, metadata.component, purl, cpe, type, bom-ref`, () => {
      const sbom = parse(cycloneDx(version));
      assert.equal(sbom.format, 'CycloneDX');
      assert.equal(sbom.specVersion, version);
      assert.deepEqual(sbom.errors, []);
      assert.equal(sbom.validation, version === '1.6' ? 'schema' : 'structural');
      assert.equal(sbom.components.length, COMPONENTS.length + 1);
      const [subject, ...rest] = sbom.components;
      assert.deepEqual(subject, {
        ref: 'subject',
        name: SUBJECT.name,
        version: SUBJECT.version,
        type: 'firmware',
        purl: SUBJECT.purl,
        path: 'metadata.component',
        subject: true,
      });
      // depth first, in document order: the nested component follows its parent
      const nested = COMPONENTS.at(-1)!;
      const expected = [...COMPONENTS.slice(0, -1)];
      expected.splice(expected.findIndex((c) => c.type === 'operating-system') + 1, 0, nested);
      assert.deepEqual(
        rest.map((c) => [c.name, c.version, c.purl, c.cpe]),
        expected.map((c) => [c.name, c.version, c.purl, c.cpe]),
      );
      assert.equal(rest.find((c) => c.name === nested.name)!.path, 'components[7].components[0]');
      assert.deepEqual(sbom.distro, { name: 'debian', version: '12.5' });
    });
  }

  for (const version of ['2.2', '2.3'] as const) {
    it(`reads SPDX ${version}: packages, purl and CPE external references, the described package`, () => {
      const sbom = parse(spdx(version));
      assert.equal(sbom.format, 'SPDX');
      assert.deepEqual(sbom.errors, []);
      assert.equal(sbom.components.length, COMPONENTS.length + 1);
      assert.equal(sbom.components[0]!.subject, true);
      assert.deepEqual(
        sbom.components.slice(1).map((c) => [c.name, c.version, c.purl, c.cpe]),
        COMPONENTS.map((c) => [c.name, c.version, c.purl, c.cpe]),
      );
      // only SPDX 2.3 has primaryPackagePurpose, so only there is the operating system known
      assert.deepEqual(sbom.distro, version === '2.3' ? { name: 'debian', version: '12.5' } : undefined);
    });
  }

  it('validates CycloneDX 1.6 against the vendored schema and reports violations', () => {
    const doc = cycloneDx('1.6', [LODASH_VEX]);
    assert.deepEqual(parse(doc).errors, [], 'the 1.6 sample with VEX is schema-valid');
    const bad = cycloneDx('1.6');
    (bad.components as Record<string, unknown>[])[0]!.type = 'gadget';
    (bad.metadata as Record<string, unknown>).colour = 'blue';
    const errors = parse(bad).errors;
    assert.ok(
      errors.some((e) => e.startsWith('components.0.type') && e.includes('allowed values')),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) => e.includes('metadata') && e.includes('"colour"')),
      errors.join('\n'),
    );
    // uniqueItems, checked in linear time: the same component twice (keys in another order) is a duplicate
    const twice = cycloneDx('1.6');
    const [first] = twice.components as Record<string, unknown>[];
    (twice.components as unknown[]).push(Object.fromEntries(Object.entries(first!).reverse()));
    assert.deepEqual(parse(twice).errors, ['components: must NOT have duplicate items']);
  });

  it('checks older CycloneDX and SPDX structurally', () => {
    const bad = cycloneDx('1.4');
    delete (bad.components as Record<string, unknown>[])[1]!.name;
    assert.deepEqual(parse(bad).errors, ['components[1].name: Invalid input: expected string, received undefined']);
    const badSpdx = spdx('2.3');
    delete badSpdx.documentNamespace;
    assert.equal(parse(badSpdx).errors.length, 1);
    assert.match(parse(badSpdx).errors[0]!, /^documentNamespace/);
  });

  it('reads VEX statements with their evidence, resolving BOM-Link refs', () => {
    const sbom = parse(cycloneDx('1.5', [LODASH_VEX, DJANGO_VEX]));
    assert.deepEqual(sbom.vex[0], {
      id: 'CVE-2021-23337',
      aliases: [],
      refs: ['ref-1'],
      state: 'not_affected',
      justification: 'code_not_reachable',
      response: ['will_not_fix'],
      detail: 'template() is never called with user input',
      origin: 'sbom',
      path: 'vulnerabilities[0]',
    });
  });

  it('refuses what is not an SBOM with an InputError naming the file', () => {
    const refuses = (text: string, pattern: RegExp, options = {}) =>
      assert.throws(
        () => parseSbom(text, 'evil.json', options),
        (e: unknown) =>
          e instanceof InputError && /^evil\.json(:\d+:\d+)?: error:/.test(e.message) && pattern.test(e.message),
      );
    refuses('{"bomFormat": "CycloneDX", ', /not JSON/);
    refuses('<?xml version="1.0"?><bom/>', /XML SBOMs are not read/);
    refuses('[1, 2]', /must be a JSON object, found an array/);
    refuses('42', /found number/);
    refuses('{"hello": "world"}', /not a CycloneDX or SPDX JSON document/);
    refuses('{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}', /SPDX 3/);
    refuses(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, /nests deeper than 200 levels/);
    refuses(JSON.stringify(cycloneDx('1.6')), /larger than 100 bytes/, { maxBytes: 100 });
    // deep component nesting below the limit is walked without recursion
    let component: Record<string, unknown> = { type: 'library', name: 'leaf' };
    for (let i = 0; i < 90; i++) component = { type: 'library', name: `c${i}`, components: [component] };
    const deep = parseSbom(
      JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [component] }),
      'deep.json',
    );
    assert.equal(deep.components.length, 91);
  });

  it('refuses missing files and folders through readSbom', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotassure-sbom-'));
    await assert.rejects(verifySbom({ sbom: join(dir, 'missing.json') }), /missing\.json: error: SBOM not found/);
    await assert.rejects(verifySbom({ sbom: dir }), /the SBOM is a folder; only regular files are read/);
  });
});

describe('purl → OSV package', () => {
  const map = (purl: string, distro?: Sbom['distro']) => osvPackageOf({ ref: 'r', name: 'n', path: 'p', purl }, distro);
  it('maps the language ecosystems', () => {
    assert.deepEqual(map('pkg:npm/%40angular/core@12.0.0'), {
      ecosystem: 'npm',
      names: ['@angular/core'],
      version: '12.0.0',
    });
    assert.deepEqual(map('pkg:pypi/Django_Rest@1.0'), { ecosystem: 'PyPI', names: ['django-rest'], version: '1.0' });
    assert.deepEqual(map('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'), {
      ecosystem: 'Maven',
      names: ['org.apache.logging.log4j:log4j-core'],
      version: '2.14.1',
    });
    assert.deepEqual(map('pkg:golang/golang.org/x/net@v0.7.0'), {
      ecosystem: 'Go',
      names: ['golang.org/x/net'],
      version: 'v0.7.0',
    });
    assert.deepEqual(map('pkg:golang/std@go1.21.3'), { ecosystem: 'Go', names: ['stdlib'], version: 'go1.21.3' });
    assert.deepEqual(map('pkg:cargo/serde@1.0.0'), { ecosystem: 'crates.io', names: ['serde'], version: '1.0.0' });
    assert.deepEqual(map('pkg:composer/laravel/framework@10.0.0'), {
      ecosystem: 'Packagist',
      names: ['laravel/framework'],
      version: '10.0.0',
    });
    assert.deepEqual(map('pkg:gem/rails@7.0.0'), { ecosystem: 'RubyGems', names: ['rails'], version: '7.0.0' });
  });

  it('maps deb and apk with the distro qualifier or the SBOM operating system', () => {
    assert.deepEqual(map('pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12'), {
      ecosystem: 'Debian:12',
      names: ['openssl'],
      version: '3.0.11-1~deb12u2',
    });
    assert.deepEqual(map('pkg:deb/debian/libssl3@3.0.11-1?distro=bookworm&upstream=openssl'), {
      ecosystem: 'Debian:12',
      names: ['openssl', 'libssl3'],
      version: '3.0.11-1',
    });
    assert.deepEqual(map('pkg:deb/debian/curl@7.88.1-10', { name: 'debian', version: '12.5' }), {
      ecosystem: 'Debian:12',
      names: ['curl'],
      version: '7.88.1-10',
    });
    assert.match((map('pkg:deb/debian/curl@7.88.1-10') as { reason: string }).reason, /without a distro qualifier/);
    assert.deepEqual(map('pkg:apk/alpine/busybox@1.36.1-r2?distro=alpine-3.18.4'), {
      ecosystem: 'Alpine:v3.18',
      names: ['busybox'],
      version: '1.36.1-r2',
    });
    assert.deepEqual(map('pkg:deb/ubuntu/bash@5.1-6ubuntu1?distro=ubuntu-22.04'), {
      ecosystem: 'Ubuntu:22.04',
      names: ['bash'],
      version: '5.1-6ubuntu1',
    });
  });

  it('gives a reason for everything it cannot map', () => {
    const reason = (purl: string) => (map(purl) as { reason?: string }).reason;
    assert.match(reason('pkg:generic/openssl@1.1.1') ?? '', /generic has no OSV ecosystem/);
    assert.match(reason('pkg:rpm/redhat/openssl@3.0.7') ?? '', /rpm purls are not mapped/);
    assert.match(reason('pkg:bitbucket/acme/thing@1.0') ?? '', /"bitbucket" has no OSV ecosystem/);
    assert.match(reason('pkg:npm/left-pad') ?? '', /no version/);
    assert.match(reason('not-a-purl') ?? '', /invalid purl/);
    assert.match(reason('pkg:npm/private@1.0.0?repository_url=https://npm.example.com') ?? '', /non-default registry/);
  });
});

describe('matching and the SBOM checks', () => {
  it('matches, applies VEX, and reports NOT_EVALUATED with reasons', () => {
    const sbom = parse(cycloneDx('1.6', [LODASH_VEX, DJANGO_VEX]));
    const report = matchSbom(sbom, db());
    const c = byName(report);
    const status = Object.fromEntries(report.components.map((r) => [r.component.name, r.status]));
    assert.deepEqual(status, {
      'acme-camera-firmware': 'NOT_EVALUATED',
      'golang.org/x/net': 'VULNERABLE',
      lodash: 'CLEAN',
      Django: 'VULNERABLE',
      'log4j-core': 'VULNERABLE',
      openssl: 'NOT_EVALUATED',
      'vendor-blob': 'NOT_EVALUATED',
      'mystery-lib': 'NOT_EVALUATED',
      debian: 'NOT_EVALUATED',
      libssl3: 'VULNERABLE',
      busybox: 'VULNERABLE',
      minimist: 'CLEAN',
    });
    assert.equal(c.get('vendor-blob')!.reason, 'only a CPE, no purl (CPEs are not mapped to OSV packages)');
    assert.equal(c.get('mystery-lib')!.reason, 'no purl');

    const net = c.get('golang.org/x/net')!.matches;
    assert.deepEqual(net, [
      {
        id: 'GO-T-NET',
        aliases: ['CVE-2099-1000'],
        summary: 'test advisory GO-T-NET',
        ecosystem: 'Go',
        package: 'golang.org/x/net',
        version: 'v0.0.0-20210405180319-a5a99cb37ef4',
        fixed: '0.7.0',
        severity: {
          rating: 'high',
          score: 7.5,
          vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
          source: 'CVSS_V3',
        },
        via: 'range',
      },
    ]);
    // the withdrawn lodash record is not there; the other is suppressed by VEX with its evidence
    const lodash = c.get('lodash')!.matches;
    assert.deepEqual(
      lodash.map((m) => [m.id, m.suppressed]),
      [
        [
          'GHSA-35jh-r3h4-6jhm',
          {
            vex: 'CVE-2021-23337',
            origin: 'sbom',
            path: 'vulnerabilities[0]',
            state: 'not_affected',
            justification: 'code_not_reachable',
            response: ['will_not_fix'],
            detail: 'template() is never called with user input',
          },
        ],
      ],
    );
    const django = c.get('Django')!.matches[0]!;
    assert.equal(django.suppressed, undefined, 'in_triage does not suppress');
    assert.equal(django.vex?.state, 'in_triage');
    assert.equal(django.severity.rating, 'medium');
    assert.equal(c.get('libssl3')!.ecosystem, 'Debian:12', 'release from the SBOM operating-system component');
    assert.equal(c.get('libssl3')!.matches[0]!.fixed, '3.0.11-1~deb12u2');
    assert.equal(c.get('busybox')!.matches[0]!.severity.rating, 'low');
    assert.equal(c.get('log4j-core')!.matches[0]!.severity.score, 10);
  });

  it('is NOT_EVALUATED, never clean, for ecosystems without a comparator or absent from the database', () => {
    const doc = {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      components: [
        { type: 'library', name: 'Newtonsoft.Json', version: '12.0.3', purl: 'pkg:nuget/Newtonsoft.Json@12.0.3' },
        { type: 'library', name: 'Other.Lib', version: '1.0.0', purl: 'pkg:nuget/Other.Lib@1.0.0' },
        { type: 'library', name: 'serde', version: '1.0.0', purl: 'pkg:cargo/serde@1.0.0' },
        { type: 'library', name: 'left-pad', version: 'latest', purl: 'pkg:npm/left-pad@latest' },
      ],
    };
    const report = matchSbom(parse(doc), db());
    assert.deepEqual(
      report.components.map((c) => [c.component.name, c.status, c.reason]),
      [
        ['Newtonsoft.Json', 'NOT_EVALUATED', 'no version comparator for NuGet'],
        ['Other.Lib', 'NOT_EVALUATED', 'no version comparator for NuGet'],
        ['serde', 'NOT_EVALUATED', 'the OSV database has no crates.io records'],
        ['left-pad', 'NOT_EVALUATED', 'version "latest" is not a valid SemVer version'],
      ],
    );
    assert.deepEqual(report.components[0]!.undecided, [
      { id: 'GHSA-test-nuget', reason: 'no version comparator for NuGet' },
    ]);
  });

  it('groups records that alias each other into one match', () => {
    const twins = osvDatabaseFromRecords([
      osvRecord('GHSA-aaaa-bbbb-cccc', [affected('PyPI', 'pkg', [eco({ introduced: '0' }, { fixed: '2.0' })])], {
        aliases: ['CVE-2099-7'],
        database_specific: { severity: 'LOW' },
      }),
      osvRecord('PYSEC-2099-7', [affected('PyPI', 'pkg', [eco({ introduced: '0' }, { fixed: '2.0' })])], {
        aliases: ['CVE-2099-7'],
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
      }),
    ]);
    const report = matchSbom(
      parse({
        bomFormat: 'CycloneDX',
        specVersion: '1.5',
        components: [{ type: 'library', name: 'pkg', purl: 'pkg:pypi/pkg@1.0' }],
      }),
      twins,
    );
    const matches = report.components[0]!.matches;
    assert.equal(matches.length, 1);
    assert.equal(matches[0]!.id, 'GHSA-aaaa-bbbb-cccc');
    assert.deepEqual(matches[0]!.aliases, ['CVE-2099-7', 'PYSEC-2099-7']);
    assert.equal(matches[0]!.severity.rating, 'high', 'the higher severity of the group');
  });

  it('SBOM-01/02/03 verdicts on the sample', () => {
    const sbom = parse(cycloneDx('1.6', [LODASH_VEX, DJANGO_VEX]));
    const results = run(sbom, matchSbom(sbom, db()));
    assert.equal(results['SBOM-01']!.verdict, 'INCONCLUSIVE');
    assert.match(results['SBOM-01']!.summary, /only 83\.3% of the 12 components have a purl or CPE and a version/);
    assert.ok(results['SBOM-01']!.details!.includes('not identified: mystery-lib (components[6]): no purl or CPE'));

    assert.equal(results['SBOM-02']!.verdict, 'FAIL');
    assert.match(
      results['SBOM-02']!.summary,
      /^4 known vulnerabilities at or above medium in 4 components, e\.g\. org\.apache\.logging\.log4j:log4j-core 2\.14\.1: GHSA-jfh8-c2jp-5v3q \(fixed in 2\.15\.0\); 1 suppressed by VEX$/,
    );
    const details = results['SBOM-02']!.details!;
    assert.ok(
      details.some(
        (d) =>
          d.startsWith('vulnerable: golang.org/x/net v0.0.0-20210405180319-a5a99cb37ef4') &&
          d.includes('fixed in 0.7.0'),
      ),
    );
    assert.ok(
      details.some((d) => d.startsWith('vulnerable: openssl 3.0.11-1~deb12u1') && d.includes('severity unknown')),
    );
    assert.ok(details.some((d) => d.startsWith('below threshold: busybox 1.36.1-r0')));
    assert.ok(
      details.some(
        (d) =>
          d.startsWith('suppressed: lodash 4.17.20') &&
          d.endsWith(
            'VEX CVE-2021-23337 at vulnerabilities[0]: not_affected; code_not_reachable; will_not_fix; template() is never called with user input',
          ),
      ),
    );

    assert.equal(results['SBOM-03']!.verdict, 'INCONCLUSIVE');
    assert.match(results['SBOM-03']!.summary, /^5 of 12 components \(41\.6%\) could not be evaluated/);
    assert.ok(
      results['SBOM-03']!.details!.includes(
        'NOT_EVALUATED: openssl 1.1.1k [pkg:generic/openssl@1.1.1k]: pkg:generic has no OSV ecosystem',
      ),
    );
  });

  it('SBOM-02 threshold and unknown severity options; PASS when nothing reaches the threshold', () => {
    const sbom = parse(cycloneDx('1.6', [LODASH_VEX]));
    const report = matchSbom(sbom, db());
    const critical = run(sbom, report, { failOn: 'critical', unknownSeverity: 'ignore' })['SBOM-02']!;
    assert.equal(critical.verdict, 'FAIL');
    assert.match(critical.summary, /^1 known vulnerability at or above critical in 1 component/);
    // without log4j nothing is critical
    const withoutLog4j = { ...report, components: report.components.filter((c) => c.component.name !== 'log4j-core') };
    const pass = run(sbom, withoutLog4j, { failOn: 'critical', unknownSeverity: 'ignore' })['SBOM-02']!;
    assert.equal(pass.verdict, 'PASS');
    assert.match(
      pass.summary,
      /no known vulnerability at or above critical in the 6 evaluated components; 4 below the threshold; 1 suppressed by VEX/,
    );
    const unknownCounts = run(sbom, withoutLog4j, { failOn: 'critical' })['SBOM-02']!;
    assert.equal(unknownCounts.verdict, 'FAIL', 'the Debian advisory has no severity and counts by default');
  });

  it('PASS throughout for a clean, fully identified SBOM; INCONCLUSIVE without a database', () => {
    const doc = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [
        { type: 'library', name: 'minimist', version: '1.2.6', purl: 'pkg:npm/minimist@1.2.6' },
        { type: 'library', name: 'golang.org/x/net', version: 'v0.7.0', purl: 'pkg:golang/golang.org/x/net@v0.7.0' },
      ],
    };
    const sbom = parse(doc);
    const results = run(sbom, matchSbom(sbom, db()));
    assert.deepEqual(
      Object.values(results).map((r) => r.verdict),
      ['PASS', 'PASS', 'PASS'],
    );
    assert.equal(results['SBOM-03']!.summary, 'all 2 components were evaluated against the OSV database');
    const noDb = run(sbom, undefined);
    assert.equal(noDb['SBOM-01']!.verdict, 'PASS');
    assert.equal(noDb['SBOM-02']!.verdict, 'INCONCLUSIVE');
    assert.equal(noDb['SBOM-03']!.verdict, 'INCONCLUSIVE');
  });

  it('SBOM-01 fails an invalid document', () => {
    const bad = cycloneDx('1.6');
    (bad.components as Record<string, unknown>[])[0]!.type = 'gadget';
    const result = run(parse(bad), undefined)['SBOM-01']!;
    assert.equal(result.verdict, 'FAIL');
    assert.match(result.summary, /^the SBOM is not valid CycloneDX 1\.6: 1 problem, first: components\.0\.type/);
  });

  it('verifySbom reads the files a spec names and returns observations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotassure-sbom-'));
    writeFileSync(join(dir, 'bom.json'), JSON.stringify(cycloneDx('1.6', [LODASH_VEX])));
    writeFileSync(join(dir, 'osv.json'), JSON.stringify(RECORDS));
    const spec = { targets: [{ host: '127.0.0.1', services: [] }], sbom: 'bom.json', osv: 'osv.json' };
    const result = (await verifySbom(spec, { baseDir: dir }))!;
    assert.deepEqual(
      result.observations.map((o) => [o.id, o.check, o.target, o.verdict]),
      [
        ['SBOM-01@bom.json', 'SBOM-01', 'bom.json', 'INCONCLUSIVE'],
        ['SBOM-02@bom.json', 'SBOM-02', 'bom.json', 'FAIL'],
        ['SBOM-03@bom.json', 'SBOM-03', 'bom.json', 'INCONCLUSIVE'],
      ],
    );
    assert.deepEqual(result.observations[1]!.controls, ['component-vulnerability-monitoring', 'security-testing']);
    assert.equal(await verifySbom({}), undefined, 'nothing to do without sbom:');
  });

  it('the runner plans the SBOM checks once per spec and runs them before any network check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotassure-sbom-'));
    writeFileSync(join(dir, 'bom.json'), JSON.stringify(cycloneDx('1.6', [LODASH_VEX])));
    writeFileSync(join(dir, 'osv.json'), JSON.stringify(RECORDS));
    const spec = {
      targets: [
        { host: '127.0.0.1', services: [] },
        { host: '127.0.0.2', services: [] },
      ],
      sbom: 'bom.json',
      osv: 'osv.json',
    };
    const only = ['SBOM-02', 'SBOM-03'];
    const plan = await planRun(spec, { only, baseDir: dir, env: {} });
    assert.deepEqual(plan.items, [], 'no network check selected');
    assert.deepEqual(plan.sbom, { sbom: 'bom.json', osv: 'osv.json', baseDir: dir, checks: ['SBOM-02', 'SBOM-03'] });
    const result = await executePlan(plan, { env: {} });
    assert.deepEqual(
      result.observations.map((o) => [o.check, o.verdict]),
      [
        ['SBOM-02', 'FAIL'],
        ['SBOM-03', 'INCONCLUSIVE'],
      ],
      'once for the spec, not once per target',
    );
    assert.equal((await planRun({ ...spec, osv: undefined }, { only, env: {} })).sbom, undefined, 'needs osv: too');
    const missing = await planRun({ ...spec, sbom: 'nope.json' }, { only, baseDir: dir, env: {} });
    await assert.rejects(executePlan(missing, { env: {} }), /nope\.json: error: SBOM not found/);
  });

  it('the archive matcher gives the same report as matchSbom, in the main thread and with workers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotassure-sbom-'));
    writeSampleArchive(join(dir, 'all.zip'));
    const sbom = sampleArchiveSbom();
    const expected = matchSbom(sbom, loadOsvDatabase(join(dir, 'all.zip')));
    assert.equal(byName(expected).get('bash')!.matches[0]!.id, 'UBUNTU-T-1', 'Ubuntu LTS ecosystem resolved');
    for (const workers of [0, 1, 2]) {
      for (const index of [false, true]) {
        const archive = new OsvArchive(join(dir, 'all.zip'), { workers, entriesPerThread: 0, entriesPerBlock: 1 });
        const { report, db } = await archive.match(sbom, { index });
        const label = `${workers} workers${index ? ', with index' : ''}`;
        assert.ok(isDeepStrictEqual(report.components, expected.components), `components differ with ${label}`);
        assert.deepEqual(report.database, expected.database, label);
        assert.equal(report.database.malformed, 2, 'the broken record and the one with bad ranges');
        assert.equal(report.warnings.length, 2);
        if (index) {
          assert.equal(db!.lookup('npm', 'minimist')[0]?.record.id, 'GHSA-xvch-5gv4-984h', 'the index serves lookups');
        } else assert.equal(db, undefined);
      }
    }
  });

  it('reads the blocks of a worker that failed before the pass in the main thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotassure-sbom-'));
    writeSampleArchive(join(dir, 'all.zip'));
    const sbom = sampleArchiveSbom();
    const expected = matchSbom(sbom, loadOsvDatabase(join(dir, 'all.zip')));
    const archive = new OsvArchive(join(dir, 'all.zip'), { workers: 1, entriesPerThread: 0, entriesPerBlock: 1 });
    // the worker ends before `match` hands it a share (as one that crashed would); private, so reached by name
    const [worker] = (archive as unknown as { workers: { thread: Worker }[] }).workers;
    assert.ok(worker, 'a worker was started');
    await worker.thread.terminate();
    const { report, threads, entriesRead } = await archive.match(sbom);
    assert.ok(isDeepStrictEqual(report.components, expected.components), 'the same components');
    assert.deepEqual(report.database, expected.database);
    assert.equal(threads, 1, 'only the main thread read');
    assert.equal(entriesRead, report.database.records, 'every entry read once');
  });

  it('starts a worker only for a share of the entries that repays its cost', () => {
    assert.equal(workersFor(100_000, 1, ENTRIES_PER_THREAD), 1, 'a first pass over 100 000 records');
    assert.equal(workersFor(47_221, 1, ENTRIES_PER_THREAD), 0, 'the 47 221 entries an index selected');
    assert.equal(workersFor(100_000, 3, ENTRIES_PER_THREAD), 2, 'fewer than asked: three shares of 33 333');
    assert.equal(workersFor(59_999, 3, 30_000), 0);
    assert.equal(workersFor(60_000, 3, 30_000), 1);
    assert.equal(workersFor(10_000_000, 3, 30_000), 3, 'never more than asked');
    assert.equal(workersFor(0, 2, 30_000), 0);
    assert.equal(workersFor(5, 2, 0), 2, 'no share size: as many as asked');
  });

  it('the checks name controls that list them, and requirements that exist', () => {
    const catalog = loadCatalog();
    for (const check of sbomChecks) {
      for (const id of check.meta.controls) {
        const control = catalog.controls.get(id);
        assert.ok(control, `${check.meta.id}: unknown control ${id}`);
        assert.ok(control.verification?.checks?.includes(check.meta.id), `${id} does not list ${check.meta.id}`);
      }
      for (const ref of check.meta.requirements)
        assert.ok(catalog.requirement(ref), `${check.meta.id}: unknown requirement ${ref}`);
    }
    // every control that lists an SBOM check is named by that check
    for (const control of catalog.controls.values()) {
      for (const id of control.verification?.checks ?? []) {
        const check = sbomChecks.find((c) => c.meta.id === id);
        if (check) assert.ok(check.meta.controls.includes(control.id), `${id} should name ${control.id}`);
      }
    }
  });
});

describe('vulnerability policy and VEX', () => {
  /** The samples on disk: the SBOM (with its own VEX for lodash), the OSV records, and `extra` files. */
  function files(extra: Record<string, unknown> = {}): string {
    const dir = mkdtempSync(join(tmpdir(), 'iotassure-vex-'));
    writeFileSync(join(dir, 'bom.json'), JSON.stringify(cycloneDx('1.6', [LODASH_VEX])));
    writeFileSync(join(dir, 'osv.json'), JSON.stringify(RECORDS));
    for (const [name, value] of Object.entries(extra)) writeFileSync(join(dir, name), JSON.stringify(value));
    return dir;
  }
  const sbom02 = (result: { observations: EvidenceObservation[] }) =>
    result.observations.find((o) => o.check === 'SBOM-02')!;

  it('takes the severity threshold from the targets file', async () => {
    const dir = files();
    const base = { targets: [{ host: '127.0.0.1', services: [] }], sbom: 'bom.json', osv: 'osv.json' };
    const run = async (vulnerabilities?: VerificationSpec['vulnerabilities']) => {
      const plan = await planRun(
        { ...base, ...(vulnerabilities && { vulnerabilities }) },
        { baseDir: dir, env: {}, only: ['SBOM-02'] },
      );
      return sbom02(await executePlan(plan, { env: {} }));
    };
    const medium = await run();
    const critical = await run({ failOn: 'critical', unknownSeverity: 'ignore' });
    assert.match(medium.summary, /at or above medium/);
    assert.match(
      critical.summary,
      /^1 known vulnerability at or above critical in 1 component, e\.g\. org\.apache\.logging\.log4j:log4j-core/,
    );
    assert.ok(
      critical.details!.some((d) => /threshold critical$/.test(d)),
      JSON.stringify(critical.details),
    );
  });

  it('applies analysis states from the targets file over a VEX document, and both over the SBOM', async () => {
    const vexInput = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      version: 1,
      vulnerabilities: [
        { id: 'PYSEC-T-DJANGO', analysis: { state: 'false_positive' }, affects: [{ ref: 'ref-2' }] },
        { id: 'CVE-2021-44228', analysis: { state: 'not_affected', justification: 'code_not_present' } },
      ],
    };
    const dir = files({ 'input.vex.json': vexInput });
    const result = (await verifySbom(
      {
        sbom: 'bom.json',
        osv: 'osv.json',
        vulnerabilities: {
          vex: 'input.vex.json',
          // the SBOM says lodash's flaw is not_affected; the owner now says otherwise
          analysis: [
            {
              id: 'CVE-2021-23337',
              component: 'pkg:npm/lodash@4.17.20',
              state: 'exploitable',
              detail: 'reachable after all',
            },
          ],
        },
      },
      { baseDir: dir, source: 'targets.yaml' },
    ))!;
    const match = (name: string) => result.report!.components.find((c) => c.component.name === name)!.matches[0]!;
    assert.equal(match('Django').suppressed?.state, 'false_positive', 'from the VEX document');
    assert.equal(match('Django').suppressed?.origin, 'vex');
    assert.equal(match('log4j-core').suppressed?.justification, 'code_not_present');
    assert.equal(
      match('lodash').suppressed,
      undefined,
      "the targets file's exploitable decides over the SBOM's not_affected",
    );
    assert.equal(match('lodash').vex?.path, 'targets.yaml vulnerabilities.analysis[0]');
  });

  it('writes a CycloneDX 1.6 VEX document of the matches that validates against the official schema', async () => {
    const dir = files();
    const targets = join(dir, 'targets.json');
    writeFileSync(
      targets,
      JSON.stringify({
        targets: [{ host: '127.0.0.1', services: [] }],
        sbom: 'bom.json',
        osv: 'osv.json',
        vulnerabilities: { analysis: [{ id: 'GO-T-NET', state: 'in_triage', detail: 'owner looking at it' }] },
      }),
    );
    let stderr = '';
    const out = join(dir, 'out');
    const code = await main(['verify', targets, '--only', 'SBOM-02', '--out', out, '--quiet'], {
      stdout: () => {},
      stderr: (t) => (stderr += t),
      tty: false,
    });
    assert.equal(code, 1, stderr);
    const vex = JSON.parse(readFileSync(join(out, 'vex.cdx.json'), 'utf8')) as {
      vulnerabilities: { id: string; affects: { ref: string }[]; analysis: { state: string; detail?: string } }[];
    };
    assert.deepEqual(cycloneDx16Errors(vex), []);
    const shared = join(import.meta.dirname, '../../../shared/schemas/cyclonedx/bom-1.6.schema.json');
    if (existsSync(shared)) {
      const vendored = join(import.meta.dirname, '../../schemas/bom-1.6.schema.json');
      assert.equal(readFileSync(vendored, 'utf8'), readFileSync(shared, 'utf8'), 'validated with the reference schema');
    }
    const byId = new Map(vex.vulnerabilities.map((v) => [v.id, v]));
    assert.equal(byId.get('GHSA-35jh-r3h4-6jhm')!.analysis.state, 'not_affected', "the SBOM's own VEX");
    assert.equal(byId.get('GO-T-NET')!.analysis.state, 'in_triage');
    assert.match(byId.get('GO-T-NET')!.analysis.detail!, /owner looking at it; from the targets file/);
    assert.equal(byId.get('PYSEC-T-DJANGO')!.analysis.state, 'in_triage', 'not analysed yet');
    assert.equal(
      byId.get('GHSA-35jh-r3h4-6jhm')!.affects[0]!.ref,
      'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#ref-1',
      'a BOM-Link into the SBOM',
    );
  });

  it('names the components it speaks about itself when the SBOM gives no BOM-Link (SPDX)', () => {
    const sbom = parse(spdx('2.3'));
    const vex = vexDocument(sbom, matchSbom(sbom, db()), { tool: { name: 'iotassure', version: 'test' } });
    assert.deepEqual(cycloneDx16Errors(vex), []);
    const components = vex.components as { 'bom-ref': string }[];
    const refs = (vex.vulnerabilities as { affects: { ref: string }[] }[]).map((v) => v.affects[0]!.ref);
    assert.ok(refs.length > 0);
    assert.ok(
      refs.every((r) => components.some((c) => c['bom-ref'] === r)),
      JSON.stringify(refs),
    );
  });
});
