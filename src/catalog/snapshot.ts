/**
 * A snapshot of the built-in catalog, written at build time (`npm run build`, scripts/snapshot-catalog.mjs) next to
 * the compiled loader: the assembled, checked catalog as JSON. Parsing and checking the catalog's YAML takes about
 * half a second, which every command paid; reading the snapshot takes a few milliseconds.
 *
 * The snapshot is used only while it still describes the catalog: the SHA-256 of the catalog files' text must be the
 * one it was built from (an edited catalog is read from its YAML again), and so must the compiled code that shapes
 * it (a snapshot from another build is ignored). Positions are stored relative to the catalog folder, so an
 * installed copy reports its own paths.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeNonAscii } from '../util/ascii.js';
import type { SourcePosition } from '../util/diagnostics.js';
import { Catalog, type CatalogFramework, type CatalogRequirement } from './catalog.js';

/**
 * The folder of the compiled catalog modules, dist/catalog/, where the snapshot is written, also when this code runs
 * from the CLI's bundle (dist/bundle/, built from dist/ by the same build; scripts/bundle-cli.mjs): `../catalog/` of
 * either. From the sources it is src/catalog/, where there is no snapshot, so the YAML is read.
 */
const COMPILED_CATALOG = new URL('../catalog/', import.meta.url);

export const SNAPSHOT_FILE = fileURLToPath(new URL('builtin-catalog.json', COMPILED_CATALOG));

/** The compiled modules whose code decides the shape of an assembled catalog. */
const SHAPING_MODULES = ['load.js', 'catalog.js', 'schema.js', 'vocabulary.js'];

interface Snapshot {
  digest: string;
  code: string;
  files: string[];
  frameworks: (Omit<CatalogFramework, 'requirements'> & { requirements: CatalogRequirement[] })[];
  controls: unknown[];
  riskSources: unknown[];
  stageSets: unknown[];
}

/**
 * SHA-256 over texts in order, as the catalog's digest is computed. A text may be given as its UTF-8 bytes: the same
 * digest for the same text.
 */
export function textsDigest(texts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text);
  return hash.digest('hex');
}

function codeDigest(): string | undefined {
  const files = SHAPING_MODULES.map((m) => fileURLToPath(new URL(m, COMPILED_CATALOG)));
  if (!files.every((f) => existsSync(f))) return undefined;
  return textsDigest(files.map((f) => readFileSync(f, 'utf8')));
}

/** The snapshot's text for a catalog loaded from `folder` (positions and files made relative to it). */
export function snapshotText(catalog: Catalog, folder: string): string {
  const code = codeDigest();
  if (code === undefined) throw new Error('the catalog snapshot is written from the compiled code (dist/)');
  const snapshot: Snapshot = {
    digest: catalog.digest,
    code,
    files: catalog.files.map((f) => relative(folder, f)),
    frameworks: [...catalog.frameworks.values()].map((f) => ({ ...f, requirements: [...f.requirements.values()] })),
    controls: [...catalog.controls.values()],
    riskSources: [...catalog.riskSources.values()],
    stageSets: [...catalog.stageSets.values()],
  };
  const text = JSON.stringify(snapshot, (key, value) =>
    key === 'source' && isPosition(value) ? { ...value, file: relative(folder, value.file) } : value,
  );
  return escapeNonAscii(text); // read by every command that assesses: 0.9 MB, about 2 ms sooner as ASCII
}

/**
 * The built-in catalog from its snapshot, or undefined when there is none or it no longer describes the catalog:
 * `files` are the catalog's files in load order and `texts` their contents (as text or UTF-8 bytes).
 */
export function readSnapshot(
  folder: string,
  files: readonly string[],
  texts: readonly (string | Uint8Array)[],
  snapshotFile = SNAPSHOT_FILE,
): Catalog | undefined {
  if (!existsSync(snapshotFile)) return undefined;
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Snapshot;
  } catch {
    return undefined; // unreadable: the YAML is the source of truth
  }
  const relativeFiles = files.map((f) => relative(folder, f));
  if (
    snapshot.digest !== textsDigest(texts) ||
    snapshot.code !== codeDigest() ||
    snapshot.files.join('\n') !== relativeFiles.join('\n')
  ) {
    return undefined;
  }
  resolvePositions(snapshot, folder);
  const byId = <T extends { id: string }>(items: unknown[]) => new Map((items as T[]).map((item) => [item.id, item]));
  return new Catalog({
    frameworks: new Map(
      snapshot.frameworks.map((f) => [f.id, { ...f, requirements: new Map(f.requirements.map((r) => [r.id, r])) }]),
    ),
    controls: byId(snapshot.controls),
    riskSources: byId(snapshot.riskSources),
    stageSets: byId(snapshot.stageSets),
    files: [...files],
    digest: snapshot.digest,
  });
}

/**
 * Makes the positions' files absolute again, in place. A walk after parsing rather than a JSON.parse reviver: the
 * reviver's call per value tripled the time to read the snapshot (25 ms instead of 8), and `for…in` with the
 * primitives skipped first is several times quicker here than Object.entries. A few dozen files lie behind some
 * 2 500 positions, so each is resolved once.
 */
function resolvePositions(parent: object, folder: string, resolved = new Map<string, string>()): void {
  for (const key in parent) {
    const value = (parent as Record<string, unknown>)[key];
    if (typeof value !== 'object' || value === null) continue;
    if (key === 'source' && isPosition(value)) {
      const file = resolved.get(value.file) ?? resolve(folder, value.file);
      resolved.set(value.file, file);
      value.file = file;
    } else resolvePositions(value, folder, resolved);
  }
}

function isPosition(value: unknown): value is SourcePosition {
  return typeof value === 'object' && value !== null && typeof (value as SourcePosition).file === 'string';
}
