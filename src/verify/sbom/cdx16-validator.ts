/**
 * The CycloneDX 1.6 validator: ajv over the vendored schema (schemas/bom-1.6.schema.json) and the two it references
 * (spdx.schema.json, jsf-0.82.schema.json). This module is the one definition of that ajv setup (options, formats,
 * the linear `uniqueItems`), used both ways the validator comes to be:
 *
 * - at build time, `npm run build` (scripts/compile-sbom-validator.mjs) compiles it once and writes ajv's standalone
 *   code, a CommonJS module, to dist/verify/sbom/ beside this module's compiled code, with the digest of what it came
 *   from: ajv's and ajv-formats' versions, this module's compiled code and the schemas' bytes;
 * - at run time that module is loaded while its digest is still that of the installed ajv, this code and the vendored
 *   schemas. Otherwise (from the TypeScript sources, a schema edited, another ajv) the schema is compiled here as the
 *   build does: 0.27–0.34 s, which every `verify` with a 1.6 SBOM paid before.
 *
 * ajv itself (about 50 ms to load) is required only to compile; the generated module needs only ajv's small run-time
 * helpers and ajv-formats' formats.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, KeywordCxt, KeywordDefinition, Options, ValidateFunction } from 'ajv';
import type { _Code } from 'ajv/dist/compile/codegen/code.js';
import { packageFile } from '../../util/package-files.js';

/** CommonJS packages and the generated module, required when first needed (see above). */
const requireCommonJs = createRequire(import.meta.url);

/** The vendored schemas, the one compiled last; it references the others by their $id. */
const SCHEMA_FILES = ['spdx.schema.json', 'jsf-0.82.schema.json', 'bom-1.6.schema.json'];

/**
 * Where the build writes the generated validator: dist/verify/sbom/, found from dist/ and from the CLI's bundle
 * (dist/bundle/cli.cjs) alike. None from the TypeScript sources (tsx): an edit to them must count, so the schema is
 * compiled at run time there.
 */
export const GENERATED_VALIDATOR = import.meta.url.endsWith('.ts')
  ? undefined
  : packageFile('dist/verify/sbom/cdx16-validator.standalone.cjs');

/** This module's compiled code, part of the digest: a generated validator from an older build of it is not used. */
const COMPILED_SETUP = packageFile('dist/verify/sbom/cdx16-validator.js');

/** The vendored schemas' bytes, in the order the validator is built from them. */
export function readCycloneDx16Schemas(): Buffer[] {
  return SCHEMA_FILES.map((name) => readFileSync(packageFile(`schemas/${name}`)));
}

/**
 * Whether no two items are deep-equal, in one pass: ajv's `uniqueItems` compares every pair with a deep equal, which
 * takes seconds on the `components` of a 10 000-component SBOM; JSON strings with object keys sorted (deep-equal
 * values give equal strings) in a set give the same answer in one pass.
 *
 * Self-contained on purpose: the generated validator holds this function's text (see `uniqueItemsKeyword`), so it
 * uses nothing from outside its body but JavaScript's built-ins.
 */
export function itemsUnique(items: unknown[]): boolean {
  if (items.length < 2) return true;
  const seen = new Set<string>();
  for (const item of items) {
    const key = JSON.stringify(item, (_key, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
          )
        : v,
    );
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

/**
 * The keyword that `uniqueItems` is rewritten to (`linearUniqueItems`), checked by `itemsUnique`: its code calls that
 * very function at run time, and the standalone module gets the function's text. So the two cannot differ, and the
 * generated CommonJS needs no module of ours (they are ES modules, which CommonJS cannot require() before Node
 * 20.19). A `validate` function keyword would not survive standalone code. Its error is ajv's default for a keyword
 * (no params; `ajvErrors` in sbom.ts words it as ajv words uniqueItems).
 */
function uniqueItemsKeyword(): KeywordDefinition {
  const { _ } = requireCommonJs('ajv') as typeof import('ajv');
  const { _Code: Code } = requireCommonJs('ajv/dist/compile/codegen/code') as { _Code: typeof _Code };
  return {
    keyword: 'x-unique-items',
    type: 'array',
    schemaType: 'boolean',
    code(cxt: KeywordCxt) {
      if (cxt.schema !== true) return;
      const unique = cxt.gen.scopeValue('func', { ref: itemsUnique, code: new Code(itemsUnique.toString()) });
      cxt.fail(_`!${unique}(${cxt.data})`);
    },
  };
}

/** The schema with each `uniqueItems` made `x-unique-items`. */
function linearUniqueItems(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(linearUniqueItems);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => (k === 'uniqueItems' ? ['x-unique-items', v] : [k, linearUniqueItems(v)])),
  );
}

/**
 * The validator compiled from the schemas' texts (`readCycloneDx16Schemas`), with the ajv instance that holds it;
 * `source` keeps the generated code for `standaloneValidatorCode`.
 */
export function compileCycloneDx16(
  schemas: readonly (string | Uint8Array)[],
  source = false,
): { ajv: Ajv; validate: ValidateFunction } {
  const { Ajv } = requireCommonJs('ajv') as typeof import('ajv');
  const addFormats = requireCommonJs('ajv-formats') as (ajv: Ajv) => Ajv;
  // compiling this schema is most of the time of reading an SBOM: refs compiled once as functions rather than inlined
  // at every use, and no optimisation pass over the generated code, halve it; validating stays as fast
  const options: Options = {
    strict: false,
    allErrors: true,
    logger: false,
    inlineRefs: false,
    code: { optimize: false, source },
  };
  const ajv = new Ajv(options);
  // in standalone code, ajv-formats' formats are required from ajv-formats (it sets `code.formats` to do so)
  addFormats(ajv);
  // formats the schema uses that ajv-formats lacks: any string for IRIs, a plain shape for IDN e-mails (in standalone
  // code, `true` is no check and a regular expression is written out, so neither needs `code.formats`)
  ajv.addFormat('iri-reference', true);
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/u);
  ajv.addKeyword(uniqueItemsKeyword());
  const parsed = schemas.map((s) => linearUniqueItems(JSON.parse(Buffer.from(s).toString('utf8'))) as object);
  for (const schema of parsed.slice(0, -1)) ajv.addSchema(schema);
  return { ajv, validate: ajv.compile(parsed.at(-1)!) };
}

/**
 * What a generated validator is built from: ajv's and ajv-formats' versions (the module requires their run-time code,
 * and has ajv-formats' regular expressions written out), the setup's code (`setup`, this module compiled) and the
 * schemas' bytes.
 */
export function validatorDigest(schemas: readonly (string | Uint8Array)[], setup: string | Uint8Array): string {
  const hash = createHash('sha256');
  for (const name of ['ajv', 'ajv-formats']) {
    hash.update(`${name}@${(requireCommonJs(`${name}/package.json`) as { version: string }).version}\n`);
  }
  hash.update(setup);
  for (const schema of schemas) hash.update(createHash('sha256').update(schema).digest('hex'));
  return hash.digest('hex');
}

/** The digest of a validator generated by this build (`COMPILED_SETUP`) from `schemas`. */
export function builtValidatorDigest(schemas: readonly (string | Uint8Array)[]): string {
  return validatorDigest(schemas, readFileSync(COMPILED_SETUP));
}

/** The generated validator's first line; the digest follows it. */
const HEADER = '// CycloneDX 1.6 validator generated by iotassure (scripts/compile-sbom-validator.mjs) from ';

/** The text of the generated validator: a first line with `digest` (what it came from), ajv's standalone code. */
export function standaloneValidatorCode(schemas: readonly (string | Uint8Array)[], digest: string): string {
  const standaloneCode = requireCommonJs('ajv/dist/standalone') as (ajv: Ajv, validate: ValidateFunction) => string;
  const { ajv, validate } = compileCycloneDx16(schemas, true);
  return `${HEADER}${digest}\n${standaloneCode(ajv, validate)}\n`;
}

/** The digest on the generated validator's first line, read without loading the module (undefined: none). */
function generatedDigest(file: string): string | undefined {
  const head = Buffer.alloc(HEADER.length + 64);
  const fd = openSync(file, 'r');
  try {
    const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('latin1');
    return text.startsWith(HEADER) ? text.slice(HEADER.length) : undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The generated validator in `file`, or undefined when there is none or its digest is not `digest` (it was built
 * from other schemas, another ajv or another version of this code: its code is not run). One that cannot be loaded
 * is ignored too: the schema is compiled instead.
 */
export function loadGeneratedValidator(file: string, digest: string): ValidateFunction | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return generatedDigest(file) === digest ? (requireCommonJs(file) as ValidateFunction) : undefined;
  } catch {
    return undefined;
  }
}

/** How the validator in use came to be; tests read it. */
export type ValidatorOrigin = 'generated' | 'compiled';

/** The CycloneDX 1.6 validator: the generated one when it fits the vendored schemas, else compiled from them. */
export function cycloneDx16Validator(): { validate: ValidateFunction; origin: ValidatorOrigin } {
  const schemas = readCycloneDx16Schemas();
  const generated =
    GENERATED_VALIDATOR && existsSync(COMPILED_SETUP)
      ? loadGeneratedValidator(GENERATED_VALIDATOR, builtValidatorDigest(schemas))
      : undefined;
  return generated
    ? { validate: generated, origin: 'generated' }
    : { validate: compileCycloneDx16(schemas).validate, origin: 'compiled' };
}
