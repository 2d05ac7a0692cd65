#!/usr/bin/env node
// Part of `npm run build`: writes the built-in catalog's snapshot next to the compiled loader
// (dist/catalog/builtin-catalog.json; see src/catalog/snapshot.ts). The catalog is parsed and checked from its YAML
// here, so a catalog with an error fails the build.
import { writeFileSync } from 'node:fs';
import { BUILTIN_CATALOG, buildCatalog, catalogFiles } from '../dist/catalog/load.js';
import { SNAPSHOT_FILE, snapshotText } from '../dist/catalog/snapshot.js';
import { readSourceFile } from '../dist/input/source.js';

const catalog = buildCatalog(catalogFiles([BUILTIN_CATALOG]).map(readSourceFile));
writeFileSync(SNAPSHOT_FILE, snapshotText(catalog, BUILTIN_CATALOG));
