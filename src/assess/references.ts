/**
 * Checks the parts of a model that refer to the catalog and the rules: control ids in the assessment state, risk
 * ids in treatments, the stage set and its stages. Done after the catalog is loaded, with the same kind of
 * diagnostics as the model loader.
 */
import { type Catalog, type CatalogStageSet, GENERIC_STAGE_SET } from '../catalog/catalog.js';
import type { ModelControlState, ModelProduct, SystemModel } from '../model/types.js';
import type { ImplementationLevel } from '../model/vocabulary.js';
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

  let scopeIds: ScopeIds | undefined;
  for (const [id, entries] of model.assessment.controls) {
    const control = catalog.controls.get(id);
    if (!control) {
      error(
        ['assessment', 'controls', id],
        `unknown control "${id}"`,
        didYouMean(id, catalog.controls.keys()) ?? 'run `iotassure catalog list` to see control ids',
        true,
      );
      continue;
    }
    scopeIds ??= idsByScope(model);
    checkEntries(scopeIds, id, control.implementedAt ?? 'organisation', entries, error);
  }
  for (const [id, choice] of model.assessment.frameworks) {
    const path = ['assessment', 'frameworks', id];
    if (!catalog.frameworks.has(id)) {
      error(path, `unknown framework "${id}"`, didYouMean(id, catalog.frameworks.keys()), true);
    }
    (choice.products ?? []).forEach((p, i) => {
      if (!model.products.some((product) => product.id === p))
        error(
          [...path, 'products', i],
          `unknown product "${p}"`,
          didYouMean(
            p,
            model.products.map((x) => x.id),
          ),
        );
    });
  }

  model.products.forEach((product, i) => {
    if (product.cra) checkProductClass(catalog, product.cra, ['products', i, 'cra'], error);
  });

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
  model.assessment.suppressions.forEach((suppression, i) => {
    const path = ['assessment', 'suppressions', i];
    if (!ruleIds.has(suppression.rule)) {
      error([...path, 'rule'], `unknown risk rule "${suppression.rule}"`, didYouMean(suppression.rule, ruleIds));
    }
    (suppression.subjects ?? []).forEach((subject, j) => {
      if (!subjects.has(subject))
        error([...path, 'subjects', j], `"${subject}" is not an id in this model`, didYouMean(subject, subjects));
    });
  });
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

type ErrorAt = (path: (string | number)[], message: string, hint?: string, key?: boolean) => void;

/** The scopes a status entry may name, by the level the control is put in place at. */
const SCOPES: Readonly<Record<ImplementationLevel, readonly ScopeKey[]>> = {
  organisation: [],
  product: ['products'],
  element: ['products', 'elements'],
  flow: ['products', 'elements', 'flows'],
  'data-asset': ['products', 'elements', 'dataAssets'],
};
type ScopeKey = 'products' | 'elements' | 'flows' | 'dataAssets';

/** The ids a status entry's scopes may name (built once: a fleet has tens of thousands). */
type ScopeIds = Readonly<Record<ScopeKey, ReadonlySet<string>>>;

function idsByScope(model: SystemModel): ScopeIds {
  return {
    products: new Set(model.products.map((p) => p.id)),
    elements: new Set(model.elements.map((e) => e.id)),
    flows: new Set(model.flows.flatMap((f) => [f.id, f.via ?? f.id])),
    dataAssets: new Set(model.dataAssets.map((d) => d.id)),
  };
}

/**
 * A control's status entries: each scope must fit the level the control is put in place at and name known ids, and
 * no two entries may both be the most specific status for the same subject.
 */
function checkEntries(
  known: ScopeIds,
  id: string,
  level: ImplementationLevel,
  entries: readonly ModelControlState[],
  error: ErrorAt,
): void {
  const claimed = new Map<string, number>();
  let unscoped = 0;
  entries.forEach((entry, k) => {
    const base = entries.length > 1 ? ['assessment', 'controls', id, k] : ['assessment', 'controls', id];
    const scoped = (Object.keys(known) as ScopeKey[]).filter((key) => entry[key] !== undefined);
    if (scoped.length === 0) unscoped++;
    for (const key of scoped) {
      if (!SCOPES[level].includes(key)) {
        error(
          [...base, key],
          `${id} is put in place per ${level}; its status cannot be given per ${key === 'dataAssets' ? 'data asset' : key.slice(0, -1)}`,
          level === 'organisation'
            ? 'give one status for the whole system (an organisation-level control: a policy or a process)'
            : `scope it with ${SCOPES[level].join(' or ')}`,
        );
        continue;
      }
      entry[key]!.forEach((ref, j) => {
        if (!known[key].has(ref)) {
          error([...base, key, j], `"${ref}" is not one of the model's ${key}`, didYouMean(ref, known[key]));
          return;
        }
        const slot = `${key}:${ref}`;
        const first = claimed.get(slot);
        if (first !== undefined) {
          error(
            [...base, key, j],
            `${ref} already has a status for ${id} in entry ${first + 1}`,
            'give each subject one status',
          );
        } else claimed.set(slot, k);
      });
    }
  });
  if (unscoped > 1) {
    error(
      ['assessment', 'controls', id],
      `${id} has ${unscoped} entries without a scope`,
      'only one entry may be for the whole system',
    );
  }
}

/** A declared CRA class names a point of the catalog's Annex categories of that class; the default class names none. */
function checkProductClass(
  catalog: Catalog,
  declared: NonNullable<ModelProduct['cra']>,
  path: (string | number)[],
  error: ErrorAt,
): void {
  const categories = [...catalog.frameworks.values()].flatMap((f) => f.productClasses);
  if (declared.class === 'default') {
    if (declared.point !== undefined)
      error([...path, 'point'], 'a product of the default class falls under no Annex point', 'remove `point:`');
    return;
  }
  const ofClass = categories.filter((c) => c.class === declared.class).map((c) => c.point);
  if (declared.point === undefined) {
    error(
      path,
      `a product of class ${declared.class} names its Annex point`,
      `add \`point:\`, one of ${ofClass.join(', ')}`,
    );
    return;
  }
  const category = categories.find((c) => c.point === declared.point);
  if (!category) {
    error(
      [...path, 'point'],
      `"${declared.point}" is not an Annex III or IV point`,
      didYouMean(declared.point, ofClass),
    );
  } else if (category.class !== declared.class) {
    error(
      [...path, 'class'],
      `${declared.point} (${category.title}) is of class ${category.class}, not ${declared.class}`,
      `write \`class: ${category.class}\`, or name a point of ${declared.class}`,
    );
  }
}
