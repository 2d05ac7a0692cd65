/** Assessments of the camera example and its second revision, and validators for the vendored official schemas. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Assessment } from '../../src/assess/assessment.js';
import type { Observation } from '../../src/assess/context.js';
import { assess } from '../../src/assess/pipeline.js';
import type { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { loadModelFile } from '../../src/model/load.js';
import { RULES } from '../../src/rules/index.js';

export const CAMERA = 'examples/monitoring-camera/system.yaml';
export const CAMERA_REV2 = 'test/data/monitoring-camera-rev2.yaml';
/** A date after every evidence date in the example, so nothing is collected in the future. */
export const DATE = '2027-02-01';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export function assessFile(
  file: string,
  options: { observations?: Observation[]; date?: string } = {},
): { assessment: Assessment; catalog: Catalog } {
  const model = loadModelFile(file);
  const catalog = loadCatalog(model.catalogs);
  return { assessment: assess(model, catalog, RULES, { date: options.date ?? DATE, ...options }), catalog };
}

/** A failed automated check against a control the example declares verified. */
export function failedCheck(control: string): Observation {
  return {
    id: 'obs-cred-01-recorder',
    check: 'CRED-01',
    title: 'default credentials refused',
    target: 'tcp://127.0.0.1:8080',
    element: 'recorder',
    verdict: 'FAIL',
    controls: [control],
    requirements: ['etsi-en-303-645:5.1-1'],
    summary: 'the vendor default password was accepted on the admin interface',
    collected: '2027-01-30T10:15:00Z',
  };
}

// ajv-formats is CommonJS with a default export; under NodeNext it arrives as the module namespace.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv,
) => Ajv;

const SCHEMA_FILES = {
  oscal: 'schemas/oscal_complete_schema.json',
  sarif: 'schemas/sarif-schema-2.1.0.json',
} as const;

const vendoredSchema = (kind: keyof typeof SCHEMA_FILES) => root(SCHEMA_FILES[kind]);

type Validate = (document: unknown) => string[];

function errorsOf(validate: { errors?: unknown[] | null }): string[] {
  return ((validate.errors ?? []) as { instancePath: string; message?: string; params?: unknown }[]).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

/**
 * The OSCAL 1.2.1 complete schema (draft-07, unicode property escapes in its patterns). The root is a oneOf over
 * every model, whose errors say little, so a document is validated against its model's own definition as well.
 */
export function oscalValidator(): Validate {
  const schema = JSON.parse(readFileSync(vendoredSchema('oscal'), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const MODELS: Record<string, string> = {
    catalog: 'oscal-complete-oscal-catalog:catalog',
    'mapping-collection': 'oscal-complete-oscal-mapping:mapping-collection',
    'assessment-results': 'oscal-complete-oscal-ar:assessment-results',
  };
  return (document) => {
    if (validate(document)) return [];
    const model = Object.keys(document as object).find((k) => k in MODELS);
    if (!model) return errorsOf(validate);
    const part = ajv.getSchema(`${schema.$id}#/definitions/${MODELS[model]}`)!;
    part((document as Record<string, unknown>)[model]);
    return errorsOf(part).filter((e) => !e.includes(' must match a schema in anyOf'));
  };
}

/**
 * The SARIF 2.1.0 schema is draft-04, which ajv 8 does not load; its keywords are the draft-07 ones apart from `id`,
 * so it is compiled as draft-07 with `$schema` dropped and `id` read as `$id`.
 */
export function sarifValidator(): Validate {
  const { $schema: _draft, id, ...schema } = JSON.parse(readFileSync(vendoredSchema('sarif'), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile({ $id: id, ...schema });
  return (document) => (validate(document) ? [] : errorsOf(validate));
}
