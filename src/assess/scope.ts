/**
 * scope: which controls apply to this system, to whom and at which stages, and why — derived from the model's facts,
 * its organisations' roles, the stages in scope and what the model declares not applicable.
 */
import type { CatalogControl } from '../catalog/catalog.js';
import { describeCondition, evaluateCondition } from '../model/condition.js';
import type { FactResult } from '../model/facts.js';
import type { ControlStatus, EvidenceRef, FactSummary, ScopedControl, StakeholderAssignment } from './assessment.js';
import type { AssessContext } from './context.js';

export function scopeControls(ctx: AssessContext): ScopedControl[] {
  return [...ctx.catalog.controls.values()].map((control) => scopeControl(ctx, control));
}

function scopeControl(ctx: AssessContext, control: CatalogControl): ScopedControl {
  const state = ctx.model.assessment.controls.get(control.id);
  const stages = stagesOwed(ctx, control);
  const decision = applicability(ctx, control, stages, state?.status, state?.justification);
  const observations = ctx.observationsByControl.get(control.id) ?? [];
  const declared: ControlStatus = state?.status ?? 'not-started';
  const failed = observations.some((o) => o.verdict === 'FAIL');
  const passed = observations.some((o) => o.verdict === 'PASS');
  // An automated PASS confirms a control the owner says is implemented; it never creates one from nothing.
  const status: ControlStatus = declared === 'implemented' && passed && !failed ? 'verified' : declared;
  return {
    id: control.id,
    title: control.title,
    family: control.family,
    clause: control.clause.id,
    applies: decision.applies,
    reason: decision.reason,
    because: decision.because,
    stakeholders: assignments(ctx, control),
    stages,
    status,
    owner: state?.owner,
    justification: state?.justification,
    due: state?.due,
    evidence: [...evidenceRefs(ctx, state?.evidence ?? []), ...observations.map(observationRef)],
    requirements: ctx.catalog.mappingsOf(control).map((m) => m.target),
    risks: [],
    source: state?.source,
  };
}

function applicability(
  ctx: AssessContext,
  control: CatalogControl,
  stages: string[],
  status: ControlStatus | undefined,
  justification: string | undefined,
): { applies: boolean; reason: string; because: FactSummary[] } {
  if (status === 'not-applicable') {
    return { applies: false, reason: `declared not applicable: ${justification ?? ''}`.trim(), because: [] };
  }
  if (control.appliesWhen !== undefined) {
    const result = evaluateCondition(control.appliesWhen, ctx.facts);
    const because = result.because.map(summary);
    if (!result.holds) {
      return {
        applies: false,
        reason: `does not apply: it is needed when ${describeCondition(control.appliesWhen)}, and ${explain(result.because, false)}`,
        because,
      };
    }
    if (stages.length === 0) return outOfStage(ctx, control, because);
    return { applies: true, reason: `applies because ${explain(result.because, true)}`, because };
  }
  if (stages.length === 0) return outOfStage(ctx, control, []);
  return { applies: true, reason: 'applies to every IoT system in scope', because: [] };
}

function outOfStage(ctx: AssessContext, control: CatalogControl, because: FactSummary[]) {
  return {
    applies: false,
    reason: `owed at ${control.stages.join(', ')}, outside the assessed stages (${ctx.stages.join(', ')})`,
    because,
  };
}

function explain(facts: FactResult[], holds: boolean): string {
  const parts = facts.map((f) => (holds ? f.title : `it is not the case that ${f.title}`));
  return parts.join('; ') || 'its condition is met';
}

function summary(fact: FactResult): FactSummary {
  return { id: fact.id, title: fact.title, holds: fact.holds, subjects: fact.subjects.slice(0, 20) };
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

function evidenceRefs(ctx: AssessContext, ids: string[]): EvidenceRef[] {
  return ids.flatMap((id) => {
    const evidence = ctx.evidence.get(id);
    if (!evidence) return [];
    return [
      {
        id: evidence.id,
        kind: evidence.kind,
        title: evidence.title,
        location: evidence.location,
        collected: evidence.collected,
        expires: evidence.expires,
        expired: evidence.expires !== undefined && evidence.expires < ctx.date,
      },
    ];
  });
}

function observationRef(o: NonNullable<AssessContext['options']['observations']>[number]): EvidenceRef {
  return {
    id: o.id,
    kind: 'check',
    title: `${o.check} ${o.title} on ${o.target}: ${o.summary}`,
    location: o.target,
    collected: o.collected.slice(0, 10),
    expired: false,
    verdict: o.verdict,
  };
}
