/** The generated reference pages must match what the code and catalog say now (`npm run docs` regenerates them). */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCatalog } from '../src/catalog/load.js';
import { generatedDocs } from '../src/docs/index.js';

describe('generated docs', () => {
  for (const [path, content] of generatedDocs(loadCatalog())) {
    it(`docs/${path} is current`, () => {
      const file = join('docs', path);
      assert.ok(existsSync(file), `${file} is missing: run npm run docs`);
      assert.equal(readFileSync(file, 'utf8'), content, `${file} is out of date: run npm run docs`);
    });
  }

  it('the README links every document it promises', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const [, link] of readme.matchAll(/\]\((docs\/[^)#]+)\)/g)) {
      assert.ok(existsSync(link!), `README links ${link}, which does not exist`);
    }
  });
});
