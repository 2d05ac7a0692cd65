/**
 * The built-in catalog's snapshot (written by `npm run build`): the built code reads the catalog from it only while
 * it describes the same files and the same code, and what it reads equals the catalog parsed from the YAML.
 * Runs against dist/, which `npm test` builds first.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from './fixtures/system.js';

// The built modules (dist/), typed as their sources: the snapshot belongs to the build.
const built = <T>(path: string): Promise<T> => import(new URL(`../dist/${path}`, import.meta.url).href);
const { BUILTIN_CATALOG, buildCatalog, catalogFiles } =
  await built<typeof import('../src/catalog/load.js')>('catalog/load.js');
const { readSnapshot, SNAPSHOT_FILE } = await built<typeof import('../src/catalog/snapshot.js')>('catalog/snapshot.js');
const { readSourceFile } = await built<typeof import('../src/input/source.js')>('input/source.js');

const files = catalogFiles([BUILTIN_CATALOG]);
const texts = files.map((f) => readFileSync(f, 'utf8'));

/** A catalog's parts as plain lists, to compare two catalogs. */
function parts(catalog: NonNullable<ReturnType<typeof readSnapshot>>) {
  return {
    digest: catalog.digest,
    files: catalog.files,
    frameworks: [...catalog.frameworks.values()].map((f) => ({ ...f, requirements: [...f.requirements.values()] })),
    controls: [...catalog.controls.values()],
    riskSources: [...catalog.riskSources.values()],
    stageSets: [...catalog.stageSets.values()],
    mapped: [...catalog.controls.values()].map((c) => catalog.mappingsOf(c).map((m) => m.target)),
  };
}

describe('the built-in catalog snapshot', () => {
  it('reads back equal to the catalog parsed from its YAML, positions included', () => {
    const snapshot = readSnapshot(BUILTIN_CATALOG, files, texts);
    assert.ok(snapshot, `no current snapshot at ${SNAPSHOT_FILE}: run npm run build`);
    assert.deepEqual(parts(snapshot), parts(buildCatalog(files.map(readSourceFile))));
    const control = [...snapshot.controls.values()][0]!;
    assert.equal(
      readFileSync(control.source.file, 'utf8').split('\n')[control.source.line - 1]!.includes(control.id),
      true,
    );
  });

  it('is not used once a catalog file differs from what it was built from', () => {
    const edited = texts.map((t, i) => (i === 3 ? `${t}\n# edited\n` : t));
    assert.equal(readSnapshot(BUILTIN_CATALOG, files, edited), undefined);
    assert.equal(readSnapshot(BUILTIN_CATALOG, files.slice(1), texts.slice(1)), undefined, 'a file removed');
  });

  it('is checked against the files as bytes alike, and a byte-order mark counts as a change', () => {
    const bytes = files.map((f) => readFileSync(f));
    assert.ok(readSnapshot(BUILTIN_CATALOG, files, bytes), 'the same digest as the texts');
    const marked = bytes.map((b, i) => (i === 2 ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]) : b));
    assert.equal(readSnapshot(BUILTIN_CATALOG, files, marked), undefined);
  });

  it('is not used when written by other code, or unreadable', () => {
    const dir = tempDir('iotassure-snapshot-');
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ ...JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')), code: 'another build' }));
    assert.equal(readSnapshot(BUILTIN_CATALOG, files, texts, other), undefined);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ not json');
    assert.equal(readSnapshot(BUILTIN_CATALOG, files, texts, broken), undefined);
  });
});
