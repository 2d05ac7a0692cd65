/**
 * A rule's table as node:test cases: one test for the table and one per row, each failing with the problems the
 * tester (src/rules/tester.ts, the same code `iotassure rules test` runs on user rules) finds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SystemGraph } from '../../src/model/graph.js';
import type { RiskRule } from '../../src/rules/rule.js';
import { type RuleTable, ruleChecks, snippetGraph } from '../../src/rules/tester.js';

export type { RuleTable };

export function testRule(rule: RiskRule, table: RuleTable, build: (yaml: string) => SystemGraph = snippetGraph): void {
  describe(`rule ${rule.meta.id}`, () => {
    for (const check of ruleChecks(rule, table, build)) {
      const name = check.kind === 'table' ? check.name : `${check.kind}: ${check.name}`;
      it(name, () => assert.deepEqual(check.run(), [], 'the problems the rule tester found'));
    }
  });
}
