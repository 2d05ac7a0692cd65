/**
 * The editor's problems as spans of the text: YAML syntax and the JSON Schema while typing (here, instantly), and the
 * CLI's diagnostics from POST /api/validate placed at their line and column. Pure, so Node tests check the places.
 */
import { parseDocument } from 'yaml';
import { check, type JsonSchema } from './model-schema.js';
import { offsetOf, type Span, spanAt } from './yaml-positions.js';

export interface Problem extends Span {
  severity: 'error' | 'warning';
  message: string;
  /** where it comes from: the YAML parser, the schema in the browser, or the CLI's checks on the server */
  source: 'yaml' | 'schema' | 'cli';
  /** 1-based line of `from`, for the list under the editor */
  line: number;
}

/** What POST /api/validate returns for each problem (the CLI's diagnostic). */
export interface CliDiagnostic {
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
  position?: { line: number; column: number };
}

export const lineAt = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

const problem = (text: string, span: Span, message: string, source: Problem['source'], severity: Problem['severity']) =>
  ({ ...span, message, source, severity, line: lineAt(text, span.from) }) satisfies Problem;

/** Syntax errors if the text is not YAML; otherwise what the schema says about it. */
export function schemaProblems(text: string, schema: JsonSchema): Problem[] {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    return doc.errors.map((e) =>
      problem(text, { from: e.pos[0], to: Math.max(e.pos[1], e.pos[0]) }, e.message.split('\n')[0]!, 'yaml', 'error'),
    );
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 10_000 });
  } catch (error) {
    // aliases that expand beyond the limit: the CLI's checks (on the server) say more
    return [problem(text, { from: 0, to: 0 }, (error as Error).message, 'yaml', 'error')];
  }
  return check(schema, value).map((issue) =>
    problem(text, spanAt(text, doc, issue.path, issue.onKey), issue.message, 'schema', 'error'),
  );
}

/** The CLI's diagnostics at their line and column (to the end of that line), or at the top if they have none. */
export function cliProblems(text: string, diagnostics: CliDiagnostic[]): Problem[] {
  return diagnostics.map((d) => {
    const from = d.position ? offsetOf(text, d.position.line, d.position.column) : 0;
    const end = text.indexOf('\n', from);
    const to = Math.max(end < 0 ? text.length : end, from);
    return problem(text, { from, to }, d.hint ? `${d.message} (${d.hint})` : d.message, 'cli', d.severity);
  });
}

/**
 * The CLI's problems less those on a line where the browser already found one: the CLI checks the schema too, and
 * says the same thing in other words (its later checks only run once the schema is satisfied).
 */
export function withoutRepeats(cli: Problem[], local: Problem[]): Problem[] {
  const lines = new Set(local.map((p) => p.line));
  return cli.filter((p) => !lines.has(p.line));
}
