/**
 * The questions an assessment leaves open, as text for the terminal and as a Markdown questionnaire a model's author
 * can send to a supplier: what to state, on which element or template, and what depends on the answer.
 */
import type { Assessment, Question } from '../assess/assessment.js';
import { formatPosition } from '../util/diagnostics.js';
import { md } from './markdown.js';

function dependents(q: Question, limit: number): string[] {
  const all = [...q.rules.map((r) => `rule ${r}`), ...q.requirements, ...q.controls.map((c) => `control ${c}`)];
  return all.length > limit ? [...all.slice(0, limit), `${all.length - limit} more`] : all;
}

export function questionsText(a: Assessment): string {
  if (a.questions.length === 0) return `${a.model.name}: every fact a verdict depends on is stated.\n`;
  const lines = [`${a.model.name}: ${a.questions.length} question(s) — facts the model does not state`];
  for (const q of a.questions) {
    const on = q.subjects.map((s) => `${s.name} (${formatPosition(s.source)})`).join(', ');
    lines.push('', `- state ${q.key} on ${on}`, `  ${q.title}`, `  decides: ${dependents(q, 6).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function questionsMarkdown(a: Assessment): string {
  const rows = a.questions.map(
    (q, i) =>
      `| ${i + 1} | ${q.subjects.map((s) => md(s.name)).join(', ')} | \`${md(q.key)}\`: ${md(q.title)}? | ${md(dependents(q, 8).join(', '))} | |`,
  );
  return [
    `# ${md(a.model.name)} — information needed`,
    '',
    `Assessed ${a.date} by iotassure ${a.tool.version}. Each answer settles a verdict the assessment leaves undetermined: ` +
      'write it into the model under the key named, on the element or template named.',
    '',
    '| # | element | what to state | what depends on it | answer |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
