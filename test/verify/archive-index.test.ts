import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { strToU8, zipSync } from 'fflate';
import {
  archiveIndexFolder,
  KEPT_INDEXES,
  loadOsvDatabase,
  type MatchReport,
  matchSbom,
  OsvArchive,
  osvZipEntries,
  parseSbom,
  type Sbom,
  selectEntries,
  verifySbom,
} from '../../src/verify/sbom/index.js';
import { affected, osvRecord } from '../support/osv.js';
import { eco, RECORDS, sampleArchiveSbom, writeSampleArchive } from '../support/osv-samples.js';
import { cycloneDx } from '../support/sbom-samples.js';

/** A folder with the sample all.zip, and where its index is to be kept. */
function sample(): { zip: string; folder: string; records: number } {
  const dir = mkdtempSync(join(tmpdir(), 'iotassure-osv-index-'));
  const zip = join(dir, 'all.zip');
  writeSampleArchive(zip);
  return { zip, folder: join(dir, 'cache'), records: osvZipEntries(readFileSync(zip), zip).length };
}

const indexFiles = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.osv-index.json'));

function match(zip: string, folder: string, sbom: Sbom, workers = 0) {
  // a block per entry: the threads take the archive's entries in turn
  return new OsvArchive(zip, { workers, entriesPerThread: 0, entriesPerBlock: 1, indexFolder: folder }).match(sbom);
}

/**
 * Holds an archive run's report to matchSbom's over the same archive: the same components and database summary, and
 * the same warnings (matchSbom meets malformed records in another order).
 */
function assertMatchesDatabase(report: MatchReport, zip: string, sbom: Sbom, what = ''): void {
  const expected = matchSbom(sbom, loadOsvDatabase(zip));
  assert.ok(isDeepStrictEqual(report.components, expected.components), `components differ ${what}`);
  assert.deepEqual(report.database, expected.database, what);
  assert.deepEqual([...report.warnings].sort(), [...expected.warnings].sort(), what);
}

/** An SBOM whose one package no record of the sample archive names. */
const unrelated = parseSbom(
  JSON.stringify({
    ...cycloneDx('1.6'),
    components: [{ type: 'library', name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' }],
  }),
  'unrelated.json',
);

describe('OSV archive index', () => {
  it('is written by a first run; later runs read only what the SBOM needs and report the same', async () => {
    for (const workers of [0, 1, 2]) {
      const { zip, folder, records } = sample();
      const sbom = sampleArchiveSbom();
      const first = await match(zip, folder, sbom, workers);
      assert.equal(first.entriesRead, records, 'without an index every entry is read');
      assert.equal(first.threads, workers + 1, 'the main thread and the workers asked for');
      assert.equal(indexFiles(folder).length, 1);
      assertMatchesDatabase(first.report, zip, sbom, `${workers} workers`);
      const second = await match(zip, folder, sbom, workers);
      assert.ok(second.entriesRead < records, `${second.entriesRead} of ${records} entries read with the index`);
      assert.equal(second.threads, workers + 1, 'workers started once the index told the entries to read');
      assert.deepEqual(second.report, first.report, `${workers} workers: the same report with the index`);
      assert.equal(second.report.database.malformed, 2, 'the records only a full parse can judge are still read');
      // an SBOM none of whose packages the archive names: only the two records the scan cannot index are read
      const clean = await match(zip, folder, unrelated, workers);
      assert.equal(clean.entriesRead, 2);
      assertMatchesDatabase(clean.report, zip, unrelated);
    }
  });

  it('verifySbom keeps the index in the folder it is given, and says what its pass read', async () => {
    const { zip, folder, records } = sample();
    const sbomFile = join(folder, '..', 'bom.json');
    writeFileSync(sbomFile, JSON.stringify(cycloneDx('1.6')));
    const result = await verifySbom({ sbom: sbomFile, osv: zip }, { osvIndexFolder: folder });
    assert.ok(result?.report);
    assert.equal(indexFiles(folder).length, 1);
    assert.deepEqual(result.pass, { entriesRead: records, threads: 1 }, 'too few entries to repay a worker');
    const again = await verifySbom({ sbom: sbomFile, osv: zip }, { osvIndexFolder: folder });
    assert.ok(again!.pass!.entriesRead < records, `${again!.pass!.entriesRead} of ${records} entries read`);
  });

  it('is not used for another archive: a changed record gives another index', async () => {
    const { zip, folder, records } = sample();
    const sbom = sampleArchiveSbom();
    await match(zip, folder, sbom);
    // the same entry names, one record's fix moved: the archive's directory (CRC-32, sizes) changes
    const files: Record<string, Uint8Array> = {};
    for (const r of RECORDS) files[`${r.id}.json`] = strToU8(JSON.stringify(r, null, 2));
    files['GO-T-NET.json'] = strToU8(
      JSON.stringify(
        osvRecord('GO-T-NET', [affected('Go', 'golang.org/x/net', [eco({ introduced: '0' }, { fixed: '0.9.0' })])]),
      ),
    );
    writeFileSync(zip, zipSync(files));
    const changed = await match(zip, folder, sbom);
    assert.equal(changed.entriesRead, Object.keys(files).length);
    assert.notEqual(changed.entriesRead, records);
    assertMatchesDatabase(changed.report, zip, sbom);
    assert.equal(indexFiles(folder).length, 2, 'one index per archive');
  });

  it('ignores a kept index that is not well formed, and writes it anew', async () => {
    const { zip, folder, records } = sample();
    const sbom = sampleArchiveSbom();
    const expected = (await match(zip, folder, sbom)).report;
    const file = join(folder, indexFiles(folder)[0]!);
    const good = JSON.parse(readFileSync(file, 'utf8'));
    const part = good.parts[0];
    const spoilt: [string, string][] = [
      ['not JSON', '{"format": '],
      ['not an object', '[]'],
      ['another format', JSON.stringify({ ...good, format: 'iotassure-osv-archive-index-0' })],
      ['another digest', JSON.stringify({ ...good, digest: '0'.repeat(64) })],
      ['another entry count', JSON.stringify({ ...good, records: records + 1 })],
      ['no parts', JSON.stringify({ ...good, parts: undefined })],
      ['an entry past the archive', JSON.stringify({ ...good, parts: [{ ...part, pairs: [records, 0] }] })],
      ['a key past the keys', JSON.stringify({ ...good, parts: [{ ...part, pairs: [0, part.keys.length] }] })],
      ['a pair cut short', JSON.stringify({ ...good, parts: [{ ...part, pairs: part.pairs.slice(1) }] })],
      ['a key twice', JSON.stringify({ ...good, parts: [{ ...part, keys: part.keys.map(() => part.keys[0]) }] })],
      ['an entry read always past the archive', JSON.stringify({ ...good, always: [records] })],
    ];
    for (const [what, text] of spoilt) {
      writeFileSync(file, text);
      const run = await match(zip, folder, sbom);
      assert.equal(run.entriesRead, records, `${what}: not used`);
      assert.deepEqual(run.report, expected, what);
      assert.ok((await match(zip, folder, sbom)).entriesRead < records, `${what}: written anew`);
    }
  });

  it('is no error when the folder cannot be written', async () => {
    const { zip, folder, records } = sample();
    writeFileSync(folder, 'a file where the folder would be');
    const sbom = sampleArchiveSbom();
    for (let run = 0; run < 2; run++) {
      const { report, entriesRead } = await match(zip, join(folder, 'osv-index'), sbom);
      assert.equal(entriesRead, records);
      assertMatchesDatabase(report, zip, sbom);
    }
  });

  it(`keeps the newest ${KEPT_INDEXES} indexes`, async () => {
    const { folder } = sample();
    mkdirSync(folder, { recursive: true });
    const sbom = sampleArchiveSbom();
    for (let n = 0; n < KEPT_INDEXES + 2; n++) {
      const zip = join(folder, '..', `all-${n}.zip`);
      const record = osvRecord(`GHSA-T-${n}`, [affected('npm', 'lodash', [eco({ introduced: '0' })])]);
      writeFileSync(zip, zipSync({ [`GHSA-T-${n}.json`]: strToU8(JSON.stringify(record)) }));
      await match(zip, folder, sbom);
    }
    assert.equal(indexFiles(folder).length, KEPT_INDEXES);
  });

  it('is kept in the user cache folder unless IOTASSURE_OSV_INDEX=off', async (t) => {
    assert.equal(archiveIndexFolder({ XDG_CACHE_HOME: '/var/cache/me' }), '/var/cache/me/iotassure/osv-index');
    assert.equal(archiveIndexFolder({ XDG_CACHE_HOME: '/var/cache/me', IOTASSURE_OSV_INDEX: 'off' }), undefined);
    // verifySbom without a folder of its own: the environment's, as `iotassure verify` runs it
    const { zip, folder } = sample();
    const sbomFile = join(folder, '..', 'bom.json');
    writeFileSync(sbomFile, JSON.stringify(cycloneDx('1.6')));
    const saved = { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME, IOTASSURE_OSV_INDEX: process.env.IOTASSURE_OSV_INDEX };
    t.after(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });
    mkdirSync(folder);
    process.env.XDG_CACHE_HOME = folder;
    process.env.IOTASSURE_OSV_INDEX = 'off';
    await verifySbom({ sbom: sbomFile, osv: zip }, { workers: 0 });
    assert.deepEqual(readdirSync(folder), [], 'off: nothing written');
    delete process.env.IOTASSURE_OSV_INDEX;
    await verifySbom({ sbom: sbomFile, osv: zip }, { workers: 0 });
    assert.equal(indexFiles(join(folder, 'iotassure', 'osv-index')).length, 1);
  });

  it('selects the entries of the wanted keys from every part, and those read always, ascending', () => {
    const index = {
      ecosystems: ['Go', 'npm'],
      always: [1, 6],
      parts: [
        { keys: ['npm\u0000a', 'npm\u0000b'], pairs: [0, 0, 0, 1, 2, 0] },
        { keys: ['npm\u0000b', 'Go\u0000c'], pairs: [3, 0, 4, 1, 5, 0] },
      ],
    };
    assert.deepEqual(selectEntries(index, 8, new Set(['npm\u0000b', 'npm\u0000none'])), [0, 1, 3, 5, 6]);
    assert.deepEqual(selectEntries(index, 8, new Set(['npm\u0000a', 'Go\u0000c'])), [0, 1, 2, 4, 6]);
    assert.deepEqual(selectEntries(index, 8, new Set()), [1, 6]);
  });
});
