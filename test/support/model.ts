/** Builds models for tests from a small YAML text: the loader, defaults and graph are the real ones. */
import assert from 'node:assert/strict';
import type { Assessment } from '../../src/assess/assessment.js';
import type { AssessOptions } from '../../src/assess/context.js';
import { assess, consistencyFindings } from '../../src/assess/pipeline.js';
import type { Catalog } from '../../src/catalog/catalog.js';
import type { SystemModel } from '../../src/model/types.js';
import type { RiskRule } from '../../src/rules/rule.js';
import { snippetGraph, snippetModel } from '../../src/rules/tester.js';

/** A model from YAML that only needs `elements` (and whatever else the test is about). */
export const modelFrom = (yaml: string, file = 'test.yaml'): SystemModel => snippetModel(yaml, file);

export const graphFrom = snippetGraph;

/**
 * `assess`, checking on the way that `validate`'s findings-only path (consistencyFindings) finds exactly the
 * assessment's findings; with `--stakeholder` or `--stage` the assessment shows fewer, so there is nothing to compare.
 */
export function assessChecked(
  model: SystemModel,
  catalog: Catalog,
  rules: readonly RiskRule[],
  options: AssessOptions,
): Assessment {
  const assessment = assess(model, catalog, rules, options);
  if (options.stakeholder === undefined && options.stage === undefined) {
    assert.deepEqual(consistencyFindings(model, catalog, rules, options), assessment.findings);
  }
  return assessment;
}
