/**
 * identify: runs every risk rule over the model and rates what it finds — inherent risk from the rule's (or the
 * finding's) likelihood and impact, residual risk after the mitigating controls that are in effect, and the
 * treatment the model records.
 */
import type { SystemGraph } from '../model/graph.js';
import type { RiskRule, RuleFinding } from '../rules/rule.js';
import type { MitigationRef, Risk, RiskStatus, RuleSummary, ScopedControl, SubjectRef } from './assessment.js';
import type { AssessContext } from './context.js';
import { rate, rescale, residualLikelihood } from './matrix.js';
import { isDone } from './support.js';

export function identifyRisks(
  ctx: AssessContext,
  rules: readonly RiskRule[],
  controls: ScopedControl[],
): { risks: Risk[]; rules: RuleSummary[] } {
  const byId = new Map(controls.map((c) => [c.id, c]));
  const risks: Risk[] = [];
  const summaries: RuleSummary[] = [];
  for (const rule of rules) {
    const findings = rule.check(ctx.graph);
    if (findings.length === 0) continue;
    const shared = ruleContext(ctx, rule, byId);
    summaries.push(shared.summary);
    for (const finding of findings) risks.push(toRisk(ctx, shared, finding));
  }
  risks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { risks, rules: summaries };
}

/** What every risk of one rule has in common; computed once per rule, shared by its risks. */
interface RuleContext {
  summary: RuleSummary;
  riskSource: Risk['riskSource'];
  mitigations: MitigationRef[];
  effective: number;
  requirements: string[];
  clauses: string[];
}

function ruleContext(ctx: AssessContext, rule: RiskRule, controls: Map<string, ScopedControl>): RuleContext {
  const { meta } = rule;
  const source = ctx.catalog.riskSources.get(meta.riskSource);
  if (!source) throw new Error(`internal: rule ${meta.id} names unknown risk source ${meta.riskSource}`);
  const mitigations: MitigationRef[] = meta.mitigations.map((controlId) => {
    const control = controls.get(controlId);
    return {
      control: controlId,
      status: control?.status ?? 'not-started',
      effective: control !== undefined && isDone(control),
    };
  });
  const requirements = new Set(meta.references ?? []);
  const clauses = new Set([source.clause]);
  for (const m of meta.mitigations) {
    const control = controls.get(m);
    if (!control) continue;
    for (const r of control.requirements) requirements.add(r);
    clauses.add(control.clause);
  }
  return {
    summary: {
      id: meta.id,
      title: meta.title,
      description: meta.description,
      riskSource: {
        id: source.id,
        title: source.title,
        clause: source.clause,
        category: source.category,
        domain: source.domain,
      },
      stride: meta.stride ?? [],
      linddun: meta.linddun ?? [],
      likelihood: meta.likelihood,
      impact: meta.impact,
      mitigations: meta.mitigations.map((id) => ({ control: id, title: controls.get(id)?.title ?? id })),
      references: meta.references ?? [],
    },
    riskSource: { id: source.id, clause: source.clause },
    mitigations,
    effective: mitigations.filter((m) => m.effective).length,
    requirements: [...requirements].sort(),
    clauses: [...clauses].sort(),
  };
}

function toRisk(ctx: AssessContext, rule: RuleContext, finding: RuleFinding): Risk {
  const { summary, mitigations, effective } = rule;
  const id = `${summary.id}:${finding.subject}`;
  const likelihood = rescale(finding.likelihood ?? summary.likelihood, ctx.matrix.likelihood.length);
  const impact = rescale(finding.impact ?? summary.impact, ctx.matrix.impact.length);
  const treatment = ctx.model.assessment.risks.get(id) ?? ctx.model.assessment.risks.get(summary.id);
  return {
    id,
    rule: summary.id,
    title: summary.title,
    message: finding.message,
    riskSource: rule.riskSource,
    clauses: rule.clauses,
    stride: summary.stride,
    linddun: summary.linddun,
    subject: subjectRef(ctx.graph, finding.subject),
    related: (finding.related ?? []).map((r) => subjectRef(ctx.graph, r)),
    inherent: rate(ctx.matrix, likelihood, impact),
    residual: rate(ctx.matrix, residualLikelihood(likelihood, effective, mitigations.length), impact),
    mitigations,
    requirements: rule.requirements,
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
