/**
 * identify: runs every risk rule over the model and rates what it finds — inherent risk from the rule's (or the
 * finding's) likelihood and impact, residual risk after the mitigating controls in effect WHERE THE RISK IS (on its
 * element, flow or data asset; a control in place elsewhere does not help), and the treatment the model records.
 * Findings that depend on what the model does not state become questions, not risks. Suppressed findings are left out
 * and listed in the provenance block.
 */
import type { SubjectType } from '../model/properties.js';
import type { RiskRule, RuleFinding } from '../rules/rule.js';
import { getOrCreate } from '../util/maps.js';
import {
  type EffectiveStatus,
  type Finding,
  isInEffect,
  type MitigationRef,
  type RatedLevel,
  type Risk,
  type RiskStatus,
  type RuleSummary,
  type SubjectRef,
} from './assessment.js';
import type { AssessContext } from './context.js';
import type { Implementation } from './implementation.js';
import { levelRank, rate, rescale, residualLikelihood } from './matrix.js';
import { subjectRef } from './subjects.js';

/**
 * A finding the model cannot decide: a question for the model's author. The rule's message is not kept: questions
 * name the keys to state, and a fleet has a hundred thousand of these until the questions are drawn up (15 MB of
 * messages at 10 000 elements, held to the end of the assessment).
 */
export interface UndecidedFinding {
  rule: string;
  subject: string;
  keys: string[];
}

export interface Identified {
  risks: Risk[];
  rules: RuleSummary[];
  undecided: UndecidedFinding[];
  suppressed: { rule: string; subjects: string[]; justification: string }[];
  findings: Finding[];
}

const WEIGHT = { primary: 2, supporting: 1 } as const;

export function identifyRisks(
  ctx: AssessContext,
  rules: readonly RiskRule[],
  implementation: Implementation,
): Identified {
  const out: Identified = { risks: [], rules: [], undecided: [], suppressed: [], findings: [] };
  const suppressions = activeSuppressions(ctx, out.findings);
  const ratings = new Map<number, RatedLevel>();
  const ratingOf = (likelihood: number, impact: number) =>
    getOrCreate(ratings, likelihood * 1000 + impact, () => rate(ctx.matrix, likelihood, impact));
  for (const rule of rules) {
    const found = rule.check(ctx.graph);
    if (found.length === 0) continue;
    const summary = ruleSummary(ctx, rule);
    const shared: Shared = {
      riskSource: { id: summary.riskSource.id, clause: summary.riskSource.clause },
      rule: { likelihood: summary.likelihood, impact: summary.impact },
      mitigations: new Map(),
      rated: ratingOf,
    };
    const suppressedHere: string[] = [];
    let rated = 0;
    for (const finding of found) {
      if (finding.unknown) {
        out.undecided.push({ rule: rule.meta.id, subject: finding.subject, keys: finding.unknown });
        continue;
      }
      const suppression = suppressions.get(rule.meta.id);
      if (suppression && (suppression.subjects === undefined || suppression.subjects.includes(finding.subject))) {
        suppressedHere.push(finding.subject);
        continue;
      }
      out.risks.push(toRisk(ctx, rule, summary, shared, finding, implementation, out.findings));
      rated++;
    }
    if (rated > 0) out.rules.push(summary);
    if (suppressedHere.length > 0) {
      out.suppressed.push({
        rule: rule.meta.id,
        subjects: suppressedHere,
        justification: suppressions.get(rule.meta.id)!.justification,
      });
    }
  }
  out.risks.sort(
    (a, b) =>
      levelRank(ctx.matrix, b.residual.level) - levelRank(ctx.matrix, a.residual.level) ||
      levelRank(ctx.matrix, b.inherent.level) - levelRank(ctx.matrix, a.inherent.level) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return out;
}

/** Suppressions in force at the assessment date; a lapsed one is a finding and suppresses nothing. */
function activeSuppressions(ctx: AssessContext, findings: Finding[]) {
  const active = new Map<string, { subjects?: string[]; justification: string }>();
  for (const s of ctx.model.assessment.suppressions) {
    if (s.until !== undefined && s.until < ctx.date) {
      findings.push({
        kind: 'suppression-lapsed',
        message: `the suppression of ${s.rule} lapsed on ${s.until}`,
        action: "review the rule's findings again, then renew the suppression with a new date or remove it",
        source: s.source,
      });
      continue;
    }
    const previous = active.get(s.rule);
    const subjects =
      previous && (previous.subjects === undefined || s.subjects === undefined)
        ? undefined
        : [...(previous?.subjects ?? []), ...(s.subjects ?? [])];
    active.set(s.rule, {
      subjects: s.subjects === undefined && !previous ? undefined : subjects,
      justification: s.justification,
    });
  }
  return active;
}

function ruleSummary(ctx: AssessContext, rule: RiskRule): RuleSummary {
  const { meta } = rule;
  const mitigations = mitigationsOf(rule);
  const source = ctx.catalog.riskSources.get(meta.riskSource);
  if (!source) throw new Error(`internal: rule ${meta.id} names unknown risk source ${meta.riskSource}`);
  return {
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
    mitigations: mitigations.map(({ control, role }) => ({
      control,
      title: ctx.catalog.controls.get(control)?.title ?? control,
      role,
    })),
    references: meta.references ?? [],
    clauses: clausesOf(ctx, source.clause, mitigations),
    requirements: requirementsOf(ctx, rule),
    origin: rule.origin ?? 'built-in',
    ...(rule.file === undefined ? {} : { file: rule.file }),
  };
}

function mitigationsOf(rule: RiskRule): { control: string; role: 'primary' | 'supporting' }[] {
  return [
    ...rule.meta.mitigations.map((control) => ({ control, role: 'primary' as const })),
    ...(rule.meta.supporting ?? []).map((control) => ({ control, role: 'supporting' as const })),
  ];
}

/** The subject type a control's status is looked up with; zones, organisations and the system use the system. */
function lookupType(subject: SubjectRef): SubjectType {
  return subject.type === 'element' || subject.type === 'flow' || subject.type === 'data-asset'
    ? subject.type
    : 'system';
}

/**
 * What the risks of one rule share, made once: a fleet's thousands of risks of a rule each held a copy of its risk
 * source, its ratings and its mitigations with the same statuses. Nothing changes a risk once it is made.
 */
interface Shared {
  riskSource: Risk['riskSource'];
  rule: Risk['explanation']['rule'];
  /** mitigations, by their statuses in the rule's order */
  mitigations: Map<string, MitigationRef[]>;
  rated(likelihood: number, impact: number): RatedLevel;
}

const NONE: readonly string[] = Object.freeze([]);

function toRisk(
  ctx: AssessContext,
  rule: RiskRule,
  summary: RuleSummary,
  shared: Shared,
  finding: RuleFinding,
  implementation: Implementation,
  findings: Finding[],
): Risk {
  const id = `${summary.id}:${finding.subject}`;
  const subject = subjectRef(ctx.graph, finding.subject);
  const type = lookupType(subject);
  const mitigations: (MitigationRef & { concerns: boolean })[] = mitigationsOf(rule).map(({ control, role }) => {
    const status: EffectiveStatus | undefined =
      type === 'system' ? implementation.within(control).status : implementation.at(control, type, finding.subject);
    return {
      control,
      role,
      status: status ?? 'not-started',
      effective: isInEffect(status),
      concerns: status !== undefined,
    };
  });
  const concerned = mitigations.filter((m) => m.concerns);
  const total = concerned.reduce((sum, m) => sum + WEIGHT[m.role], 0);
  const effective = concerned.filter((m) => m.effective).reduce((sum, m) => sum + WEIGHT[m.role], 0);
  const likelihood = rescale(finding.likelihood ?? summary.likelihood, ctx.matrix.likelihood.length);
  const impact = rescale(finding.impact ?? summary.impact, ctx.matrix.impact.length);
  const computed = shared.rated(residualLikelihood(likelihood, effective, total), impact);
  const treatment = ctx.model.assessment.risks.get(id) ?? ctx.model.assessment.risks.get(summary.id);
  const override =
    treatment?.residual && ctx.matrix.levels.includes(treatment.residual.level) ? treatment.residual : undefined;
  if (treatment?.residual && !override) {
    findings.push({
      kind: 'unknown-residual-level',
      risk: id,
      message: `the residual level "${treatment.residual.level}" set for ${id} is not a level of the risk matrix`,
      action: `use one of: ${ctx.matrix.levels.join(', ')}`,
      source: treatment.source,
    });
  }
  const primary = concerned.filter((m) => m.role === 'primary');
  const mitigated = primary.length > 0 && primary.every((m) => m.effective);
  return {
    id,
    rule: summary.id,
    title: summary.title,
    message: finding.message,
    riskSource: shared.riskSource,
    clauses: summary.clauses,
    stride: summary.stride,
    linddun: summary.linddun,
    subject,
    related: (finding.related ?? []).map((r) => subjectRef(ctx.graph, r)),
    inherent: shared.rated(likelihood, impact),
    residual: override ? { ...computed, level: override.level } : computed,
    explanation: {
      rule: shared.rule,
      adjustments: adjustments(summary, finding),
      reducedBy:
        effective === 0
          ? NONE
          : concerned.filter((m) => m.effective).map((m) => `${m.control} (${m.role}, ${m.status})`),
      computed,
      override,
    },
    mitigations: getOrCreate(shared.mitigations, mitigations.map((m) => m.status).join(' '), () =>
      mitigations.map(({ concerns: _concerns, ...m }) => m),
    ),
    requirements: summary.requirements,
    status: riskStatus(ctx, id, treatment, mitigated, findings),
    treatment: treatment && {
      treatment: treatment.treatment,
      owner: treatment.owner,
      justification: treatment.justification,
      ticket: treatment.ticket,
      reviewed: treatment.reviewed,
      approver: treatment.approver,
      approvedOn: treatment.approvedOn,
      reviewBy: treatment.reviewBy,
      transferredTo: treatment.transferredTo,
    },
  };
}

function adjustments(summary: RuleSummary, finding: RuleFinding): readonly string[] {
  const changed: string[] = [];
  if (finding.likelihood !== undefined && finding.likelihood !== summary.likelihood)
    changed.push(`likelihood ${finding.likelihood} instead of ${summary.likelihood}`);
  if (finding.impact !== undefined && finding.impact !== summary.impact)
    changed.push(`impact ${finding.impact} instead of ${summary.impact}`);
  if (changed.length === 0) return NONE;
  return [`${changed.join(', ')}${finding.adjustment ? `: ${finding.adjustment}` : ''}`];
}

function clausesOf(ctx: AssessContext, riskSource: string, mitigations: { control: string }[]): string[] {
  const clauses = new Set([riskSource]);
  for (const m of mitigations) {
    const control = ctx.catalog.controls.get(m.control);
    if (control) clauses.add(control.clause.id);
  }
  return [...clauses].sort();
}

function requirementsOf(ctx: AssessContext, rule: RiskRule): string[] {
  const requirements = new Set(rule.meta.references ?? []);
  for (const { control } of mitigationsOf(rule)) {
    const c = ctx.catalog.controls.get(control);
    if (c) for (const m of ctx.catalog.mappingsOf(c)) requirements.add(m.target);
  }
  return [...requirements].sort();
}

/**
 * The risk's status from its treatment: an acceptance counts only with an approver, a date and a review date still
 * ahead; a transfer only when it names to whom. Otherwise the risk stays open and the gap is a finding.
 */
function riskStatus(
  ctx: AssessContext,
  id: string,
  treatment: ReturnType<AssessContext['model']['assessment']['risks']['get']>,
  mitigated: boolean,
  findings: Finding[],
): RiskStatus {
  const computed: RiskStatus = mitigated ? 'mitigated' : 'open';
  if (!treatment?.treatment) return computed;
  switch (treatment.treatment) {
    case 'avoid':
      return 'avoided';
    case 'mitigate':
      return computed;
    case 'transfer':
      if (treatment.transferredTo) return 'transferred';
      findings.push({
        kind: 'transfer-incomplete',
        risk: id,
        message: `the transfer of ${id} does not say to whom`,
        action: 'add `transferredTo:` (the insurer, contractor or party that carries it)',
        source: treatment.source,
      });
      return computed;
    case 'accept': {
      const missing = (['approver', 'approvedOn', 'reviewBy'] as const).filter((k) => !treatment[k]);
      if (missing.length > 0) {
        findings.push({
          kind: 'acceptance-incomplete',
          risk: id,
          message: `the acceptance of ${id} lacks ${missing.join(', ')}; it is not counted and the risk stays open`,
          action: 'record who approved it (`approver:`), when (`approvedOn:`) and when to review it (`reviewBy:`)',
          source: treatment.source,
        });
        return computed;
      }
      if (treatment.reviewBy! < ctx.date) {
        findings.push({
          kind: 'acceptance-expired',
          risk: id,
          message: `the acceptance of ${id} was due for review on ${treatment.reviewBy}; the risk is open again`,
          action: 'review the risk: accept it again with a new review date, or treat it',
          source: treatment.source,
        });
        return computed;
      }
      return 'accepted';
    }
  }
}
