/**
 * Checks the parts of a model that refer to the catalog and the rules: control ids in the assessment state, risk
 * ids in treatments, the stage set and its stages. Done after the catalog is loaded, with the same kind of
 * diagnostics as the model loader.
 */
import { type Catalog, type CatalogStageSet, GENERIC_STAGE_SET } from '../catalog/catalog.js';
import type { SystemModel } from '../model/types.js';
import type { RiskRule } from '../rules/rule.js';
import { type Diagnostic, formatPath, InputError } from '../util/diagnostics.js';
import { didYouMean } from '../util/suggest.js';

export function checkModelReferences(
  model: SystemModel,
  catalog: Catalog,
  rules: readonly RiskRule[],
): CatalogStageSet {
  const diagnostics: Diagnostic[] = [];
  const error = (path: (string | number)[], message: string, hint?: string, key = false) =>
    diagnostics.push({
      severity: 'error',
      file: model.file,
      position: model.locate(path, { key }),
      path: formatPath(path),
      message,
      hint,
    });

  const setId = model.system.lifecycle?.stageSet ?? GENERIC_STAGE_SET;
  const stageSet = catalog.stageSet(setId);
  if (!stageSet) {
    error(
      ['system', 'lifecycle', 'stageSet'],
      `unknown stage set "${setId}"`,
      didYouMean(setId, catalog.stageSets.keys()) ?? `stage sets: ${[...catalog.stageSets.keys()].join(', ')}`,
    );
  } else {
    const stageIds = stageSet.stages.map((s) => s.id);
    (model.system.stages ?? []).forEach((stage, i) => {
      if (!stageIds.includes(stage)) {
        error(
          ['system', 'stages', i],
          `"${stage}" is not a stage of ${setId}`,
          didYouMean(stage, stageIds) ?? `its stages: ${stageIds.join(', ')}`,
        );
      }
    });
  }

  for (const id of model.assessment.controls.keys()) {
    if (!catalog.controls.has(id)) {
      error(
        ['assessment', 'controls', id],
        `unknown control "${id}"`,
        didYouMean(id, catalog.controls.keys()) ?? 'run `iotassure catalog list` to see control ids',
        true,
      );
    }
  }

  const ruleIds = new Set(rules.map((r) => r.meta.id));
  const subjects = new Set([
    ...model.elements.map((e) => e.id),
    ...model.flows.map((f) => f.id),
    ...model.dataAssets.map((d) => d.id),
    ...model.zones.map((z) => z.id),
    ...model.organisations.map((o) => o.id),
    // risks about the system as a whole use its id (see SystemGraph.systemId)
    model.system.id ?? 'system',
  ]);
  for (const id of model.assessment.risks.keys()) {
    const [rule, subject] = id.split(':', 2) as [string, string | undefined];
    if (!ruleIds.has(rule)) {
      error(
        ['assessment', 'risks', id],
        `unknown risk rule "${rule}"`,
        didYouMean(rule, ruleIds) ?? 'a risk id is `rule-id` or `rule-id:element-id`; run `iotassure rules`',
        true,
      );
    } else if (subject !== undefined && !subjects.has(subject)) {
      error(
        ['assessment', 'risks', id],
        `"${subject}" is not an id in this model`,
        didYouMean(subject, subjects),
        true,
      );
    }
  }
  if (diagnostics.length > 0) throw new InputError(diagnostics);
  return stageSet!;
}
