#!/usr/bin/env node
// Writes the generated reference pages under docs/ (model, CLI, catalog) from the compiled sources, and the generated
// parts of other files: the check table in docs/verification.md, the checks lines in catalog/controls/*.yaml.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadCatalog } from '../dist/catalog/load.js';
import { generatedDocs, generatedParts } from '../dist/docs/index.js';

for (const [path, content] of await generatedDocs(loadCatalog())) {
  const file = join('docs', path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  console.log(`wrote ${file}`);
}

for (const [file, content] of generatedParts((path) => readFileSync(path, 'utf8'))) {
  if (readFileSync(file, 'utf8') === content) continue;
  writeFileSync(file, content);
  console.log(`wrote ${file}`);
}
