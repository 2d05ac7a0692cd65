/**
 * Conformance statements and framework coverage. The EN 303 645 statement follows the shape of its Annex B
 * implementation conformance statement: every provision, its status, whether it applies (from conditions and
 * features derived from the model) and whether it is supported, with the controls and evidence behind the answer.
 */
import type { CatalogFramework } from '../catalog/catalog.js';
import type { ConformanceStatement, FrameworkCoverage, ProvisionStatement, ScopedControl } from './assessment.js';
import type { AssessContext } from './context.js';
import { requirementApplicability, requirementSupport } from './support.js';

/** Frameworks that get a full conformance statement (those whose provisions have conditions or features). */
export const CONFORMANCE_FRAMEWORKS = ['etsi-en-303-645'];

export function conformanceStatement(
  ctx: AssessContext,
  framework: CatalogFramework,
  controls: ReadonlyMap<string, ScopedControl>,
): ConformanceStatement {
  const provisions: ProvisionStatement[] = ctx.catalog.assessableRequirements(framework.id).map((requirement) => {
    const applicability = requirementApplicability(ctx, requirement);
    const base = {
      id: requirement.id,
      title: requirement.title,
      status: requirement.status as ProvisionStatement['status'],
      conditions: applicability.conditions,
      features: applicability.features,
      applies: applicability.applies,
    };
    if (!applicability.applies) {
      const reason = applicability.reason ?? 'not applicable';
      return { ...base, support: 'not-applicable', reason, controls: [], evidence: [] };
    }
    const {
      support,
      reason,
      controls: mapped,
      evidence,
      justification,
    } = requirementSupport(ctx, requirement, controls);
    return { ...base, support, reason, controls: mapped, evidence, justification };
  });
  const applicable = provisions.filter((p) => p.applies);
  return {
    framework: framework.id,
    title: framework.title,
    version: framework.version,
    provisions,
    summary: {
      provisions: provisions.length,
      applicable: applicable.length,
      supported: applicable.filter((p) => p.support === 'yes').length,
      partial: applicable.filter((p) => p.support === 'partial').length,
      notSupported: applicable.filter((p) => p.support === 'no').length,
      mandatoryGaps: applicable.filter((p) => p.status === 'mandatory' && p.support !== 'yes').length,
      recommendationsWithoutJustification: applicable.filter(
        (p) => p.status === 'recommended' && p.support !== 'yes' && !p.justification,
      ).length,
    },
  };
}

export function frameworkCoverage(
  ctx: AssessContext,
  framework: CatalogFramework,
  controls: ReadonlyMap<string, ScopedControl>,
): FrameworkCoverage {
  const items = ctx.catalog.assessableRequirements(framework.id).map((requirement) => {
    const applicability = requirementApplicability(ctx, requirement);
    const support = applicability.applies ? requirementSupport(ctx, requirement, controls) : undefined;
    return {
      id: requirement.id,
      title: requirement.title,
      status: requirement.status ?? 'recommended',
      applies: applicability.applies,
      support: support?.support ?? ('not-applicable' as const),
      controls: support?.controls.map((c) => c.id) ?? [],
    };
  });
  const applicable = items.filter((i) => i.applies);
  return {
    framework: framework.id,
    title: framework.shortTitle ?? framework.title,
    version: framework.version,
    requirements: items.length,
    applicable: applicable.length,
    supported: applicable.filter((i) => i.support === 'yes').length,
    partial: applicable.filter((i) => i.support === 'partial').length,
    notSupported: applicable.filter((i) => i.support === 'no').length,
    mandatoryGaps: applicable.filter((i) => i.status === 'mandatory' && i.support !== 'yes').length,
    unmapped: applicable.filter((i) => i.controls.length === 0).map((i) => i.id),
    items,
  };
}
