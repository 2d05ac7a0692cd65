/**
 * The rule registry must stay consistent with the catalog: every risk source, mitigating control and reference a
 * rule names exists, the rules together cover every ISO/IEC 27400 risk source category, and every rule has its own
 * module and test.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../src/catalog/load.js';
import { RULES } from '../src/rules/index.js';

const catalog = loadCatalog();
const RULES_DIR = join(dirname(fileURLToPath(import.meta.url)), '../src/rules');
const metas = RULES.map((r) => r.meta);

describe('rule registry', () => {
  it('has at least 44 rules with unique kebab-case ids, in alphabetical order', () => {
    assert.ok(RULES.length >= 44, `only ${RULES.length} rules`);
    const ids = metas.map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${id} is kebab-case`);
    assert.deepEqual(ids, [...ids].sort(), 'the registry lists rules alphabetically by id');
  });

  it('names risk sources that exist in the catalog', () => {
    for (const meta of metas) {
      assert.ok(catalog.riskSources.has(meta.riskSource), `${meta.id}: unknown risk source ${meta.riskSource}`);
    }
  });

  it('names one to four primary controls and up to four supporting ones, all in the catalog and none twice', () => {
    for (const meta of metas) {
      const supporting = meta.supporting ?? [];
      assert.ok(meta.mitigations.length >= 1 && meta.mitigations.length <= 4, `${meta.id}: 1–4 primary controls`);
      assert.ok(supporting.length <= 4, `${meta.id}: at most 4 supporting controls`);
      const all = [...meta.mitigations, ...supporting];
      assert.equal(new Set(all).size, all.length, `${meta.id}: a control named twice`);
      for (const control of all) assert.ok(catalog.controls.has(control), `${meta.id}: unknown control ${control}`);
    }
  });

  it('names two or more controls in all, so no single control reads as the whole treatment', () => {
    for (const meta of metas) {
      assert.ok(meta.mitigations.length + (meta.supporting?.length ?? 0) >= 2, `${meta.id}: fewer than 2 controls`);
    }
  });

  it('names references that resolve to framework requirements', () => {
    for (const meta of metas) {
      for (const ref of meta.references ?? []) {
        assert.ok(catalog.requirement(ref), `${meta.id}: unknown requirement ${ref}`);
      }
    }
  });

  it('covers every ISO/IEC 27400 domain, the outside and the privacy risk sources', () => {
    const covered = new Set<string | undefined>(
      metas.map((m) => {
        const source = catalog.riskSources.get(m.riskSource)!;
        return source.category === 'domain' ? source.domain : source.category;
      }),
    );
    for (const category of ['SCD', 'OMD', 'ASD', 'RAID', 'UD', 'privacy', 'outside']) {
      assert.ok(covered.has(category), `no rule for ${category}`);
    }
  });

  it('gives every rule a short title, a threat category and ratings on the 1–5 scale', () => {
    for (const meta of metas) {
      assert.ok(meta.title.length <= 70, `${meta.id}: title longer than 70 characters`);
      assert.ok(meta.description.length > 0, `${meta.id}: no description`);
      assert.ok((meta.stride?.length ?? 0) + (meta.linddun?.length ?? 0) > 0, `${meta.id}: no STRIDE or LINDDUN`);
      for (const rating of [meta.likelihood, meta.impact]) {
        assert.ok(Number.isInteger(rating) && rating >= 1 && rating <= 5, `${meta.id}: rating ${rating}`);
      }
      if (catalog.riskSources.get(meta.riskSource)?.category === 'privacy') {
        assert.ok((meta.linddun?.length ?? 0) > 0, `${meta.id}: a privacy rule names LINDDUN categories`);
      }
    }
  });

  it('declares the keys it asks for as model key paths', () => {
    for (const meta of metas) {
      for (const key of meta.asks ?? []) assert.match(key, /^[a-z][A-Za-z.[\]]*$/, `${meta.id}: asks ${key}`);
    }
  });

  it('has a module and a test beside it for every rule', () => {
    for (const meta of metas) {
      assert.ok(existsSync(join(RULES_DIR, `${meta.id}.ts`)), `src/rules/${meta.id}.ts is missing`);
      assert.ok(existsSync(join(RULES_DIR, `${meta.id}.test.ts`)), `src/rules/${meta.id}.test.ts is missing`);
    }
  });
});
