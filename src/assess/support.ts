/**
 * Whether an external requirement applies to a product, and how far the product meets it.
 *
 * Applicability: the requirement's conditions, features and own `appliesWhen`, judged on the product's facts; any
 * that fails makes it not applicable, any that is unknown leaves it undetermined.
 *
 * Support: from the controls mapped to it that its addressee owes (a requirement addressed to the manufacturer counts
 * only developer and provider controls), with their effective status over the product — the rule CISO Assistant and
 * OSCAL mapping users apply: an `equal` or `superset` control in effect meets the requirement; `subset` controls meet
 * it only together; anything less is partial. Other stakeholders' controls are listed as complementary and never count.
 */
import type { CatalogRequirement } from '../catalog/catalog.js';
import { evaluateCondition, type Truth } from '../model/condition.js';
import type { FactResult } from '../model/facts.js';
import type { ModelProduct } from '../model/types.js';
import { ADDRESSEE_STAKEHOLDERS, STAKEHOLDERS, type Stakeholder } from '../model/vocabulary.js';
import type { MappedControlStatus, Support } from './assessment.js';
import { isInEffect } from './assessment.js';
import type { AssessContext, FactLookup } from './context.js';
import type { AggregateStatus, Implementation } from './implementation.js';

export interface RequirementApplicability {
  applies: Truth;
  conditions: { id: string; title: string; holds: Truth }[];
  features: { id: string; title: string; holds: Truth }[];
  reason?: string;
  /** the facts left unknown that the answer depends on */
  unknown: FactResult[];
}

/** A requirement applies when all its conditions, features and its own `appliesWhen` hold. */
export function requirementApplicability(
  ctx: AssessContext,
  requirement: CatalogRequirement,
  facts: FactLookup,
): RequirementApplicability {
  const framework = ctx.catalog.frameworks.get(requirement.framework)!;
  const unknown: FactResult[] = [];
  const judge = (kind: 'conditions' | 'features') =>
    (requirement[kind] ?? []).map((key) => {
      const definition = framework[kind]![key]!;
      const result = evaluateCondition(definition.when, facts);
      if (result.holds === 'unknown') unknown.push(...result.because);
      return { id: key, title: definition.title, holds: result.holds };
    });
  const conditions = judge('conditions');
  const features = judge('features');
  const own = requirement.appliesWhen === undefined ? undefined : evaluateCondition(requirement.appliesWhen, facts);
  if (own?.holds === 'unknown') unknown.push(...own.because);
  const parts = [
    ...conditions.map((c) => ({ ...c, what: `condition ${c.id} (${c.title})` })),
    ...features.map((f) => ({ ...f, what: `feature ${f.id} (${f.title})` })),
    ...(own ? [{ holds: own.holds, what: 'its applicability condition' }] : []),
  ];
  const failing = parts.filter((p) => p.holds === false).map((p) => p.what);
  const open = parts.filter((p) => p.holds === 'unknown').map((p) => p.what);
  if (failing.length > 0) {
    return {
      applies: false,
      conditions,
      features,
      reason: `not applicable: ${failing.join(' and ')} does not hold`,
      unknown: [],
    };
  }
  if (open.length > 0) {
    const facts = [...new Set(unknown.map((f) => f.title))];
    return {
      applies: 'unknown',
      conditions,
      features,
      reason: `undetermined: the model does not say whether ${facts.join(', or whether ')} (${open.join(', ')})`,
      unknown,
    };
  }
  return { applies: true, conditions, features, unknown: [] };
}

export interface RequirementSupport {
  support: Support;
  reason: string;
  controls: MappedControlStatus[];
  complementary: MappedControlStatus[];
  evidence: string[];
  justification?: string;
}

/** The stakeholder roles whose controls count towards a requirement: its addressees', or every role. */
export function countingRoles(ctx: AssessContext, requirement: CatalogRequirement): ReadonlySet<Stakeholder> {
  const addressees = requirement.addressees ?? ctx.catalog.frameworks.get(requirement.framework)?.addressees;
  if (!addressees) return new Set(Object.keys(STAKEHOLDERS) as Stakeholder[]);
  return new Set(addressees.flatMap((a) => ADDRESSEE_STAKEHOLDERS[a]));
}

export function requirementSupport(
  ctx: AssessContext,
  requirement: CatalogRequirement,
  product: ModelProduct | undefined,
  implementation: Implementation,
): RequirementSupport {
  const roles = countingRoles(ctx, requirement);
  const mapped = ctx.catalog.controlsFor(requirement.ref).map(({ control, mapping }) => ({
    control,
    relationship: mapping.relationship,
    counts: mapping.relationship !== 'complementary' && control.stakeholders.some((s) => roles.has(s)),
    aggregate: implementation.within(control.id, product),
  }));
  const listed = (items: typeof mapped): MappedControlStatus[] =>
    items
      .filter((m) => m.aggregate.status !== undefined)
      .map((m) => ({ id: m.control.id, relationship: m.relationship, status: m.aggregate.status! }));
  const counted = mapped.filter((m) => m.counts);
  const complementary = listed(mapped.filter((m) => !m.counts));
  const concerned = counted.filter((m) => m.aggregate.status !== undefined);
  const controls = listed(counted);
  if (counted.length === 0) {
    return {
      support: 'no',
      reason:
        mapped.length === 0
          ? 'no control in the catalog maps to it'
          : 'only controls of other stakeholders map to it; its addressee owes none of them',
      controls,
      complementary,
      evidence: [],
    };
  }
  if (concerned.length === 0) {
    return {
      support: 'no',
      reason: 'none of the controls that meet it concerns this product',
      controls,
      complementary,
      evidence: [],
    };
  }
  const done = concerned.filter((m) => isInEffect(m.aggregate.status));
  const evidence = [...new Set(done.flatMap((m) => m.aggregate.evidence.map((e) => e.id)))];
  const justification = concerned
    .filter((m) => m.aggregate.status === 'not-applicable')
    .map((m) => `${m.control.id}: ${m.aggregate.justifications.join('; ')}`)
    .join('; ');
  const result = (support: Support, reason: string): RequirementSupport => ({
    support,
    reason,
    controls,
    complementary,
    evidence,
    justification: justification || undefined,
  });
  const full = done.find((m) => m.relationship === 'equal' || m.relationship === 'superset');
  const together = done.length === concerned.length && done.some((m) => m.relationship === 'subset');
  if (full || together) {
    const by = full ? [full] : done;
    const names = by.map((m) => `${m.control.id} (${m.aggregate.status})`).join(', ');
    const uncertain = by.filter((m) => m.aggregate.uncertain).map((m) => m.control.id);
    if (uncertain.length > 0) {
      return result(
        'undetermined',
        `met by ${names} where it surely applies; the model leaves open whether ${uncertain.join(', ')} also applies elsewhere in the product`,
      );
    }
    return result('yes', `met by ${names}${full ? '' : ' together'}`);
  }
  const missing = concerned
    .filter((m) => !isInEffect(m.aggregate.status))
    .map((m) => `${m.control.id} (${describe(m.aggregate)})`);
  return result(
    done.length > 0 ? 'partial' : 'no',
    `${done.length > 0 ? `partly met by ${done.map((m) => m.control.id).join(', ')}; ` : ''}missing: ${missing.join(', ')}`,
  );
}

/** A control's status over a product in a few words, naming where it is not in effect. */
function describe(aggregate: AggregateStatus): string {
  const not = aggregate.notInEffectCount;
  const where = not > 0 && not < aggregate.count ? ` on ${names(aggregate.notInEffect, 3, not)}` : '';
  return `${aggregate.status}${where}`;
}

/** `a, b, c and 7 more`: the first few of `total` names (default: all of `ids`). */
export function names(ids: readonly string[], limit = 3, total = ids.length): string {
  return ids.slice(0, limit).join(', ') + (total > limit ? ` and ${total - limit} more` : '');
}
