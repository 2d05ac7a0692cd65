/** The generated reference pages must match what the code and catalog say now (`npm run docs` regenerates them). */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCatalog } from '../src/catalog/load.js';
import { generatedDocs, generatedParts } from '../src/docs/index.js';
import { checksByControl, withCatalogChecks } from '../src/docs/verification-reference.js';
import { loadModelText } from '../src/model/load.js';
import { RULES } from '../src/rules/index.js';

/**
 * The same word or parenthesis twice in a row ("(repeatable) (repeatable)", "Top 10 (2018) (2018)"), in the prose of
 * a Markdown page: code spans and blocks are left out, where `--out out/` is what a user types.
 */
function repeatedWords(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '``');
  return [
    ...[...prose.matchAll(/\b(\w+)[^\S\n]+\1\b/gi)].map((m) => m[0]),
    ...[...prose.matchAll(/(\([^()\n]+\))[^\S\n]*\1/g)].map((m) => m[0]),
  ];
}

const docs = await generatedDocs(loadCatalog());

describe('generated docs', () => {
  for (const [path, content] of docs) {
    it(`docs/${path} is current`, () => {
      const file = join('docs', path);
      assert.ok(existsSync(file), `${file} is missing: run npm run docs`);
      assert.equal(readFileSync(file, 'utf8'), content, `${file} is out of date: run npm run docs`);
    });
  }

  it('no generated page repeats a word or a parenthesis', () => {
    assert.deepEqual(
      repeatedWords('`--out out/` is fine; (repeatable) (repeatable) and the the are not\n\nFacts\n\nFacts too'),
      ['the the', '(repeatable) (repeatable)'],
      'the check finds what it is for and only that',
    );
    const found = [...docs].flatMap(([path, content]) => repeatedWords(content).map((r) => `docs/${path}: ${r}`));
    assert.deepEqual(found, []);
  });

  it('the counts the README states are those of the catalog and the rules', () => {
    const readme = readFileSync('README.md', 'utf8');
    assert.match(readme, new RegExp(`\\b${loadCatalog().controls.size} controls in our own`));
    assert.match(readme, new RegExp(`\\b${RULES.length} \\*\\*risk rules\\*\\*`));
  });

  it('every snippet of the modelling cookbook is a valid model', () => {
    const text = readFileSync('docs/modelling.md', 'utf8');
    const snippets = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    assert.ok(snippets.length >= 6, `${snippets.length} snippets`);
    for (const [i, snippet] of snippets.entries()) {
      const model = loadModelText(`docs/modelling.md#${i + 1}`, snippet);
      assert.ok(model.elements.length > 0);
    }
  });

  for (const [path, content] of generatedParts((p) => readFileSync(p, 'utf8'))) {
    it(`the generated part of ${path} is current`, () => {
      assert.equal(readFileSync(path, 'utf8'), content, `${path} is out of date: run npm run docs`);
    });
  }

  it('the catalog lines follow the checks: a new link is added, a dropped one removed, nothing else touched', () => {
    const yaml = [
      'controls:',
      '  - id: alpha',
      '    verification:',
      '      methods: [test] # kept',
      '      checks: [OLD-01]',
      '    mappings: []',
      '  - id: beta',
      '    verification:',
      '      methods: [test]',
      '',
    ].join('\n');
    const links = new Map([['beta', ['NET-01', 'NET-03']]]);
    assert.equal(
      withCatalogChecks(yaml, 'x.yaml', links),
      [
        'controls:',
        '  - id: alpha',
        '    verification:',
        '      methods: [test] # kept',
        '    mappings: []',
        '  - id: beta',
        '    verification:',
        '      methods: [test]',
        '      checks: [NET-01, NET-03] # generated from the checks’ meta by `npm run docs`',
        '',
      ].join('\n'),
    );
    assert.throws(
      () => withCatalogChecks('  - id: gamma\n', 'y.yaml', new Map([['gamma', ['X-01']]])),
      /gamma must say how/,
    );
    assert.ok(checksByControl().get('authenticate-before-access')?.includes('CRED-03'));
  });

  it('the README links every document it promises', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const [, link] of readme.matchAll(/\]\((docs\/[^)#]+)\)/g)) {
      assert.ok(existsSync(link!), `README links ${link}, which does not exist`);
    }
  });
});
