/**
 * Markdown: the whole assessment, compact, for pull requests and wikis. Everything that comes from the model or a
 * catalog file is escaped, so a name with `|`, `<script>` or a line break (LF, CR or CRLF) cannot break the tables,
 * forge a heading or run in a viewer.
 */
import type { Assessment, Risk, ScopedControl } from '../assess/assessment.js';
import { formatPosition } from '../util/diagnostics.js';
import type { Renderer } from './renderer.js';
import {
  FINDING_TITLES,
  frameworkProgress,
  heatCounts,
  levelCountText,
  orderedLevels,
  personalDataDestinations,
  productClassRows,
  progressByStage,
  provenanceRows,
  rulesById,
  STAKEHOLDER_TITLES,
  summaryText,
  supportLabel,
} from './text.js';

/** Escapes text for a Markdown table cell or paragraph. */
export function md(text: string | number | undefined): string {
  if (text === undefined) return '';
  return String(text)
    .replace(/\\/g, '\\\\')
    .replace(/[|*_`[\]#]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n?|\n/g, ' ');
}

function table(header: string[], rows: (string | number | undefined)[][]): string {
  if (rows.length === 0) return '_none_\n';
  const line = (cells: (string | number | undefined)[]) =>
    `| ${cells.map((c) => (c === undefined ? '' : String(c))).join(' | ')} |`;
  return `${[line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')}\n`;
}

const list = (items: string[], max = 6) =>
  items.length <= max
    ? items.map(md).join(', ')
    : `${items.slice(0, max).map(md).join(', ')} … (+${items.length - max})`;

export function renderMarkdown(a: Assessment): string {
  const out: string[] = [];
  const rules = rulesById(a);
  const levels = orderedLevels(a);
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

  out.push('\n## Risk register\n\n');
  out.push(
    table(
      ['risk', 'where', 'inherent', 'residual', 'status', 'risk source', 'mitigating controls'],
      a.risks.map((r) => [
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
      ]),
    ),
  );

  out.push('\n## Action plan\n\nGaps ordered by the risk they leave open.\n\n');
  out.push(
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
    ),
  );

  out.push('\n## Statement of applicability\n');
  for (const role of ['developer', 'provider', 'user'] as const) {
    const owed = a.controls.filter((c) => c.stakeholders.some((s) => s.role === role));
    if (owed.length === 0) continue;
    out.push(`\n### ${STAKEHOLDER_TITLES[role]}\n\n`);
    out.push(soaTable(owed));
  }

  out.push(conformance(a));
  out.push(consistency(a));

  out.push('\n## Privacy\n\n### Personal data inventory\n\n');
  out.push(
    table(
      ['data asset', 'categories', 'sensitive', 'purposes', 'legal basis', 'retention', 'stored in'],
      a.system.dataAssets
        .filter((d) => d.personalData)
        .map((d) => [
          md(d.name),
          d.personalData!.categories.join(', '),
          d.personalData!.sensitive ? 'yes' : 'no',
          d.purposes.map(md).join('; '),
          md(d.legalBasis ?? 'not stated'),
          md(d.retention ?? 'not stated'),
          list(d.storedIn),
        ]),
    ),
  );
  out.push('\n### Where personal data goes\n\n');
  out.push(
    table(
      ['data asset', 'stored in', 'sent to', 'flows'],
      personalDataDestinations(a).map((d) => [md(d.asset.name), list(d.storedIn), list(d.sentTo), d.flows.length]),
    ),
  );
  out.push('\n### Flows carrying personal data\n\n');
  out.push(
    table(
      ['flow', 'from → to', 'protocol', 'encryption', 'crosses a boundary'],
      a.system.flows
        .filter((f) => f.personalData)
        .map((f) => [
          md(f.id),
          `${md(f.from)} → ${md(f.to)}`,
          f.protocol,
          f.encryption,
          f.crossesBoundary ? 'yes' : 'no',
        ]),
    ),
  );
  out.push('\n### Privacy threats (LINDDUN)\n\n');
  out.push(privacyThreats(a.risks));
  return out.join('');
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

/** Per framework: out of scope with the reason, or a statement per product in scope (applicable provisions). */
function conformance(a: Assessment): string {
  const out: string[] = ['\n## Conformance per product\n'];
  for (const c of a.conformance) {
    out.push(`\n### ${md(c.shortTitle)} ${md(c.version)}\n\n${md(frameworkProgress(c))}\n`);
    if (c.scope.applies === false) continue;
    for (const p of c.products) {
      if (p.scope.applies === false) {
        out.push(`\n- ${md(p.name)}: out of scope — ${md(p.scope.reason)}\n`);
        continue;
      }
      out.push(
        `\n#### ${md(p.name)}\n\n${md(summaryText(p.summary))}${p.scope.applies === 'unknown' ? ` (scope undetermined: ${md(p.scope.reason)})` : ''}\n\n`,
      );
      if (p.productClass) {
        out.push(
          `${productClassRows(p.productClass)
            .map(([k, v]) => `- ${md(k)}: ${md(v)}`)
            .join('\n')}\n\n`,
        );
      }
      out.push(
        table(
          ['provision', 'M/R', 'support', 'reason', 'evidence'],
          p.provisions
            .filter((r) => r.applies !== false)
            .map((r) => [
              `${md(r.id)} ${md(r.title)}`,
              r.status === 'mandatory' ? 'M' : 'R',
              supportLabel(r.support) + (r.inForce ? '' : ` (from ${r.appliesFrom})`),
              md(r.justification ? `${r.reason}; justification: ${r.justification}` : r.reason),
              list(r.evidence, 4),
            ]),
        ),
      );
      const na = p.provisions.filter((r) => r.applies === false).map((r) => r.id);
      if (na.length > 0) out.push(`\nNot applicable: ${list(na, 40)}.\n`);
    }
  }
  return out.join('');
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

function soaTable(controls: ScopedControl[]): string {
  return table(
    ['control', 'applies', 'why', 'stages', 'status', 'evidence'],
    controls.map((c) => [
      `${md(c.id)}: ${md(c.title)}`,
      c.applies === 'unknown' ? 'undetermined' : c.applies ? 'yes' : 'no',
      md(c.reason),
      c.stages.map(md).join(', '),
      c.status,
      c.evidence
        .map((e) => `${md(e.title)}${e.expired ? ' (expired)' : ''}${e.verdict ? ` [${e.verdict}]` : ''}`)
        .join('; '),
    ]),
  );
}

function privacyThreats(risks: Risk[]): string {
  const privacy = risks.filter((r) => r.linddun.length > 0);
  return table(
    ['LINDDUN', 'risk', 'where', 'residual'],
    privacy.map((r) => [
      r.linddun.join(', '),
      `${md(r.title)}: ${md(r.message)}`,
      md(r.subject.id),
      md(r.residual.level),
    ]),
  );
}

export const markdownRenderer: Renderer = {
  format: 'md',
  description: 'a compact Markdown report for pull requests and wikis',
  render: (assessment) => [{ name: 'report.md', content: renderMarkdown(assessment) }],
};
