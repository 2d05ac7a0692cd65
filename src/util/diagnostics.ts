/**
 * Diagnostics are how iotassure talks about bad input: a file position, the path in the document, what was found,
 * what was expected and what to do. They are data, so the CLI, the server and the tests present them the same way.
 */

import { forTerminal } from './terminal.js';

export interface SourcePosition {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Where the problem is; absent when it concerns a whole file that could not be read. */
  position?: SourcePosition;
  file: string;
  /** Path in the document, e.g. `elements[3].kind`. */
  path?: string;
  message: string;
  /** What to do about it, e.g. a "did you mean" or the accepted values. */
  hint?: string;
}

/**
 * Keys whose values are secrets (a password in a targets file): diagnostics say what kind of value was found there,
 * never the value, and a syntax error on such a line does not quote it.
 */
export const SECRET_KEY = /pass(word|phrase)|secret|token|private.?key/i;

/** Thrown for every mistake in what a user gave us (files, arguments). The CLI maps it to exit code 2. */
export class InputError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'InputError';
    this.diagnostics = diagnostics;
  }
}

export function inputError(file: string, message: string, extra: Partial<Diagnostic> = {}): InputError {
  return new InputError([{ severity: 'error', file, message, ...extra }]);
}

export function formatPosition(p: SourcePosition): string {
  return `${p.file}:${p.line}:${p.column}`;
}

/** One diagnostic for the terminal; its text may quote the file, so it is made safe to print (util/terminal.ts). */
export function formatDiagnostic(d: Diagnostic): string {
  const where = forTerminal(d.position ? formatPosition(d.position) : d.file);
  const path = d.path ? `${forTerminal(d.path)}: ` : '';
  const hint = d.hint ? `\n  ${forTerminal(d.hint)}` : '';
  return `${where}: ${d.severity}: ${path}${forTerminal(d.message)}${hint}`;
}

/** Renders a document path as `elements[3].interfaces[0].kind`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? shortToken(String(segment)) : `.${shortToken(String(segment))}`;
  }
  return out;
}

/** A key or value quoted in a message: at most 60 characters, so a diagnostic never carries a file's text at length. */
export function shortToken(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
