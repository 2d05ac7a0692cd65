/**
 * JSON.parse for files users give us (SBOMs, OSV records), which are too large for the YAML reader's positions.
 * V8's syntax errors quote the text around the problem; what we report keeps the parser's reason and the position,
 * never the quoted text, so a wrong file named by mistake is not echoed into a log.
 */
import { InputError } from '../util/diagnostics.js';

/** The parser's reason without the text it quotes, and the offset it names when it names one. */
export function jsonSyntaxReason(error: unknown): { reason: string; offset?: number } {
  const message = error instanceof Error ? error.message : String(error);
  const offset = /at position (\d+)/.exec(message)?.[1];
  const reason = message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  return { reason, ...(offset !== undefined && { offset: Number(offset) }) };
}

/** Parses JSON text (a leading byte-order mark is skipped); a syntax error is an InputError with its position. */
export function parseJson(file: string, text: string, what: string, hint?: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const { reason, offset } = jsonSyntaxReason(error);
    throw new InputError([
      {
        severity: 'error',
        file,
        ...(offset !== undefined && { position: positionOf(file, body, offset) }),
        message: `${what} is not JSON: ${reason}`,
        hint,
      },
    ]);
  }
}

function positionOf(file: string, text: string, offset: number) {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { file, line, column: offset - start + 1 };
}
