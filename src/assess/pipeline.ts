/**
 * The pipeline: model + catalog + rules → Assessment. One function, pure over its inputs; the CLI, the server, tests
 * and benchmarks all call it, so there is one way to assess.
 */
import type { Catalog } from '../catalog/catalog.js';
import { evaluateFacts } from '../model/facts.js';
import { SystemGraph } from '../model/graph.js';
import type { SystemModel } from '../model/types.js';
import { ADDRESSEE_STAKEHOLDERS, type Stakeholder } from '../model/vocabulary.js';
import type { RiskRule } from '../rules/rule.js';
import { TOOL_VERSION } from '../util/version.js';
import {
  ASSESSMENT_FORMAT,
  ASSESSMENT_FORMAT_VERSION,
  type Assessment,
  type ConformanceStatement,
  type Finding,
  type Gap,
  isInEffect,
  type Provenance,
  type Risk,
  type ScopedControl,
} from './assessment.js';
import { classificationFindings, conformanceStatements, type Leftovers } from './conformance.js';
import { type AssessContext, type AssessOptions, type Observation, ScopedFacts } from './context.js';
import { findGaps, linkRisksToControls } from './gaps.js';
import { type Identified, identifyRisks } from './identify.js';
import { Implementation } from './implementation.js';
import { DEFAULT_MATRIX } from './matrix.js';
import { collectQuestions } from './questions.js';
import { checkModelReferences } from './references.js';
import { scopeControls, summary } from './scope.js';
import { systemView } from './system-view.js';

export function assess(
  model: SystemModel,
  catalog: Catalog,
  rules: readonly RiskRule[],
  options: AssessOptions = {},
): Assessment {
  const { ctx, stageSet } = assessContext(model, catalog, rules, options);
  const { controls, identified, gaps, conformance, questions, findings } = judge(ctx, rules);
  const shown = filterShown(ctx, { controls, risks: identified.risks, gaps, conformance, findings });
  return {
    format: ASSESSMENT_FORMAT,
    formatVersion: ASSESSMENT_FORMAT_VERSION,
    tool: { name: 'iotassure', version: TOOL_VERSION },
    date: ctx.date,
    model: {
      file: model.file,
      id: model.system.id,
      name: model.system.name,
      description: model.system.description,
      region: model.system.region,
      stageSet: stageSet.id,
      stages: ctx.stages,
      source: model.system.source,
    },
    riskMatrix: ctx.matrix,
    filters: { stakeholder: options.stakeholder, stage: options.stage },
    provenance: provenance(ctx, conformance, identified.suppressed, controls),
    facts: [...ctx.facts.values()].map(summary),
    system: systemView(ctx.graph),
    rules: identified.rules.filter((r) => shown.risks.some((risk) => risk.rule === r.id)),
    ...shown,
    questions,
    summary: summarise(
      shown.risks,
      shown.controls,
      shown.gaps,
      model.products.length,
      questions.length,
      shown.findings,
    ),
  };
}

/**
 * The controls, risks, gaps, conformance statements, questions and consistency findings. The controls'
 * implementation and the undecided findings live only while these are judged (62 MB at 10 000 elements): the rest of
 * the assessment is made without them.
 */
function judge(ctx: AssessContext, rules: readonly RiskRule[]) {
  const implementation = new Implementation(ctx);
  const controls = scopeControls(ctx, implementation);
  const identified = identifyRisks(ctx, rules, implementation);
  linkRisksToControls(controls, identified.risks);
  const gaps = findGaps(ctx, controls, identified.risks);
  const leftovers: Leftovers = { open: [], findings: [] };
  const conformance = conformanceStatements(ctx, implementation, leftovers);
  const questions = collectQuestions(ctx.graph, identified.undecided, leftovers.open, controls, conformance);
  const findings = consistency(ctx.model, implementation, identified, leftovers.findings);
  // the undecided findings stay here: the questions are drawn from them
  const { risks, rules: summaries, suppressed } = identified;
  return { controls, identified: { risks, rules: summaries, suppressed }, gaps, conformance, questions, findings };
}

/**
 * What `validate` reports of an assessment: its consistency findings, the same list `assess` gives without
 * `--stakeholder` or `--stage`, without judging conformance, gaps and questions, which no finding depends on.
 */
export function consistencyFindings(
  model: SystemModel,
  catalog: Catalog,
  rules: readonly RiskRule[],
  options: AssessOptions = {},
): Finding[] {
  const { ctx } = assessContext(model, catalog, rules, options);
  const implementation = new Implementation(ctx);
  return consistency(model, implementation, identifyRisks(ctx, rules, implementation), classificationFindings(ctx));
}

function assessContext(model: SystemModel, catalog: Catalog, rules: readonly RiskRule[], options: AssessOptions) {
  const stageSet = checkModelReferences(model, catalog, rules);
  const graph = new SystemGraph(model);
  const facts = evaluateFacts(graph);
  const ctx: AssessContext = {
    model,
    graph,
    catalog,
    facts,
    scopedFacts: new ScopedFacts(graph, facts),
    matrix: model.assessment.riskMatrix ?? DEFAULT_MATRIX,
    stageSet,
    stages: model.system.stages ?? stageSet.stages.map((s) => s.id),
    date: options.date ?? new Date().toISOString().slice(0, 10),
    observationsByControl: groupByControl(options.observations ?? []),
    evidence: new Map(model.assessment.evidence.map((e) => [e.id, e])),
    options,
  };
  return { ctx, stageSet };
}

/** Every consistency finding, in one order: evidence files, control statuses, risks, product classes. */
function consistency(
  model: SystemModel,
  implementation: Implementation,
  identified: Identified,
  classification: readonly Finding[],
): Finding[] {
  return [...evidenceFileFindings(model), ...implementation.findings, ...identified.findings, ...classification];
}

interface Shown {
  controls: ScopedControl[];
  risks: Risk[];
  gaps: Gap[];
  conformance: ConformanceStatement[];
  findings: Finding[];
}

/**
 * `--stakeholder` and `--stage` narrow everything shown and counted: the controls owed, the risks those controls
 * mitigate, the gaps, the frameworks addressed to that stakeholder and the findings about them. Residual ratings still
 * count every control: a risk is as high as it is whoever looks at it.
 */
function filterShown(ctx: AssessContext, all: Shown): Shown {
  const { stakeholder, stage } = ctx.options;
  if (stakeholder === undefined && stage === undefined) return all;
  const controls = all.controls.filter(
    (c) =>
      (stakeholder === undefined || c.stakeholders.some((s) => s.role === stakeholder)) &&
      (stage === undefined || c.stages.includes(stage)),
  );
  const ids = new Set(controls.map((c) => c.id));
  const risks = all.risks.filter((r) => r.mitigations.some((m) => ids.has(m.control)));
  const riskIds = new Set(risks.map((r) => r.id));
  return {
    controls,
    risks,
    gaps: all.gaps.filter((g) => ids.has(g.control)),
    conformance:
      stakeholder === undefined ? all.conformance : all.conformance.filter((c) => addressedTo(c, stakeholder)),
    findings: all.findings.filter(
      (f) => (f.control === undefined || ids.has(f.control)) && (f.risk === undefined || riskIds.has(f.risk)),
    ),
  };
}

function addressedTo(statement: ConformanceStatement, stakeholder: Stakeholder): boolean {
  if (statement.addressees.length === 0) return true;
  return statement.addressees.some((a) =>
    ADDRESSEE_STAKEHOLDERS[a as keyof typeof ADDRESSEE_STAKEHOLDERS]?.includes(stakeholder),
  );
}

function provenance(
  ctx: AssessContext,
  conformance: ConformanceStatement[],
  suppressed: Provenance['exclusions']['suppressions'],
  controls: ScopedControl[],
): Provenance {
  return {
    modelSha256: ctx.options.modelSha256 ?? '',
    git: ctx.options.git,
    catalog: { sha256: ctx.catalog.digest, files: ctx.catalog.files.length },
    tool: `iotassure ${TOOL_VERSION}`,
    date: ctx.date,
    scope: { stakeholder: ctx.options.stakeholder, stage: ctx.options.stage, stages: ctx.stages },
    exclusions: {
      frameworks: conformance
        .filter((c) => c.scope.applies === false)
        .map((c) => ({ framework: c.framework, reason: c.scope.reason })),
      suppressions: suppressed,
      notApplicableControls: controls.filter((c) => c.applies === false).length,
    },
  };
}

function groupByControl(observations: readonly Observation[]): Map<string, Observation[]> {
  const map = new Map<string, Observation[]>();
  for (const o of observations) {
    for (const control of o.controls) {
      const list = map.get(control);
      if (list) list.push(o);
      else map.set(control, [o]);
    }
  }
  return map;
}

function count<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

function summarise(
  risks: Risk[],
  controls: ScopedControl[],
  gaps: Gap[],
  products: number,
  questions: number,
  findings: Finding[],
): Assessment['summary'] {
  const applicable = controls.filter((c) => c.applies === true);
  const gapIds = new Set(gaps.map((g) => g.control));
  const byStakeholder: Assessment['summary']['byStakeholder'] = {};
  for (const role of ['developer', 'provider', 'user']) {
    const owed = applicable.filter((c) => c.stakeholders.some((s) => s.role === role));
    if (owed.length === 0) continue;
    const gapsOwed = owed.filter((c) => gapIds.has(c.id)).length;
    byStakeholder[role] = {
      applicable: owed.length,
      done: owed.filter((c) => isInEffect(c.status)).length,
      gaps: gapsOwed,
    };
  }
  return {
    risks: {
      total: risks.length,
      inherent: count(risks, (r) => r.inherent.level),
      residual: count(risks, (r) => r.residual.level),
      byStatus: count(risks, (r) => r.status),
    },
    controls: {
      total: controls.length,
      applicable: applicable.length,
      byStatus: count(applicable, (c) => c.status),
      gaps: gaps.length,
    },
    byStakeholder,
    products,
    questions,
    findings: findings.length,
  };
}

/**
 * Evidence whose file differs from the SHA-256 the model records, or whose recorded file cannot be read: an auditor
 * would be handed something other than what was assessed.
 */
export function evidenceFileFindings(model: SystemModel): Finding[] {
  return model.assessment.evidence.flatMap((evidence): Finding[] => {
    const { file, sha256 } = evidence;
    if (!file || sha256 === undefined) return [];
    if ('problem' in file) {
      return [
        {
          kind: 'evidence-unreadable',
          message: `evidence ${evidence.id} records a SHA-256, but its file cannot be checked: ${file.problem}`,
          action: 'put the file where `location` says (inside the project folder), or remove `sha256:`',
          source: evidence.source,
        },
      ];
    }
    if (file.sha256 === sha256) return [];
    return [
      {
        kind: 'evidence-changed',
        message: `the file of evidence ${evidence.id} (${evidence.location}) has changed: the model records SHA-256 ${sha256}, the file now has ${file.sha256}`,
        action:
          'if the change is intended, review the new file and record its SHA-256 and date; otherwise restore the file that was assessed',
        source: evidence.source,
      },
    ];
  });
}
