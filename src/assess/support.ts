/**
 * How far an external requirement is met, inferred from the controls mapped to it and their status — the rule
 * CISO Assistant and OSCAL mapping users apply: an implemented `equal` or `superset` control meets the requirement;
 * `subset` controls meet it only together; anything less is partial.
 */
import type { CatalogRequirement } from '../catalog/catalog.js';
import { evaluateCondition } from '../model/condition.js';
import type { ScopedControl, Support } from './assessment.js';
import type { AssessContext } from './context.js';

export interface RequirementApplicability {
  applies: boolean;
  conditions: { id: string; title: string; holds: boolean }[];
  features: { id: string; title: string; holds: boolean }[];
  reason?: string;
}

/** A requirement applies when all its conditions, features and its own `appliesWhen` hold. */
export function requirementApplicability(
  ctx: AssessContext,
  requirement: CatalogRequirement,
): RequirementApplicability {
  const framework = ctx.catalog.frameworks.get(requirement.framework)!;
  const judge = (kind: 'conditions' | 'features') =>
    (requirement[kind] ?? []).map((key) => {
      const definition = framework[kind]![key]!;
      return { id: key, title: definition.title, holds: evaluateCondition(definition.when, ctx.facts).holds };
    });
  const conditions = judge('conditions');
  const features = judge('features');
  const own =
    requirement.appliesWhen === undefined ? true : evaluateCondition(requirement.appliesWhen, ctx.facts).holds;
  const failing = [
    ...conditions.filter((c) => !c.holds).map((c) => `condition ${c.id} (${c.title})`),
    ...features.filter((f) => !f.holds).map((f) => `feature ${f.id} (${f.title})`),
  ];
  if (!own) failing.push('its applicability condition');
  return {
    applies: failing.length === 0,
    conditions,
    features,
    reason: failing.length === 0 ? undefined : `not applicable: ${failing.join(' and ')} does not hold for this system`,
  };
}

export interface RequirementSupport {
  support: Support;
  reason: string;
  controls: { id: string; relationship: string; status: ScopedControl['status'] }[];
  evidence: string[];
  justification?: string;
}

export function requirementSupport(
  ctx: AssessContext,
  requirement: CatalogRequirement,
  controls: ReadonlyMap<string, ScopedControl>,
): RequirementSupport {
  const mapped = ctx.catalog
    .controlsFor(requirement.ref)
    .map(({ control, mapping }) => ({ scoped: controls.get(control.id)!, relationship: mapping.relationship }));
  const listed = mapped.map((m) => ({ id: m.scoped.id, relationship: m.relationship, status: m.scoped.status }));
  if (mapped.length === 0) {
    return { support: 'no', reason: 'no control in the catalog maps to it', controls: [], evidence: [] };
  }
  const done = mapped.filter((m) => isDone(m.scoped));
  const evidence = [...new Set(done.flatMap((m) => m.scoped.evidence.map((e) => e.id)))];
  const justification = mapped
    .filter((m) => m.scoped.status === 'not-applicable' && m.scoped.justification)
    .map((m) => `${m.scoped.id}: ${m.scoped.justification}`)
    .join('; ');
  const full = done.find((m) => m.relationship === 'equal' || m.relationship === 'superset');
  if (full)
    return { support: 'yes', reason: `met by ${full.scoped.id} (${full.scoped.status})`, controls: listed, evidence };
  if (done.length === mapped.length && done.some((m) => m.relationship === 'subset')) {
    return {
      support: 'yes',
      reason: `met by ${done.map((m) => m.scoped.id).join(', ')} together`,
      controls: listed,
      evidence,
    };
  }
  const missing = mapped.filter((m) => !isDone(m.scoped)).map((m) => `${m.scoped.id} (${m.scoped.status})`);
  return {
    support: done.length > 0 ? 'partial' : 'no',
    reason: `${done.length > 0 ? `partly met by ${done.map((m) => m.scoped.id).join(', ')}; ` : ''}missing: ${missing.join(', ')}`,
    controls: listed,
    evidence,
    justification: justification || undefined,
  };
}

/** Implemented or verified, and no automated check contradicts it. */
export function isDone(control: ScopedControl): boolean {
  return (
    (control.status === 'implemented' || control.status === 'verified') &&
    !control.evidence.some((e) => e.verdict === 'FAIL')
  );
}
