/**
 * The statements a test lab files, in Markdown: an implementation conformance statement per product and framework
 * (EN 303 645 Table B.1 layout) and the statement of applicability in clause order.
 */
import type { Assessment } from '../../assess/assessment.js';
import type { RenderContext } from '../renderer.js';
import {
  formTitle,
  ICS_HEADERS,
  icsCells,
  icsForms,
  missingJustificationNote,
  SOA_HEADERS,
  soaCells,
  soaRows,
} from '../statements.js';
import { productClassRows, summaryText } from '../text.js';
import { md, table } from './common.js';

const escaped = (cells: (string | number)[]) => cells.map((c) => md(c));

/** Frameworks over the system, then one statement per product and framework in scope. */
export function conformanceMarkdown(a: Assessment): string {
  const out = [
    '\n## Conformance per product\n\nImplementation conformance statements in the layout of EN 303 645 Table B.1: status M (mandatory) or R (recommended), C when conditions decide whether it applies.\n',
  ];
  let product = '';
  for (const f of icsForms(a)) {
    if (f.product.id !== product) {
      product = f.product.id;
      out.push(`\n### Implementation conformance statements: ${md(f.product.name)}\n`);
    }
    out.push(
      `\n#### ${md(formTitle(f))}\n\n${md(f.title)}, ${md(f.version)} (${md(f.legalForce)}). Product ${md(f.product.id)}, ${md(f.scope)}.\n` +
        `${md(summaryText(f.summary))}.\n\n`,
    );
    if (f.productClass) {
      out.push(
        `${productClassRows(f.productClass)
          .map(([k, v]) => `- ${md(k)}: ${md(v)}`)
          .join('\n')}\n\n`,
      );
    }
    out.push(table([...ICS_HEADERS], f.rows.map(icsCells).map(escaped)));
    if (f.conditions.length > 0)
      out.push(`\nConditions: ${f.conditions.map((c) => `${md(c.id)}: ${md(c.title)} (${c.holds})`).join('; ')}.\n`);
    const note = missingJustificationNote(f);
    if (note) out.push(`\n**${md(note)}**\n`);
  }
  return out.join('');
}

export function soaMarkdown(a: Assessment, context?: RenderContext): string {
  return (
    '\n## Statement of applicability\n\nEvery control of the catalog in ISO/IEC 27400 clause order, with why it does or does not apply.\n\n' +
    table([...SOA_HEADERS], soaRows(a, context).map(soaCells).map(escaped))
  );
}
