/**
 * Consistency findings printed as warnings on standard error, by `assess` and `validate`. A module of its own so
 * that `validate` does not load the assess command's report writers.
 */
import type { Finding } from '../assess/assessment.js';
import { formatDiagnostic } from '../util/diagnostics.js';
import type { CommandIO } from './command.js';

export function reportFindings(io: CommandIO, findings: readonly Finding[]): void {
  for (const finding of findings) {
    io.stderr(
      `${formatDiagnostic({
        severity: 'warning',
        file: finding.source.file,
        position: finding.source,
        message: finding.message,
        hint: finding.action,
      })}\n`,
    );
  }
}
