import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { InputError } from '../../src/util/diagnostics.js';
import { evaluateAffected, severityOf } from '../../src/verify/sbom/match.js';
import { loadOsvDatabase, osvDatabaseFromRecords, osvRecordProblem } from '../../src/verify/sbom/osv.js';
import { listZip } from '../../src/verify/sbom/zip.js';
import { affected, osvRecord } from '../support/osv.js';

const semver = (...events: Record<string, string>[]) => ({ type: 'SEMVER' as const, events });
const eco = (...events: Record<string, string>[]) => ({ type: 'ECOSYSTEM' as const, events });

describe('OSV range evaluation (the schema IsVulnerable algorithm)', () => {
  it('introduced/fixed pairs, several in one range, and the first fixed version above', () => {
    const a = affected('Go', 'stdlib', [
      semver({ introduced: '0' }, { fixed: '1.18.6' }, { introduced: '1.19.0-0' }, { fixed: '1.19.1' }),
    ]);
    osvRecord('GO-TEST-0001', [a]);
    assert.deepEqual(evaluateAffected('1.18.3', a), { affected: true, via: 'range', fixed: '1.18.6' });
    assert.deepEqual(evaluateAffected('1.18.6', a), { affected: false });
    assert.deepEqual(evaluateAffected('1.19.0', a), { affected: true, via: 'range', fixed: '1.19.1' });
    assert.deepEqual(evaluateAffected('1.19.1', a), { affected: false });
    assert.deepEqual(evaluateAffected('1.20.0', a), { affected: false });
    // events need not be written in order
    const unordered = affected('Go', 'stdlib', [
      semver({ fixed: '1.19.1' }, { introduced: '1.19.0-0' }, { fixed: '1.18.6' }, { introduced: '0' }),
    ]);
    assert.equal(evaluateAffected('1.19.0', unordered).affected, true);
    assert.equal(evaluateAffected('1.18.7', unordered).affected, false);
  });

  it('last_affected is inclusive and gives no fixed version', () => {
    const a = affected('npm', 'left-pad', [semver({ introduced: '1.0.0' }, { last_affected: '1.2.3' })]);
    osvRecord('GHSA-test-last-aff1', [a]);
    assert.deepEqual(evaluateAffected('1.2.3', a), { affected: true, via: 'range', lastAffected: '1.2.3' });
    assert.deepEqual(evaluateAffected('1.0.0', a), { affected: true, via: 'range', lastAffected: '1.2.3' });
    assert.equal(evaluateAffected('1.2.4', a).affected, false);
    assert.equal(evaluateAffected('0.9.0', a).affected, false);
  });

  it('several ranges: affected if any range says so; the lowest fixed version of the matching ones', () => {
    const a = affected('PyPI', 'django', [
      eco({ introduced: '3.2' }, { fixed: '3.2.19' }),
      eco({ introduced: '4.0' }, { fixed: '4.0.10' }),
      eco({ introduced: '4.1' }, { fixed: '4.1.7' }),
    ]);
    osvRecord('PYSEC-TEST-1', [a]);
    assert.deepEqual(evaluateAffected('4.0.2', a), { affected: true, via: 'range', fixed: '4.0.10' });
    assert.deepEqual(evaluateAffected('4.1.0', a), { affected: true, via: 'range', fixed: '4.1.7' });
    assert.equal(evaluateAffected('3.1', a).affected, false);
    assert.equal(evaluateAffected('3.2.19', a).affected, false);
    assert.equal(evaluateAffected('4.0.10', a).affected, false);
    // overlapping ranges: 2.5 is in both, and the lowest fix above it wins
    const overlap = affected('PyPI', 'pkg', [
      eco({ introduced: '2.0' }, { fixed: '3.0' }),
      eco({ introduced: '2.4' }, { fixed: '2.6' }),
    ]);
    assert.deepEqual(evaluateAffected('2.5', overlap), { affected: true, via: 'range', fixed: '2.6' });
  });

  it('limit bounds a range; without a limit the implicit one is *', () => {
    const a = affected('Go', 'example.com/m', [semver({ introduced: '1.0.0' }, { limit: '2.0.0' })]);
    osvRecord('GO-TEST-LIMIT', [a]);
    assert.equal(evaluateAffected('1.5.0', a).affected, true);
    assert.equal(evaluateAffected('2.0.0', a).affected, false);
    assert.equal(evaluateAffected('2.5.0', a).affected, false);
    const open = affected('Go', 'example.com/m', [semver({ introduced: '1.0.0' })]);
    assert.equal(evaluateAffected('99.0.0', open).affected, true);
    assert.equal(evaluateAffected('0.9.0', open).affected, false);
  });

  it('versions[] alone, and GIT ranges only through versions[]', () => {
    const listed = { package: { ecosystem: 'PyPI', name: 'pkg' }, versions: ['1.0', '1.1'] };
    osvRecord('PYSEC-TEST-LIST', [listed]);
    assert.deepEqual(evaluateAffected('1.1', listed), { affected: true, via: 'versions' });
    assert.deepEqual(evaluateAffected('1.2', listed), { affected: false });
    const git = affected(
      'PyPI',
      'pkg',
      [{ type: 'GIT', repo: 'https://example.com/pkg.git', events: [{ introduced: '0' }, { fixed: 'a'.repeat(40) }] }],
      { versions: ['2.0'] },
    );
    osvRecord('PYSEC-TEST-GIT', [git]);
    assert.deepEqual(evaluateAffected('2.0', git), { affected: true, via: 'versions' });
    assert.deepEqual(evaluateAffected('2.1', git), { affected: false });
    const gitOnly = affected('PyPI', 'pkg', [
      { type: 'GIT', repo: 'https://example.com/pkg.git', events: [{ introduced: '0' }] },
    ]);
    assert.match(evaluateAffected('2.1', gitOnly).undecided ?? '', /GIT range without a versions list/);
  });

  it('a match through versions[] only still reports the next fixed version from the ranges', () => {
    const a = affected('PyPI', 'pkg', [eco({ introduced: '1.5' }, { fixed: '2.0' })], { versions: ['1.0', '1.5'] });
    osvRecord('PYSEC-TEST-BOTH', [a]);
    assert.deepEqual(evaluateAffected('1.0', a), { affected: true, via: 'versions', fixed: '2.0' });
    assert.deepEqual(evaluateAffected('1.5', a), { affected: true, via: 'range', fixed: '2.0' });
  });

  it('ECOSYSTEM ranges of an ecosystem without a comparator are undecided, not clean', () => {
    const a = affected('NuGet', 'Newtonsoft.Json', [eco({ introduced: '0' }, { fixed: '13.0.1' })]);
    osvRecord('GHSA-test-nuget-1', [a]);
    assert.deepEqual(evaluateAffected('12.0.3', a), { affected: false, undecided: 'no version comparator for NuGet' });
    // SEMVER ranges are SemVer whatever the ecosystem
    const s = affected('NuGet', 'Newtonsoft.Json', [semver({ introduced: '0' }, { fixed: '13.0.1' })]);
    assert.equal(evaluateAffected('12.0.3', s).affected, true);
  });

  it('an unparsable installed or event version makes the range undecided', () => {
    const a = affected('npm', 'x', [semver({ introduced: '0' }, { fixed: '1.0.0' })]);
    assert.match(evaluateAffected('latest', a).undecided ?? '', /"latest" is not a valid SemVer version/);
    const b = affected('npm', 'x', [semver({ introduced: '0' }, { fixed: 'one' })]);
    assert.match(evaluateAffected('0.5.0', b).undecided ?? '', /"one" is not a valid SemVer version/);
  });

  it('Debian and Alpine ranges use dpkg and apk ordering', () => {
    const deb = affected('Debian:12', 'openssl', [eco({ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' })]);
    osvRecord('DSA-TEST-1', [deb]);
    assert.equal(evaluateAffected('3.0.11-1~deb12u1', deb).affected, true);
    assert.equal(evaluateAffected('3.0.11-1~deb12u2', deb).affected, false);
    assert.equal(evaluateAffected('3.0.11-1', deb).affected, false, '~deb12u2 sorts before the plain revision');
    const apk = affected('Alpine:v3.18', 'busybox', [eco({ introduced: '0' }, { fixed: '1.36.1-r2' })]);
    osvRecord('ALPINE-TEST-1', [apk]);
    assert.deepEqual(evaluateAffected('1.36.1-r0', apk), { affected: true, via: 'range', fixed: '1.36.1-r2' });
    assert.equal(evaluateAffected('1.36.1-r10', apk).affected, false);
  });

  it('severity from a CVSS vector, else database_specific.severity, else unknown', () => {
    const a = affected('npm', 'x', [semver({ introduced: '0' })]);
    const v3 = osvRecord('GHSA-test-sev3', [a], {
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    });
    assert.deepEqual(severityOf(v3, [a]), {
      rating: 'critical',
      score: 9.8,
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      source: 'CVSS_V3',
    });
    const v4 = osvRecord('GHSA-test-sev4', [a], {
      severity: [
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
        { type: 'CVSS_V4', score: 'CVSS:4.0/AV:L/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N' },
      ],
    });
    assert.equal(severityOf(v4, [a]).source, 'CVSS_V4');
    assert.equal(severityOf(v4, [a]).rating, 'low');
    const v2 = osvRecord('GHSA-test-sev2', [a], {
      severity: [{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' }],
    });
    assert.deepEqual(severityOf(v2, [a]), {
      rating: 'high',
      score: 7.5,
      vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P',
      source: 'CVSS_V2',
    });
    const label = osvRecord('GHSA-test-sevl', [a], { database_specific: { severity: 'MODERATE' } });
    assert.deepEqual(severityOf(label, [a]), { rating: 'medium', vector: 'MODERATE', source: 'database_specific' });
    assert.deepEqual(severityOf(osvRecord('GO-TEST-NOSEV', [a]), [a]), { rating: 'unknown' });
    // a broken vector falls through to the label
    const broken = { ...label, severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N' }] };
    assert.equal(severityOf(broken, [a]).rating, 'medium');
  });
});

describe('OSV database loading', () => {
  const records = [
    osvRecord('GO-T-1', [affected('Go', 'golang.org/x/net', [semver({ introduced: '0' }, { fixed: '0.7.0' })])], {
      aliases: ['CVE-2099-0001'],
    }),
    osvRecord('GO-T-2', [affected('Go', 'golang.org/x/net', [semver({ introduced: '0' }, { fixed: '0.1.0' })])], {
      withdrawn: '2026-02-01T00:00:00Z',
    }),
    osvRecord('PYSEC-T-3', [affected('PyPI', 'Django_Rest.Framework', [eco({ introduced: '0' }, { fixed: '3.0' })])]),
  ];

  function check(db: ReturnType<typeof loadOsvDatabase>): void {
    assert.deepEqual(
      db.lookup('Go', 'golang.org/x/net').map((h) => h.record.id),
      ['GO-T-1'],
      'the withdrawn record is skipped',
    );
    assert.equal(db.stats.withdrawn, 1);
    assert.deepEqual(
      db.lookup('PyPI', 'django-rest-framework').map((h) => h.record.id),
      ['PYSEC-T-3'],
      'PyPI names are compared normalised',
    );
    assert.equal(db.hasEcosystem('Go'), true);
    assert.equal(db.hasEcosystem('npm'), false);
    assert.deepEqual(db.ecosystems(), ['Go', 'PyPI']);
  }

  it('reads an all.zip, a folder of files and an array file alike', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotassure-osv-'));
    const files: Record<string, Uint8Array> = {};
    for (const r of records) files[`${r.id}.json`] = strToU8(JSON.stringify(r, null, 2));
    writeFileSync(join(dir, 'all.zip'), zipSync(files));
    check(loadOsvDatabase(join(dir, 'all.zip')));

    mkdirSync(join(dir, 'folder', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'folder', 'GO-T-1.json'), JSON.stringify(records[0]));
    writeFileSync(join(dir, 'folder', 'nested', 'GO-T-2.json'), JSON.stringify(records[1]));
    writeFileSync(join(dir, 'folder', 'nested', 'PYSEC-T-3.json'), JSON.stringify(records[2]));
    writeFileSync(join(dir, 'folder', 'README.md'), '# not a record');
    check(loadOsvDatabase(join(dir, 'folder')));

    writeFileSync(join(dir, 'records.json'), JSON.stringify(records));
    check(loadOsvDatabase(join(dir, 'records.json')));
  });

  it('skips and counts malformed records with a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotassure-osv-'));
    const good = records[0]!;
    writeFileSync(join(dir, 'good.json'), JSON.stringify(good));
    writeFileSync(join(dir, 'not-json.json'), '{"id": "X", "affected": [');
    writeFileSync(join(dir, 'no-id.json'), JSON.stringify({ affected: [] }));
    // the package is found by the fast scan, the bad event only when the record is parsed for the lookup
    writeFileSync(
      join(dir, 'bad-event.json'),
      JSON.stringify({
        id: 'GO-BAD',
        affected: [
          {
            package: { ecosystem: 'Go', name: 'golang.org/x/net' },
            ranges: [{ type: 'SEMVER', events: [{ fixed: '1.0.0' }] }],
          },
        ],
      }),
    );
    const db = loadOsvDatabase(dir);
    assert.deepEqual(
      db.lookup('Go', 'golang.org/x/net').map((h) => h.record.id),
      ['GO-T-1'],
    );
    assert.equal(db.stats.malformed, 3);
    assert.equal(db.warnings.length, 3);
    assert.ok(db.warnings.some((w) => w.includes('bad-event.json') && w.includes('no "introduced" event')));
    assert.ok(db.warnings.some((w) => w.includes('not-json.json') && w.includes('not JSON')));
  });

  it('finds packages without parsing, but not in strings that only look like keys', () => {
    const tricky = osvRecord('GO-T-TRICKY', [affected('Go', 'real/module', [semver({ introduced: '0' })])], {
      details: 'an escaped key in text: "package": {"ecosystem": "Go", "name": "fake/module"}',
    });
    const dir = mkdtempSync(join(tmpdir(), 'iotassure-osv-'));
    writeFileSync(join(dir, 'all.zip'), zipSync({ 'GO-T-TRICKY.json': strToU8(JSON.stringify(tricky)) }));
    const db = loadOsvDatabase(join(dir, 'all.zip'));
    assert.equal(db.lookup('Go', 'real/module').length, 1);
    assert.equal(db.lookup('Go', 'fake/module').length, 0);
    assert.equal(db.stats.packages, 1);
    assert.equal(db.stats.parsed, 1, 'only the looked-up record was parsed');
  });

  it('reads archives with more than 65 535 entries (the 16-bit entry count wraps)', () => {
    const files: Record<string, Uint8Array> = {};
    const body = strToU8('{}');
    for (let i = 0; i < 65_540; i++) files[`${i}.json`] = body;
    const zip = Buffer.from(zipSync(files, { level: 0 }));
    assert.equal(listZip(zip).length, 65_540);
  });

  it('reads ZIP64 archives, as Go archive/zip writes them for large databases', () => {
    const record = Buffer.from(JSON.stringify(records[0]));
    const name = Buffer.from('GO-T-1.json');
    const u64 = (n: number) => {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(BigInt(n));
      return b;
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(45, 4);
    local.writeUInt32LE(0xffffffff, 18);
    local.writeUInt32LE(0xffffffff, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(20, 28);
    const localExtra = Buffer.concat([Buffer.from([1, 0, 16, 0]), u64(record.length), u64(record.length)]);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(45, 6);
    central.writeUInt32LE(0xffffffff, 20);
    central.writeUInt32LE(0xffffffff, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(28, 30);
    central.writeUInt32LE(0xffffffff, 42);
    const centralExtra = Buffer.concat([Buffer.from([1, 0, 24, 0]), u64(record.length), u64(record.length), u64(0)]);
    const cdOffset = local.length + name.length + localExtra.length + record.length;
    const cdSize = central.length + name.length + centralExtra.length;
    const eocd64 = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x06, 0x06]),
      u64(44),
      Buffer.from([45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
      u64(1),
      u64(1),
      u64(cdSize),
      u64(cdOffset),
    ]);
    const locator = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x06, 0x07, 0, 0, 0, 0]),
      u64(cdOffset + cdSize),
      Buffer.from([1, 0, 0, 0]),
    ]);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(0xffff, 8);
    eocd.writeUInt16LE(0xffff, 10);
    eocd.writeUInt32LE(0xffffffff, 12);
    eocd.writeUInt32LE(0xffffffff, 16);
    const zip = Buffer.concat([local, name, localExtra, record, central, name, centralExtra, eocd64, locator, eocd]);
    assert.deepEqual(
      listZip(zip).map((e) => [e.name, e.size, e.localOffset]),
      [['GO-T-1.json', record.length, 0]],
    );
    const dir = mkdtempSync(join(tmpdir(), 'iotassure-osv-'));
    writeFileSync(join(dir, 'zip64.zip'), zip);
    assert.equal(loadOsvDatabase(join(dir, 'zip64.zip')).lookup('Go', 'golang.org/x/net')[0]?.record.id, 'GO-T-1');
  });

  it('refuses what is not an OSV database with an InputError naming the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotassure-osv-'));
    writeFileSync(join(dir, 'broken.zip'), 'PK not really');
    writeFileSync(join(dir, 'db.txt'), 'x');
    assert.throws(
      () => loadOsvDatabase(join(dir, 'missing.zip')),
      (e: unknown) => e instanceof InputError && /missing\.zip.*ENOENT/.test(e.message),
    );
    assert.throws(
      () => loadOsvDatabase(join(dir, 'broken.zip')),
      (e: unknown) => e instanceof InputError && /broken\.zip: .*not a readable ZIP/.test(e.message),
    );
    assert.throws(
      () => loadOsvDatabase(join(dir, 'db.txt')),
      (e: unknown) => e instanceof InputError && /db\.txt/.test(e.message),
    );
  });

  it('validates records loosely', () => {
    assert.equal(osvRecordProblem(records[0]), undefined);
    assert.match(osvRecordProblem({ id: 'x', affected: [{ package: { name: 'a' } }] }) ?? '', /ecosystem/);
    assert.match(
      osvRecordProblem({
        id: 'x',
        affected: [
          {
            package: { ecosystem: 'Go', name: 'a' },
            ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1' }] }],
          },
        ],
      }) ?? '',
      /exactly one/,
    );
    assert.equal(osvDatabaseFromRecords([records[0], { nonsense: true }]).stats.malformed, 1);
  });

  it('says what is wrong with each kind of malformed record', () => {
    const pkg = { ecosystem: 'Go', name: 'a' };
    const withRanges = (...ranges: unknown[]) => ({ id: 'x', affected: [{ package: pkg }, { package: pkg, ranges }] });
    const range = (...events: unknown[]) => ({ type: 'SEMVER', events });
    const cases: [unknown, string | undefined][] = [
      [[], 'not a JSON object'],
      [{ id: '' }, 'no "id"'],
      [{ id: 'x', withdrawn: 1 }, '"withdrawn" is not a string'],
      [{ id: 'x', aliases: ['a', 1] }, '"aliases" is not a list of strings'],
      [{ id: 'x', severity: [{ type: 'CVSS_V3' }] }, '"severity" is malformed'],
      [{ id: 'x', affected: {} }, '"affected" is not a list'],
      [{ id: 'x', affected: [null] }, 'affected[0] is not an object'],
      [
        { id: 'x', affected: [{ package: pkg }, { package: { ecosystem: 'Go' } }] },
        'affected[1].package needs "ecosystem" and "name"',
      ],
      [{ id: 'x', affected: [{ package: pkg, versions: [1] }] }, 'affected[0].versions is not a list of strings'],
      [{ id: 'x', affected: [{ package: pkg, severity: {} }] }, 'affected[0].severity is malformed'],
      [{ id: 'x', affected: [{ package: pkg, ranges: {} }] }, 'affected[0].ranges is not a list'],
      [withRanges(range({ introduced: '0' }), { type: 'SEMVER' }), 'affected[1].ranges[1] needs "type" and "events"'],
      [
        withRanges(range({ introduced: '0' }, {})),
        'affected[1].ranges[0].events[1] must have exactly one of introduced, fixed, last_affected, limit',
      ],
      [
        withRanges(range({ introduced: '0' }, ['1'])),
        'affected[1].ranges[0].events[1] must have exactly one of introduced, fixed, last_affected, limit',
      ],
      [
        withRanges(range({ introduced: '0' }, { fixed: '1', limit: '2' })),
        'affected[1].ranges[0].events[1] must have exactly one of introduced, fixed, last_affected, limit',
      ],
      [
        withRanges(range({ introduced: '0' }, { fixes: '1' })),
        'affected[1].ranges[0].events[1] must have exactly one of introduced, fixed, last_affected, limit',
      ],
      [withRanges(range({ introduced: '0' }, { fixed: 1 })), 'affected[1].ranges[0].events[1].fixed is not a string'],
      [withRanges(range({ fixed: '1' })), 'affected[1].ranges[0] has no "introduced" event'],
      [withRanges(range({ introduced: '0' }, { fixed: '1' }), range({ introduced: '2' }, { limit: '*' })), undefined],
    ];
    for (const [record, problem] of cases) assert.equal(osvRecordProblem(record), problem, JSON.stringify(record));
  });
});
