#!/usr/bin/env node
// Writes the generated reference pages under docs/ (model, CLI, catalog) from the compiled sources.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadCatalog } from '../dist/catalog/load.js';
import { generatedDocs } from '../dist/docs/index.js';

for (const [path, content] of generatedDocs(loadCatalog())) {
  const file = join('docs', path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  console.log(`wrote ${file}`);
}
