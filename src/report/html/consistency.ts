/** Consistency findings, the questions the model leaves open, and the provenance block. */
import type { Assessment } from '../../assess/assessment.js';
import { formatPosition } from '../../util/diagnostics.js';
import { FINDING_TITLES, provenanceRows } from '../text.js';
import { capRows } from './common.js';
import { esc } from './escape.js';
import { dataTable } from './tables.js';

/** A fleet's question can name thousands of elements; the JSON report has them all. */
const SUBJECTS_SHOWN = 20;
const more = (n: number): string =>
  n > SUBJECTS_SHOWN
    ? `<br><span class="small">and ${(n - SUBJECTS_SHOWN).toLocaleString('en')} more (all in the JSON report)</span>`
    : '';

export function consistencySection(a: Assessment): string {
  const shownFindings = capRows(a.findings, 'findings');
  const findings = dataTable({
    id: 'findings',
    note: shownFindings.note,
    empty: 'The model agrees with itself: no status contradicts its facts or evidence.',
    caption: 'Consistency findings: claims the model or its evidence contradict are not counted as support',
    rows: shownFindings.rows,
    columns: [
      {
        header: 'finding',
        rowHeader: true,
        cell: (f) => esc(FINDING_TITLES[f.kind] ?? f.kind),
        filterValues: (f) => [f.kind],
      },
      { header: 'what', cell: (f) => esc(f.message) },
      { header: 'what to do', cell: (f) => esc(f.action) },
      { header: 'where', cell: (f) => `<code>${esc(formatPosition(f.source))}</code>` },
    ],
  });
  const shownQuestions = capRows(a.questions, 'questions');
  const questions = dataTable({
    id: 'questions',
    note: shownQuestions.note,
    empty: 'Every fact a verdict depends on is stated.',
    caption: 'Information needed: facts the model does not state that verdicts depend on',
    rows: shownQuestions.rows,
    columns: [
      {
        header: 'state',
        rowHeader: true,
        cell: (q) => `<code>${esc(q.key)}</code><br><span class="small">${esc(q.title)}</span>`,
      },
      {
        header: 'on',
        cell: (q) =>
          q.subjects
            .slice(0, SUBJECTS_SHOWN)
            .map((s) => `${esc(s.name)} <span class="small">(${esc(formatPosition(s.source))})</span>`)
            .join('<br>') + more(q.subjects.length),
      },
      {
        header: 'why it matters',
        cell: (q) =>
          [
            q.rules.length ? `rules: ${q.rules.map(esc).join(', ')}` : '',
            q.requirements.length
              ? `requirements: ${q.requirements.slice(0, 8).map(esc).join(', ')}${q.requirements.length > 8 ? ` and ${q.requirements.length - 8} more` : ''}`
              : '',
            q.controls.length ? `controls: ${q.controls.map(esc).join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('<br>'),
      },
    ],
  });
  return `<h3>Consistency findings</h3>${findings}<h3>Information needed</h3>${questions}`;
}

export function provenanceBlock(a: Assessment): string {
  const rows = provenanceRows(a)
    .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join('');
  return `<table class="provenance"><caption>Provenance</caption><tbody>${rows}</tbody></table>`;
}
