/**
 * evaluate: links risks to the controls that mitigate them and lists the gaps — applicable controls not in effect on
 * every subject they concern — ordered by the risk they leave open, so the action plan starts with what matters most.
 */
import { type Gap, isInEffect, type Risk, risksByControl, type ScopedControl } from './assessment.js';
import type { AssessContext } from './context.js';
import { levelRank } from './matrix.js';

export function linkRisksToControls(controls: ScopedControl[], risks: Risk[]): void {
  const byControl = risksByControl(risks);
  for (const control of controls) for (const id of byControl.get(control.id) ?? []) control.risks.push(id);
}

export function findGaps(ctx: AssessContext, controls: ScopedControl[], risks: Risk[]): Gap[] {
  const risksById = new Map(risks.map((r) => [r.id, r]));
  const gaps = controls
    .filter((c) => c.applies === true && !isInEffect(c.status))
    .map((control): Gap => {
      const open = control.risks
        .map((id) => risksById.get(id)!)
        .filter((r) => r.status === 'open' && !r.mitigations.find((m) => m.control === control.id)?.effective)
        .sort((a, b) => levelRank(ctx.matrix, b.residual.level) - levelRank(ctx.matrix, a.residual.level))
        .map((r) => ({ id: r.id, level: r.residual.level }));
      return {
        control: control.id,
        title: control.title,
        family: control.family,
        status: control.status,
        subjects: control.subjects
          .filter((s) => !isInEffect(s.status) && s.status !== 'not-applicable')
          .slice(0, 50)
          .map((s) => s.subject),
        owner: control.owner,
        stakeholders: control.stakeholders,
        stages: control.stages,
        risks: open,
        priority: open[0]?.level ?? 'none',
        requirements: control.requirements,
        failedEvidence: control.evidence.filter((e) => e.verdict === 'FAIL').map((e) => e.id),
      };
    });
  return gaps.sort(
    (a, b) =>
      levelRank(ctx.matrix, b.priority) - levelRank(ctx.matrix, a.priority) ||
      b.risks.length - a.risks.length ||
      b.requirements.length - a.requirements.length ||
      a.control.localeCompare(b.control),
  );
}
