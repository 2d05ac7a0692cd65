/**
 * scope: the statement of applicability — which controls apply to this system, to whom and at which stages, why,
 * and their effective status over the subjects they concern (see implementation.ts).
 */
import type { CatalogControl } from '../catalog/catalog.js';
import { describeCondition, evaluateCondition } from '../model/condition.js';
import type { FactResult } from '../model/facts.js';
import type { EffectiveStatus, FactSummary, ScopedControl, StakeholderAssignment } from './assessment.js';
import type { AssessContext } from './context.js';
import type { Implementation } from './implementation.js';

/** Above this many subjects, a control lists only those where it is not in effect. */
export const SUBJECT_LIST_LIMIT = 500;

export function scopeControls(ctx: AssessContext, implementation: Implementation): ScopedControl[] {
  return [...ctx.catalog.controls.values()]
    .map((control) => scopeControl(ctx, control, implementation))
    .sort((a, b) => compareClauses(a.clause, b.clause) || a.id.localeCompare(b.id));
}

/** Clause order: 7.1.2.9 before 7.1.2.10. */
export function compareClauses(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function scopeControl(ctx: AssessContext, control: CatalogControl, implementation: Implementation): ScopedControl {
  const entries = ctx.model.assessment.controls.get(control.id) ?? [];
  const system = entries.find((e) => !e.products && !e.elements && !e.flows && !e.dataAssets);
  const stages = stagesOwed(ctx, control);
  const overall = implementation.within(control.id);
  const decision = applicability(ctx, control, stages, overall.count > 0);
  const status: EffectiveStatus = decision.applies === false ? 'not-applicable' : (overall.status ?? 'not-started');
  const listed = implementation.statuses(
    control.id,
    overall.count <= SUBJECT_LIST_LIMIT ? 'all' : 'not-in-effect',
    SUBJECT_LIST_LIMIT,
  );
  return {
    id: control.id,
    title: control.title,
    family: control.family,
    clause: control.clause.id,
    implementedAt: control.implementedAt ?? 'organisation',
    applies: decision.applies,
    reason: decision.reason,
    because: decision.because,
    stakeholders: assignments(ctx, control),
    stages,
    status,
    declared: system?.status,
    owner: system?.owner ?? entries[0]?.owner,
    justification: system?.justification ?? entries.find((e) => e.justification)?.justification,
    due: system?.due ?? entries.find((e) => e.due)?.due,
    evidence: overall.evidence,
    requirements: ctx.catalog.mappingsOf(control).map((m) => m.target),
    risks: [],
    source: (system ?? entries[0])?.source,
    products: ctx.model.products.flatMap((product) => {
      const within = implementation.within(control.id, product).status;
      return within === undefined ? [] : [{ product: product.id, status: within }];
    }),
    byStatus: overall.byStatus,
    subjects: listed,
  };
}

function applicability(
  ctx: AssessContext,
  control: CatalogControl,
  stages: string[],
  hasSubjects: boolean,
): { applies: ScopedControl['applies']; reason: string; because: FactSummary[] } {
  const entries = ctx.model.assessment.controls.get(control.id) ?? [];
  const notApplicable = entries.find((e) => e.status === 'not-applicable' && !e.products && !e.elements);
  if (notApplicable) {
    return {
      applies: false,
      reason: `declared not applicable: ${notApplicable.justification ?? ''}`.trim(),
      because: [],
    };
  }
  const result = control.appliesWhen === undefined ? undefined : evaluateCondition(control.appliesWhen, ctx.facts);
  const because = (result?.because ?? []).map(summary);
  if (result && result.holds === false) {
    return {
      applies: false,
      reason: `does not apply: it is needed when ${describeCondition(control.appliesWhen!)}, and ${explain(result.because, false)}`,
      because,
    };
  }
  if (stages.length === 0) {
    return {
      applies: false,
      reason: `owed at ${control.stages.join(', ')}, outside the assessed stages (${ctx.stages.join(', ')})`,
      because,
    };
  }
  if (!hasSubjects) {
    return {
      applies: false,
      reason: `does not apply: nothing in the model is put in place per ${control.implementedAt}`,
      because,
    };
  }
  if (result?.holds === 'unknown') {
    return {
      applies: 'unknown',
      reason: `undetermined: it is needed when ${describeCondition(control.appliesWhen!)}, and the model does not say whether ${explain(result.because, 'unknown')}`,
      because,
    };
  }
  return {
    applies: true,
    reason: result ? `applies because ${explain(result.because, true)}` : 'applies to every IoT system in scope',
    because,
  };
}

function explain(facts: FactResult[], holds: FactResult['holds']): string {
  const parts = facts.map((f) => (holds === false ? `it is not the case that ${f.title}` : f.title));
  return parts.join(holds === 'unknown' ? ', or whether ' : '; ') || 'its condition is met';
}

export function summary(fact: FactResult): FactSummary {
  return {
    id: fact.id,
    title: fact.title,
    holds: fact.holds,
    subjects: fact.subjects.slice(0, 20),
    unknown: fact.unknown.slice(0, 20),
  };
}

/** The model's stages (in its stage set's words) in which the control's generic stages fall. */
function stagesOwed(ctx: AssessContext, control: CatalogControl): string[] {
  const owed = new Set(control.stages);
  return ctx.stages.filter((stage) => {
    const definition = ctx.stageSet.stages.find((s) => s.id === stage);
    const covers = definition?.covers ?? [stage];
    return covers.some((generic) => owed.has(generic));
  });
}

function assignments(ctx: AssessContext, control: CatalogControl): StakeholderAssignment[] {
  return control.stakeholders.map((role) => ({
    role,
    organisations: ctx.model.organisations.filter((o) => o.roles.includes(role)).map((o) => o.id),
  }));
}
