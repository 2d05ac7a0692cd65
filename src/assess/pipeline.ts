/**
 * The pipeline: model + catalog + rules → Assessment. One function, pure over its inputs; the CLI, tests and
 * benchmarks all call it, so there is one way to assess.
 */
import { readFileSync } from 'node:fs';
import type { Catalog } from '../catalog/catalog.js';
import { evaluateFacts } from '../model/facts.js';
import { SystemGraph } from '../model/graph.js';
import type { SystemModel } from '../model/types.js';
import type { RiskRule } from '../rules/rule.js';
import {
  ASSESSMENT_FORMAT,
  ASSESSMENT_FORMAT_VERSION,
  type Assessment,
  type Risk,
  type ScopedControl,
} from './assessment.js';
import { CONFORMANCE_FRAMEWORKS, conformanceStatement, frameworkCoverage } from './conformance.js';
import type { AssessContext, AssessOptions, Observation } from './context.js';
import { findGaps, linkRisksToControls } from './gaps.js';
import { identifyRisks } from './identify.js';
import { DEFAULT_MATRIX } from './matrix.js';
import { checkModelReferences } from './references.js';
import { scopeControls } from './scope.js';
import { systemView } from './system-view.js';

export const TOOL_VERSION: string = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;

export function assess(
  model: SystemModel,
  catalog: Catalog,
  rules: readonly RiskRule[],
  options: AssessOptions = {},
): Assessment {
  const stageSet = checkModelReferences(model, catalog, rules);
  const graph = new SystemGraph(model);
  const ctx: AssessContext = {
    model,
    graph,
    catalog,
    facts: evaluateFacts(graph),
    matrix: model.assessment.riskMatrix ?? DEFAULT_MATRIX,
    stageSet,
    stages: model.system.stages ?? stageSet.stages.map((s) => s.id),
    date: options.date ?? new Date().toISOString().slice(0, 10),
    observationsByControl: groupByControl(options.observations ?? []),
    evidence: new Map(model.assessment.evidence.map((e) => [e.id, e])),
    options,
  };
  const controls = scopeAll(ctx);
  const { risks, rules: ruleSummaries } = identifyRisks(ctx, rules, controls);
  linkRisksToControls(controls, risks);
  const gaps = findGaps(ctx, controls, risks);
  const byId = new Map(controls.map((c) => [c.id, c]));
  const conformance = CONFORMANCE_FRAMEWORKS.flatMap((id) => {
    const framework = catalog.frameworks.get(id);
    return framework ? [conformanceStatement(ctx, framework, byId)] : [];
  });
  const coverage = [...catalog.frameworks.values()]
    .filter((f) => catalog.assessableRequirements(f.id).length > 0)
    .map((f) => frameworkCoverage(ctx, f, byId));
  const shown = filterControls(ctx, controls);
  const shownIds = new Set(shown.map((c) => c.id));
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
    facts: [...ctx.facts.values()].map((f) => ({ ...f, subjects: f.subjects.slice(0, 50) })),
    system: systemView(graph),
    rules: ruleSummaries,
    risks,
    controls: shown,
    gaps: gaps.filter((g) => shownIds.has(g.control)),
    conformance,
    coverage,
    summary: summarise(risks, controls, gaps),
  };
}

function scopeAll(ctx: AssessContext): ScopedControl[] {
  return scopeControls(ctx).sort((a, b) => a.family.localeCompare(b.family) || a.id.localeCompare(b.id));
}

/** --stakeholder and --stage narrow what is shown; risks and residual ratings still count every control. */
function filterControls(ctx: AssessContext, controls: ScopedControl[]): ScopedControl[] {
  const { stakeholder, stage } = ctx.options;
  return controls.filter(
    (c) =>
      (stakeholder === undefined || c.stakeholders.some((s) => s.role === stakeholder)) &&
      (stage === undefined || c.stages.includes(stage)),
  );
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

function count<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

function summarise(risks: Risk[], controls: ScopedControl[], gaps: Assessment['gaps']): Assessment['summary'] {
  const applicable = controls.filter((c) => c.applies);
  const gapIds = new Set(gaps.map((g) => g.control));
  const byStakeholder: Assessment['summary']['byStakeholder'] = {};
  for (const role of ['developer', 'provider', 'user']) {
    const owed = applicable.filter((c) => c.stakeholders.some((s) => s.role === role));
    const gapsOwed = owed.filter((c) => gapIds.has(c.id)).length;
    byStakeholder[role] = { applicable: owed.length, done: owed.length - gapsOwed, gaps: gapsOwed };
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
  };
}
