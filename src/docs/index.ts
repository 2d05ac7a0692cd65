/**
 * The generated documentation: path under docs/ → content. `npm run docs` writes it; a test keeps it current. Some
 * files are generated in part — the check table of docs/verification.md, the `verification.checks` lines of the
 * catalog's controls — and come from `generatedParts`, which reads the rest of each file.
 */
import type { Catalog } from '../catalog/catalog.js';
import { catalogReference } from './catalog-reference.js';
import { cliReference } from './cli-reference.js';
import { modelReference } from './model-reference.js';
import { withCatalogChecks, withCheckTable } from './verification-reference.js';

export async function generatedDocs(catalog: Catalog): Promise<Map<string, string>> {
  const docs = new Map<string, string>([
    ['model.md', modelReference()],
    ['cli.md', await cliReference()],
  ]);
  for (const [path, content] of catalogReference(catalog)) docs.set(`catalog/${path}`, content);
  return docs;
}

/** The catalog files whose controls carry `verification.checks`, relative to the repository root. */
export const CATALOG_CONTROL_FILES = [
  'catalog/controls/privacy-developer-provider.yaml',
  'catalog/controls/privacy-user.yaml',
  'catalog/controls/security-developer-provider.yaml',
  'catalog/controls/security-user.yaml',
];

/** Files generated in part: repository path → content, given how to read the current file. */
export function generatedParts(read: (path: string) => string): Map<string, string> {
  const parts = new Map<string, string>([['docs/verification.md', withCheckTable(read('docs/verification.md'))]]);
  for (const file of CATALOG_CONTROL_FILES) parts.set(file, withCatalogChecks(read(file), file));
  return parts;
}
