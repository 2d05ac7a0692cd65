/**
 * identify: runs every risk rule over the model and rates what it finds — inherent risk from the rule's (or the
 * finding's) likelihood and impact, residual risk after the mitigating controls that are in effect, and the
 * treatment the model records.
 */
import type { SystemGraph } from '../model/graph.js';
import type { RiskRule, RuleFinding } from '../rules/rule.js';
import type { MitigationRef, Risk, RiskStatus, ScopedControl, SubjectRef } from './assessment.js';
import type { AssessContext } from './context.js';
import { rate, rescale, residualLikelihood } from './matrix.js';

export function identifyRisks(ctx: AssessContext, rules: readonly RiskRule[], controls: ScopedControl[]): Risk[] {
  const byId = new Map(controls.map((c) => [c.id, c]));
  const risks: Risk[] = [];
  for (const rule of rules) {
    for (const finding of rule.check(ctx.graph)) risks.push(toRisk(ctx, rule, finding, byId));
  }
  return risks.sort((a, b) => a.id.localeCompare(b.id));
}

function toRisk(ctx: AssessContext, rule: RiskRule, finding: RuleFinding, controls: Map<string, ScopedControl>): Risk {
  const { meta } = rule;
  const riskSource = ctx.catalog.riskSources.get(meta.riskSource);
  if (!riskSource) throw new Error(`internal: rule ${meta.id} names unknown risk source ${meta.riskSource}`);
  const id = `${meta.id}:${finding.subject}`;
  const likelihood = rescale(finding.likelihood ?? meta.likelihood, ctx.matrix.likelihood.length);
  const impact = rescale(finding.impact ?? meta.impact, ctx.matrix.impact.length);
  const mitigations: MitigationRef[] = meta.mitigations.map((controlId) => {
    const control = controls.get(controlId);
    const failed = control?.evidence.some((e) => e.verdict === 'FAIL') ?? false;
    const done = control?.status === 'implemented' || control?.status === 'verified';
    return {
      control: controlId,
      title: control?.title ?? controlId,
      status: control?.status ?? 'not-started',
      applies: control?.applies ?? false,
      effective: done && !failed,
    };
  });
  const effective = mitigations.filter((m) => m.effective).length;
  const treatment = ctx.model.assessment.risks.get(id) ?? ctx.model.assessment.risks.get(meta.id);
  const requirements = new Set(meta.references ?? []);
  const clauses = new Set([riskSource.clause]);
  for (const m of meta.mitigations) {
    const control = controls.get(m);
    if (!control) continue;
    for (const r of control.requirements) requirements.add(r);
    clauses.add(control.clause);
  }
  return {
    id,
    rule: meta.id,
    title: meta.title,
    description: meta.description,
    message: finding.message,
    riskSource: {
      id: riskSource.id,
      title: riskSource.title,
      clause: riskSource.clause,
      category: riskSource.category,
      domain: riskSource.domain,
    },
    clauses: [...clauses].sort(),
    stride: meta.stride ?? [],
    linddun: meta.linddun ?? [],
    subject: subjectRef(ctx.graph, finding.subject),
    related: (finding.related ?? []).map((r) => subjectRef(ctx.graph, r)),
    inherent: rate(ctx.matrix, likelihood, impact),
    residual: rate(ctx.matrix, residualLikelihood(likelihood, effective, mitigations.length), impact),
    mitigations,
    requirements: [...requirements].sort(),
    status: riskStatus(treatment?.treatment, effective, mitigations.length),
    treatment: treatment && {
      treatment: treatment.treatment,
      owner: treatment.owner,
      justification: treatment.justification,
      ticket: treatment.ticket,
      reviewed: treatment.reviewed,
    },
  };
}

function riskStatus(treatment: string | undefined, effective: number, total: number): RiskStatus {
  if (treatment === 'accept') return 'accepted';
  if (treatment === 'transfer') return 'transferred';
  if (treatment === 'avoid') return 'avoided';
  return total > 0 && effective === total ? 'mitigated' : 'open';
}

/** Looks a model id up among elements, flows, data assets, zones and organisations. */
export function subjectRef(graph: SystemGraph, id: string): SubjectRef {
  const element = graph.elements.get(id);
  if (element) return { id, type: 'element', name: element.name, source: element.source };
  const flow = graph.flows.get(id);
  if (flow) return { id, type: 'flow', name: `${flow.from} → ${flow.to}`, source: flow.source };
  const data = graph.dataAssets.get(id);
  if (data) return { id, type: 'data-asset', name: data.name, source: data.source };
  const zone = graph.zones.get(id);
  if (zone) return { id, type: 'zone', name: zone.name, source: zone.source };
  const organisation = graph.organisations.get(id);
  if (organisation) return { id, type: 'organisation', name: organisation.name, source: organisation.source };
  return { id, type: 'system', name: graph.model.system.name, source: graph.model.system.source };
}
