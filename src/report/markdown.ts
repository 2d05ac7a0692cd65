/**
 * Markdown: the whole assessment, compact, for pull requests and wikis. Everything that comes from the model or a
 * catalog file is escaped, so a name with `|`, `<script>` or a line break (LF, CR or CRLF) cannot break the tables,
 * forge a heading or run in a viewer.
 */
import type { Assessment } from '../assess/assessment.js';
import { formatPosition } from '../util/diagnostics.js';
import { rereadable } from '../util/text-chunks.js';
import { list, md, table, tableLines } from './markdown/common.js';
import { privacyMarkdown } from './markdown/privacy.js';
import { conformanceMarkdown, soaMarkdown } from './markdown/statements.js';
import type { RenderContext, Renderer } from './renderer.js';
import {
  FINDING_TITLES,
  frameworkProgress,
  heatCounts,
  levelCountText,
  orderedLevels,
  progressByStage,
  provenanceRows,
  rulesById,
  STAKEHOLDER_TITLES,
} from './text.js';

export { md };

/** The report, section by section; the risk register a row at a time. */
export function* renderMarkdown(a: Assessment, context?: RenderContext): Generator<string> {
  yield header(a);
  yield summary(a);
  yield* riskRegister(a);
  yield actionPlan(a);
  yield soaMarkdown(a, context);
  yield conformanceMarkdown(a);
  yield consistency(a);
  yield privacyMarkdown(a);
}

/** Title, what was assessed and the provenance block. */
function header(a: Assessment): string {
  const out: string[] = [];
  out.push(`# ${md(a.model.name)} — IoT security and privacy assessment\n`);
  out.push(
    `Assessed ${a.date} by iotassure ${a.tool.version} against ISO/IEC 27400:2022 from \`${md(a.model.file)}\`. ` +
      `Stages: ${a.model.stages.map(md).join(', ')} (${md(a.model.stageSet)}).` +
      (a.filters.stakeholder || a.filters.stage
        ? ` Filtered to ${[a.filters.stakeholder && `stakeholder ${md(a.filters.stakeholder)}`, a.filters.stage && `stage ${md(a.filters.stage)}`].filter(Boolean).join(', ')}.`
        : '') +
      '\n',
  );

  out.push(
    `\n${table(
      ['provenance', ''],
      provenanceRows(a).map(([k, v]) => [k, md(v)]),
    )}\n`,
  );
  return out.join('');
}

function summary(a: Assessment): string {
  const out: string[] = [];
  const levels = orderedLevels(a);
  out.push('## Summary\n');
  out.push(
    table(
      ['risk level', 'inherent', 'residual'],
      levels.map((l) => [md(l), a.summary.risks.inherent[l] ?? 0, a.summary.risks.residual[l] ?? 0]),
    ),
  );
  out.push(
    `\n${a.summary.risks.total} risks; ${a.summary.controls.applicable} of ${a.summary.controls.total} controls apply; ` +
      `${a.summary.controls.gaps} gaps.\n\n`,
  );
  out.push(
    table(
      ['stakeholder', 'controls owed', 'in place', 'gaps'],
      Object.entries(a.summary.byStakeholder).map(([role, s]) => [
        STAKEHOLDER_TITLES[role] ?? role,
        s.applicable,
        s.done,
        s.gaps,
      ]),
    ),
  );
  out.push(stageAndHeat(a));
  out.push('\n### Framework progress\n\n');
  out.push(`${a.conformance.map((c) => `- ${md(frameworkProgress(c))}`).join('\n')}\n`);
  return out.join('');
}

function* riskRegister(a: Assessment): Generator<string> {
  const rules = rulesById(a);
  yield '\n## Risk register\n\n';
  yield* tableLines(
    ['risk', 'where', 'inherent', 'residual', 'status', 'risk source', 'mitigating controls'],
    a.risks,
    (r) => [
      `**${md(r.title)}**<br>${md(r.message)}`,
      `${md(r.subject.id)} (${md(formatPosition(r.subject.source))})`,
      md(r.inherent.level),
      md(r.residual.level),
      r.status + (r.treatment?.owner ? ` (${md(r.treatment.owner)})` : ''),
      `${md(rules.get(r.rule)?.riskSource.title)} (27400 §${r.riskSource.clause})`,
      r.mitigations.map((m) => `${md(m.control)} (${m.role}, ${m.status})`).join(', ') +
        (r.explanation.override
          ? `<br>residual set by ${md(r.explanation.override.by)}: ${md(r.explanation.override.justification)}`
          : ''),
    ],
  );
}

function actionPlan(a: Assessment): string {
  return (
    '\n## Action plan\n\nGaps ordered by the risk they leave open.\n\n' +
    table(
      ['priority', 'control', 'owed by', 'stages', 'status', 'owner', 'open risks', 'satisfies'],
      a.gaps.map((g) => [
        md(g.priority),
        `${md(g.control)}: ${md(g.title)}`,
        g.stakeholders.map((s) => s.role + (s.organisations.length ? ` (${list(s.organisations, 3)})` : '')).join(', '),
        g.stages.map(md).join(', '),
        g.status + (g.failedEvidence.length ? ' — failed check' : ''),
        md(g.owner),
        list(
          g.risks.map((r) => r.id),
          3,
        ),
        list(g.requirements, 4),
      ]),
    )
  );
}

/** Controls and open risks by life-cycle stage, and the likelihood × impact heat map (inherent / residual). */
function stageAndHeat(a: Assessment): string {
  const stages = table(
    ['stage', 'controls owed', 'in place', 'gaps', 'open risks its gaps leave'],
    progressByStage(a).map(({ stage, progress: p }) => [md(stage), p.owed, p.done, p.gaps, levelCountText(a, p.risks)]),
  );
  const inherent = heatCounts(a, 'inherent');
  const residual = heatCounts(a, 'residual');
  const heat = table(
    ['likelihood \\ impact', ...a.riskMatrix.impact.map(md)],
    a.riskMatrix.likelihood
      .map((l, li) => [
        md(l),
        ...a.riskMatrix.impact.map((_, ii) => `${inherent[li]?.[ii] ?? 0} / ${residual[li]?.[ii] ?? 0}`),
      ])
      .reverse(),
  );
  return `\n${stages}\n### Heat map\n\nRisks per cell, inherent / residual.\n\n${heat}`;
}

function consistency(a: Assessment): string {
  return (
    '\n## Consistency findings\n\nClaims the model or its evidence contradict are not counted as support.\n\n' +
    table(
      ['finding', 'what', 'what to do', 'where'],
      a.findings.map((f) => [
        FINDING_TITLES[f.kind] ?? f.kind,
        md(f.message),
        md(f.action),
        md(formatPosition(f.source)),
      ]),
    ) +
    '\n## Information needed\n\nFacts the model does not state that verdicts depend on (`iotassure questions`).\n\n' +
    table(
      ['state', 'on', 'why it matters'],
      a.questions.map((q) => [
        `\`${md(q.key)}\` — ${md(q.title)}`,
        q.subjects.map((x) => `${md(x.name)} (${md(formatPosition(x.source))})`).join(', '),
        [...q.rules.map((r) => `rule ${r}`), ...q.requirements, ...q.controls].slice(0, 8).map(md).join(', '),
      ]),
    )
  );
}

export const markdownRenderer: Renderer = {
  format: 'md',
  description: 'a compact Markdown report for pull requests and wikis',
  render: (assessment, context) => [
    { name: 'report.md', content: rereadable(() => renderMarkdown(assessment, context)) },
  ],
};
