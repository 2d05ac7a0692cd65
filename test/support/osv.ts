/** Small OSV records for tests, each checked against the vendored OSV schema, and a validator for them. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OsvAffected, OsvRecord } from '../../src/verify/sbom/osv.js';

// ajv-formats is CommonJS with a default export; under NodeNext it arrives as the module namespace.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => Ajv2020;

let validate: ReturnType<Ajv2020['compile']> | undefined;

/** Asserts that a record is valid against schemas/osv-schema.json (draft 2020-12). */
export function assertValidOsv(record: unknown): void {
  if (!validate) {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const schema = JSON.parse(readFileSync(new URL('../../schemas/osv-schema.json', import.meta.url), 'utf8'));
    validate = ajv.compile(schema);
  }
  const ok = validate(record);
  assert.ok(ok, `invalid OSV record ${(record as OsvRecord).id}: ${JSON.stringify(validate.errors, null, 1)}`);
}

/** An OSV record with the required fields; validated against the schema before it is returned. */
export function osvRecord(id: string, affected: OsvAffected[], extra: Partial<OsvRecord> = {}): OsvRecord {
  const record: OsvRecord = {
    id,
    modified: '2026-01-01T00:00:00Z',
    published: '2025-12-01T00:00:00Z',
    summary: `test advisory ${id}`,
    affected,
    ...extra,
  } as OsvRecord;
  const withSchema = { schema_version: '1.7.4', ...record };
  assertValidOsv(withSchema);
  return withSchema as OsvRecord;
}

/** One affected entry with SEMVER or ECOSYSTEM ranges given as [introduced, fixed] pairs and extra events. */
export function affected(
  ecosystem: string,
  name: string,
  ranges: { type: 'SEMVER' | 'ECOSYSTEM' | 'GIT'; events: Record<string, string>[]; repo?: string }[],
  extra: Partial<OsvAffected> = {},
): OsvAffected {
  return { package: { ecosystem, name }, ranges, ...extra } as OsvAffected;
}
