/** The generated documentation: path under docs/ → content. `npm run docs` writes it; a test keeps it current. */
import type { Catalog } from '../catalog/catalog.js';
import { catalogReference } from './catalog-reference.js';
import { cliReference } from './cli-reference.js';
import { modelReference } from './model-reference.js';

export function generatedDocs(catalog: Catalog): Map<string, string> {
  const docs = new Map<string, string>([
    ['model.md', modelReference()],
    ['cli.md', cliReference()],
  ]);
  for (const [path, content] of catalogReference(catalog)) docs.set(`catalog/${path}`, content);
  return docs;
}
