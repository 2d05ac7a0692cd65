/**
 * The CycloneDX 1.6 validator generated at build time (ajv standalone code, scripts/compile-sbom-validator.mjs) and
 * the one compiled at run time from the same setup (src/verify/sbom/cdx16-validator.ts): the same errors for the
 * same documents, the generated one used by the build while it fits, and one that no longer fits ignored.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  compileCycloneDx16,
  itemsUnique,
  loadGeneratedValidator,
  readCycloneDx16Schemas,
  standaloneValidatorCode,
  validatorDigest,
} from '../../src/verify/sbom/cdx16-validator.js';
import { cycloneDx, DJANGO_VEX, LODASH_VEX } from '../support/sbom-samples.js';

const REPO = join(import.meta.dirname, '../..');
const SCHEMAS = readCycloneDx16Schemas();
const SETUP = 'the setup code';
const DIGEST = validatorDigest(SCHEMAS, SETUP);

// The generated module requires ajv's run-time helpers and ajv-formats: the folder gets the project's node_modules.
const dir = mkdtempSync(join(tmpdir(), 'iotassure-cdx16-'));
symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
after(() => rmSync(dir, { recursive: true, force: true }));

let written = 0;
/** A generated validator written to a file of its own (require() keeps each file it loaded). */
function writeGenerated(text: string): string {
  const file = join(dir, `validator-${written++}.cjs`);
  writeFileSync(file, text);
  return file;
}
const GENERATED = writeGenerated(standaloneValidatorCode(SCHEMAS, DIGEST));

// biome-ignore lint/suspicious/noExplicitAny: the documents are edited freely below
type Doc = Record<string, any>;

/** Documents and the ajv keywords their errors must include (none: valid). */
function documents(): [string, Doc, string[]][] {
  const sample = () => cycloneDx('1.6', [LODASH_VEX, DJANGO_VEX]) as Doc;
  const edit = (change: (doc: Doc) => void): Doc => {
    const doc = sample();
    change(doc);
    return doc;
  };
  return [
    ['valid sample with VEX', sample(), []],
    [
      'valid: any string is an IRI',
      edit((d) => (d.components[0].externalReferences = [{ type: 'website', url: 'not a url' }])),
      [],
    ],
    ['valid: IDN e-mail', edit((d) => (d.metadata.authors = [{ name: 'A', email: 'josé@exämple.org' }])), []],
    [
      'valid: the same component, keys in another order, at another level',
      edit((d) => d.components.find((c: Doc) => c.components).components.push({ ...d.components[0] })),
      [],
    ],
    [
      'duplicate items (keys in another order)',
      edit((d) => d.components.push(Object.fromEntries(Object.entries(d.components[0]).reverse()))),
      ['x-unique-items'],
    ],
    [
      'duplicate nested items',
      edit((d) => {
        const os = d.components.find((c: Doc) => c.components).components;
        os.push({ ...os[0] });
      }),
      ['x-unique-items'],
    ],
    ['unknown property', edit((d) => (d.metadata.colour = 'blue')), ['additionalProperties']],
    ['bad enum', edit((d) => (d.components[0].type = 'gadget')), ['enum']],
    ['bad date-time', edit((d) => (d.metadata.timestamp = 'yesterday')), ['format']],
    ['bad IDN e-mail', edit((d) => (d.metadata.authors = [{ name: 'A', email: 'nobody' }])), ['format']],
    [
      'an IRI that is no string',
      edit((d) => (d.components[0].externalReferences = [{ type: 'website', url: 5 }])),
      ['type'],
    ],
    ['bad pattern', edit((d) => (d.serialNumber = 'urn:uuid:nope')), ['pattern']],
    ['missing property', edit((d) => delete d.components[1].name), ['required']],
    [
      'SPDX licence id (spdx.schema.json)',
      edit((d) => (d.components[0].licenses = [{ license: { id: 'NOT-A-LICENCE' } }])),
      ['enum', 'oneOf'],
    ],
    [
      'JSF signature (jsf-0.82.schema.json)',
      edit((d) => (d.signature = { algorithm: 'XX', value: 3 })),
      ['type', 'oneOf'],
    ],
    ['not an object', [] as unknown as Doc, ['type']],
  ];
}

describe('the CycloneDX 1.6 validator generated at build time', () => {
  it('gives the same errors as the one compiled at run time, for valid and invalid documents', () => {
    const compiled = compileCycloneDx16(SCHEMAS).validate;
    const generated = loadGeneratedValidator(GENERATED, DIGEST);
    assert.ok(generated, 'the generated module loads');
    assert.notEqual(generated, compiled);
    for (const [name, doc, keywords] of documents()) {
      const valid = compiled(doc);
      assert.equal(generated(doc), valid, name);
      assert.deepEqual(generated.errors, compiled.errors, name);
      const found = new Set((compiled.errors ?? []).map((e) => e.keyword));
      assert.equal(valid, keywords.length === 0, `${name}: ${[...found].join(', ')}`);
      for (const keyword of keywords) assert.ok(found.has(keyword), `${name}: ${keyword} in ${[...found].join(', ')}`);
    }
  });

  it('holds the text of the one uniqueness check, which finds duplicates whatever the key order', () => {
    assert.ok(readFileSync(GENERATED, 'utf8').includes(itemsUnique.toString()));
    assert.equal(
      itemsUnique([
        { a: 1, b: [1, { c: 2, d: 3 }] },
        { b: [1, { d: 3, c: 2 }], a: 1 },
      ]),
      false,
    );
    assert.equal(itemsUnique([{ a: 1 }, { a: 2 }, [1, 2], [2, 1]]), true);
    assert.equal(itemsUnique([]), true);
  });

  it('is ignored when its digest is not that of the schemas, ajv and the setup it would stand for', () => {
    assert.equal(loadGeneratedValidator(GENERATED, DIGEST), loadGeneratedValidator(GENERATED, DIGEST));
    const edited = [...SCHEMAS];
    edited[2] = Buffer.from(SCHEMAS[2]!.toString('utf8').replace('"CycloneDX Bill', '"CycloneDX bill'));
    assert.notEqual(validatorDigest(edited, SETUP), DIGEST, 'an edited schema changes the digest');
    assert.notEqual(validatorDigest(SCHEMAS, `${SETUP} edited`), DIGEST, 'edited setup code changes the digest');
    assert.equal(loadGeneratedValidator(GENERATED, validatorDigest(edited, SETUP)), undefined);
    const stale = writeGenerated(readFileSync(GENERATED, 'utf8').replace(DIGEST, '0'.repeat(64)));
    assert.equal(loadGeneratedValidator(stale, DIGEST), undefined, 'a module from other inputs');
    const [header] = readFileSync(GENERATED, 'utf8').split('\n', 1);
    const running = writeGenerated(`${header}\nglobalThis.staleValidatorRan = true;\n`);
    assert.equal(loadGeneratedValidator(running, validatorDigest(edited, SETUP)), undefined);
    assert.equal((globalThis as { staleValidatorRan?: boolean }).staleValidatorRan, undefined, 'its code is not run');
    const broken = writeGenerated(
      readFileSync(GENERATED, 'utf8').replace('require("ajv/dist/runtime/equal")', 'require("ajv/dist/runtime/none")'),
    );
    assert.equal(loadGeneratedValidator(broken, DIGEST), undefined, 'a module that does not load');
    assert.equal(loadGeneratedValidator(join(dir, 'none.cjs'), DIGEST), undefined, 'no module');
  });

  it('is what the build made and what the compiled code uses', async () => {
    // the compiled modules, as the CLI runs them (`npm test` builds first)
    const built = join(REPO, 'dist/verify/sbom/cdx16-validator.js');
    const dist = (await import(built)) as typeof import('../../src/verify/sbom/cdx16-validator.js');
    const file = dist.GENERATED_VALIDATOR;
    assert.ok(file !== undefined, 'the compiled code looks for a generated validator');
    assert.equal(file, join(REPO, 'dist/verify/sbom/cdx16-validator.standalone.cjs'));
    const { validate, origin } = dist.cycloneDx16Validator();
    assert.equal(origin, 'generated', 'the build wrote a validator that fits the vendored schemas');
    assert.equal(validate, loadGeneratedValidator(file, dist.builtValidatorDigest(SCHEMAS)));
  });
});
