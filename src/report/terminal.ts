/** The summary printed after an assessment: counts by level, top risks, top gaps, framework progress. */
import type { Assessment } from '../assess/assessment.js';
import { formatPosition } from '../util/diagnostics.js';
import { forTerminal } from '../util/terminal.js';
import {
  frameworkProgress,
  orderedLevels,
  productClasses,
  productClassLabel,
  STAKEHOLDER_TITLES,
  summaryText,
} from './text.js';

const COLOURS: Record<string, string> = {
  critical: '\x1b[1;31m',
  high: '\x1b[31m',
  medium: '\x1b[33m',
  low: '\x1b[32m',
};

export function terminalSummary(a: Assessment, options: { colour: boolean; top?: number }): string {
  const top = options.top ?? 5;
  const paint = (level: string, text: string) =>
    options.colour && COLOURS[level] ? `${COLOURS[level]}${text}\x1b[0m` : text;
  const bold = (text: string) => (options.colour ? `\x1b[1m${text}\x1b[0m` : text);
  const lines: string[] = [];
  // names come from the model file: made safe to print, so a control sequence in one is shown, not obeyed
  lines.push(bold(`${forTerminal(a.model.name)} — ISO/IEC 27400 assessment (${a.date})`));
  const levels = orderedLevels(a);
  const counts = (record: Record<string, number>) => levels.map((l) => paint(l, `${record[l] ?? 0} ${l}`)).join(', ');
  lines.push(`Risks: ${a.summary.risks.total} — inherent ${counts(a.summary.risks.inherent)}`);
  lines.push(`       residual ${counts(a.summary.risks.residual)}`);
  lines.push(
    `Controls: ${a.summary.controls.applicable} of ${a.summary.controls.total} apply; ${a.summary.controls.gaps} gaps` +
      ` (${Object.entries(a.summary.byStakeholder)
        .filter(([, s]) => s.applicable > 0)
        .map(([role, s]) => `${STAKEHOLDER_TITLES[role]}: ${s.gaps}`)
        .join(', ')})`,
  );
  const risks = [...a.risks]
    .filter((r) => r.status === 'open')
    .sort((x, y) => levels.indexOf(x.residual.level) - levels.indexOf(y.residual.level))
    .slice(0, top);
  if (risks.length > 0) {
    lines.push('', bold('Top open risks:'));
    for (const r of risks) {
      lines.push(
        `  ${paint(r.residual.level, r.residual.level.padEnd(8))} ${forTerminal(r.title)} — ${forTerminal(r.subject.name)} (${forTerminal(formatPosition(r.subject.source))})`,
      );
    }
  }
  if (a.gaps.length > 0) {
    lines.push('', bold('Top gaps:'));
    for (const g of a.gaps.slice(0, top)) {
      const owed = g.stakeholders.map((s) => s.role).join('/');
      lines.push(
        `  ${paint(g.priority, g.priority.padEnd(8))} ${g.control} (${owed}) — ${g.risks.length} open risk(s)`,
      );
    }
  }
  if (a.conformance.length > 0) {
    lines.push('', bold(`Framework progress (${a.summary.products} product${a.summary.products === 1 ? '' : 's'}):`));
    for (const c of a.conformance) {
      lines.push(`  ${frameworkProgress(c)}`);
      if (c.scope.applies === false || c.products.length < 2) continue;
      for (const p of c.products) {
        lines.push(
          `      ${p.name}: ${p.scope.applies === false ? `out of scope — ${p.scope.reason}` : summaryText(p.summary)}`,
        );
      }
    }
  }
  const classes = productClasses(a);
  if (classes.length > 0) {
    lines.push('', bold('Product classes and conformity routes:'));
    for (const { framework, product, decision } of classes) {
      const routes = decision.conformity
        ? decision.conformity.thirdParty.needed === true
          ? 'notified body needed'
          : decision.conformity.thirdParty.needed === false
            ? 'internal control (module A) open'
            : 'notified body needed unless the condition on module A is met'
        : 'state the class to settle the routes';
      lines.push(
        `  ${forTerminal(product)} (${framework.shortTitle}): ${forTerminal(productClassLabel(decision))} — ${routes}`,
      );
    }
  }
  if (a.summary.questions > 0 || a.summary.findings > 0) {
    lines.push('');
    if (a.summary.findings > 0)
      lines.push(
        `${a.summary.findings} consistency finding(s): the model contradicts itself or a claim lacks evidence.`,
      );
    if (a.summary.questions > 0)
      lines.push(
        `${a.summary.questions} question(s): facts the model does not state; \`iotassure questions\` lists them.`,
      );
  }
  return `${lines.join('\n')}\n`;
}
