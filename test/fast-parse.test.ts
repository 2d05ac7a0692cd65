/**
 * The fast parser (src/input/fast-parse.ts) may give a value only where zod gives the same one: same values, same
 * key order, absent keys absent. Held to zod on every document the project ships and on thousands of documents made
 * wrong at random by the fuzzer's mutations — where zod reports an issue, the fast parser must give nothing (the caller then asks zod).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { syntheticModel } from '../bench/synthetic.js';
import { catalogSchemas } from '../src/catalog/schema.js';
import { fastParser, NOT_PARSED } from '../src/input/fast-parse.js';
import { parseSource, readSourceFile } from '../src/input/source.js';
import { SystemModelSchema } from '../src/model/schema.js';
import { VerificationSpec } from '../src/model/verification.js';
import { RulesFile } from '../src/rules/user-rules.js';
import { getOrCreate } from '../src/util/maps.js';
import { mutateValue } from './fuzz/mutate.js';
import { Random } from './fuzz/random.js';

const EXAMPLES = ['industrial-sensors', 'monitoring-camera', 'smart-home'].map(
  (name) => `examples/${name}/system.yaml`,
);

/** Keys in order, all the way down: deepStrictEqual does not compare the order of keys. */
function keyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keyOrder);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).map(([key, item]) => [key, keyOrder(item)]);
  }
  return typeof value;
}

/** Asserts the fast parser's answer is zod's: the same value when zod accepts, nothing when zod does not. */
const parsers = new Map<z.ZodType, ReturnType<typeof fastParser>[]>();

function assertAsZod(schema: z.ZodType, value: unknown, label: string): 'accepted' | 'refused' | 'left to zod' {
  // the nodes left to zod go to it interpreted, or compiled: both must give the same
  const [interpreted, compiled] = getOrCreate(parsers, schema, () => [
    fastParser(schema, { jitless: true }),
    fastParser(schema, { jitless: false }),
  ]);
  const fast = interpreted!(value);
  assert.deepStrictEqual(compiled!(value), fast, `${label}: the fast parser's two modes`);
  const zod = schema.safeParse(value, { jitless: true });
  if (!zod.success) {
    // the issues in the message only on failure: they quote the values, which can be large
    if (fast !== NOT_PARSED)
      assert.fail(`${label}: zod refuses it (${JSON.stringify(zod.error.issues)}), the fast parser gave a value`);
    return 'refused';
  }
  if (fast === NOT_PARSED) return 'left to zod';
  assert.deepStrictEqual(fast, zod.data, `${label}: a value other than zod's`);
  assert.deepStrictEqual(keyOrder(fast), keyOrder(zod.data), `${label}: keys in another order than zod's`);
  assert.deepStrictEqual(zod.data, schema.safeParse(value, { jitless: false }).data, `${label}: zod's two modes`);
  return 'accepted';
}

describe('the fast parser gives what zod gives', () => {
  it('for the example models, the synthetic fleet and the test models', () => {
    const files = [
      ...EXAMPLES,
      ...readdirSync('test/data')
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => `test/data/${f}`),
    ];
    for (const file of files)
      assert.equal(assertAsZod(SystemModelSchema, readSourceFile(file).value, file), 'accepted');
    const fleet = parseSource('fleet.yaml', syntheticModel(300)).value;
    assert.equal(assertAsZod(SystemModelSchema, fleet, 'fleet'), 'accepted');
  });

  it('for every catalog file, the example rules and the example targets', () => {
    const catalogFiles: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('.yaml')) catalogFiles.push(join(dir, entry.name));
      }
    };
    walk('catalog');
    assert.ok(catalogFiles.length > 20);
    for (const file of catalogFiles) {
      assert.equal(assertAsZod(catalogSchemas().CatalogFile, readSourceFile(file).value, file), 'accepted');
    }
    const rules = readSourceFile('examples/industrial-sensors/rules.yaml').value;
    assert.equal(assertAsZod(RulesFile, rules, 'rules'), 'accepted');
    const targets = readSourceFile('examples/monitoring-camera/targets.yaml').value;
    assert.equal(assertAsZod(VerificationSpec, targets, 'targets'), 'accepted');
  });

  it('for thousands of models made wrong at random, accepting only where zod accepts', () => {
    const rng = new Random(27400);
    const models = [
      ...EXAMPLES.map((file) => readSourceFile(file).value),
      parseSource('f.yaml', syntheticModel(40)).value,
    ];
    const outcomes = { accepted: 0, refused: 0, 'left to zod': 0 };
    for (let i = 0; i < 3000; i++) {
      // one change, or a few on top of each other
      const value = mutateValue(rng, models[i % models.length], 1 + rng.int(3));
      outcomes[assertAsZod(SystemModelSchema, value, `mutation ${i}`)]++;
    }
    // both ways are exercised: documents the fast parser accepts, and documents zod refuses
    assert.ok(outcomes.accepted > 300, `accepted ${outcomes.accepted}`);
    assert.ok(outcomes.refused > 1000, `refused ${outcomes.refused}`);
  });

  it("keeps zod's rules: key order, absent optional keys, strict objects, unions, checks", () => {
    const schema = z.strictObject({
      id: z
        .string()
        .regex(/^[a-z]+$/)
        .max(5),
      count: z.number().int().min(1).optional(),
      kind: z.union([z.literal('unknown'), z.enum(['a', 'b']), z.boolean()]).optional(),
      tags: z.array(z.string()).min(1).optional(),
    });
    const parse = fastParser(schema);
    assert.deepStrictEqual(Object.keys(parse({ kind: 'a', id: 'ab' }) as object), ['id', 'kind']);
    assert.equal('count' in (parse({ id: 'ab' }) as object), false);
    for (const bad of [
      { id: 'AB' },
      { id: 'abcdef' },
      { id: 'ab', count: 0 },
      { id: 'ab', count: 1.5 },
      { id: 'ab', kind: 'c' },
      { id: 'ab', tags: [] },
      { id: 'ab', extra: 1 },
      { count: 1 },
      ['ab'],
      null,
    ]) {
      assert.equal(parse(bad), NOT_PARSED, JSON.stringify(bad));
      assert.equal(schema.safeParse(bad).success, false);
    }
  });
});
