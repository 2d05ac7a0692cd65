/**
 * `iotassure verify FILE`: checks, against the devices a targets file names, what can be checked from the network,
 * and writes the results as evidence for `iotassure assess --evidence`. Exit codes as for assess: 0 all PASS or
 * NOT_APPLICABLE, 1 some FAIL (or INCONCLUSIVE with --fail-on INCONCLUSIVE), 2 bad input, usage or scope error.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EVIDENCE_FORMAT, EVIDENCE_FORMAT_VERSION, type Evidence, writeEvidence } from '../../evidence/file.js';
import { checkWritable, MODES, writeFileAtomic } from '../../output/write.js';
import { formatPath, InputError } from '../../util/diagnostics.js';
import { closest } from '../../util/suggest.js';
import { forTerminal } from '../../util/terminal.js';
import { TOOL_VERSION } from '../../util/version.js';
import { checks, sbomChecks } from '../../verify/checks/index.js';
import { loadVerification } from '../../verify/load.js';
import { type AuditSink, auditFile } from '../../verify/net/audit.js';
import {
  countVerdicts,
  executePlan,
  type Plan,
  PlanError,
  type PlanItem,
  type ProgressEvent,
  planRun,
  type RunResult,
} from '../../verify/runner.js';
import { vexDocument } from '../../verify/sbom/vex.js';
import type { Verdict } from '../../verify/types.js';
import {
  COMMON_OPTIONS,
  type CommandIO,
  type CommandSpec,
  choice,
  flag,
  type ParsedArgs,
  string,
  strings,
  UsageError,
} from '../command.js';

const VERDICT_COLOURS: Record<Verdict, string> = {
  PASS: '\x1b[32m',
  FAIL: '\x1b[31m',
  INCONCLUSIVE: '\x1b[33m',
  NOT_APPLICABLE: '\x1b[2m',
};

export const verifyCommand: CommandSpec = {
  usage: 'FILE [--model MODEL] [--out DIR] [--json] [--dry-run] [--only CHECKS] [--fail-on VERDICT]',
  description:
    'FILE is a targets file (the verification spec at top level) or a system model with a `verification:` section. ' +
    'Only the listed hosts are contacted, and only inside the scope. All checks together send at most ' +
    '3 credential submissions per address and port, and an address sees at most one a second; intrusive checks run ' +
    'only on targets that allow them. An OSV all.zip is indexed in the user cache folder on its first use, so later ' +
    "runs read only the records of the SBOM's packages (IOTASSURE_OSV_INDEX=off: never). " +
    '`iotassure docs verification` explains the checks and the targets file.',
  positionals: [1, 1],
  options: {
    model: {
      type: 'string',
      short: 'm',
      value: 'MODEL',
      description: 'the system model the targets belong to (element ids are checked against it)',
    },
    out: {
      type: 'string',
      short: 'o',
      value: 'DIR',
      description:
        'write DIR/evidence.json (and DIR/vex.cdx.json when an SBOM was matched) and append to DIR/audit.log',
    },
    'allow-path': COMMON_OPTIONS['allow-path'],
    force: COMMON_OPTIONS.force,
    json: { type: 'boolean', description: 'print the observations (or with --dry-run the plan) as JSON' },
    'dry-run': { type: 'boolean', description: 'print the plan and send nothing' },
    only: { type: 'string', value: 'CHECKS', description: 'run only these checks (comma-separated ids)' },
    'fail-on': {
      type: 'string',
      value: 'VERDICT',
      description: 'exit 1 on FAIL (default) or on INCONCLUSIVE as well',
    },
    quiet: { type: 'boolean', short: 'q', description: 'no progress lines' },
  },
  examples: [
    {
      command: 'iotassure verify targets.yaml --model system.yaml --dry-run',
      description: 'show what would be checked, on which ports, with how many credential attempts',
    },
    {
      command: 'iotassure verify targets.yaml --model system.yaml --out evidence/',
      description: 'run the checks and write evidence/evidence.json and evidence/audit.log',
    },
    {
      command: 'iotassure assess system.yaml --evidence evidence/evidence.json',
      description: 'use the results in the assessment: failed checks become gaps',
    },
    {
      command: 'iotassure verify system.yaml --only CRED-03,MQTT-01 --json',
      description: "check only the MQTT broker's authentication; observations as JSON",
    },
  ],
  async run(args, io) {
    const file = args.positionals[0]!;
    const failOn = choice(args, 'fail-on', ['FAIL', 'INCONCLUSIVE'] as const) ?? 'FAIL';
    const only = onlyChecks(args);
    const loaded = loadVerification(file, string(args, 'model'), strings(args, 'allow-path'));
    const out = string(args, 'out');
    // --out is checked before anything is sent: the audit log opened, evidence.json writable
    const audit = out ? auditFile(join(out, 'audit.log')) : undefined;
    if (out) checkWritable(join(out, 'evidence.json'), { force: flag(args, 'force') });
    let plan: Plan;
    try {
      plan = await planRun(loaded.spec, { only, baseDir: dirname(file), source: file });
    } catch (error) {
      if (!(error instanceof PlanError)) throw error;
      audit?.({ event: 'refused', source: file, reason: error.message });
      const path = [...loaded.prefix, ...error.path];
      throw new InputError([
        {
          severity: 'error',
          file,
          position: loaded.doc.locate(path),
          path: formatPath(path),
          message: error.message,
          hint: error.hint ?? 'nothing was sent',
        },
      ]);
    }
    if (flag(args, 'dry-run')) {
      io.stdout(flag(args, 'json') ? `${JSON.stringify(planJson(plan), null, 2)}\n` : planText(plan));
      return 0;
    }
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    let result: RunResult;
    try {
      result = await executePlan(plan, {
        signal: controller.signal,
        audit: audit && withSource(audit, file),
        onProgress: flag(args, 'quiet') ? undefined : progress(io),
      });
    } finally {
      process.removeListener('SIGINT', onSignal);
    }
    if (io.tty && !flag(args, 'quiet')) io.stderr('\r\x1b[K');
    const written: string[] = [];
    let unsaved: string | undefined;
    if (out) {
      const evidenceFile = join(out, 'evidence.json');
      const evidence = evidenceOf(plan, result, file, loaded.model?.file ?? string(args, 'model'));
      try {
        writeEvidence(evidenceFile, evidence, { force: flag(args, 'force') });
        written.push(evidenceFile, join(out, 'audit.log'));
        if (result.sbom) {
          const vexFile = join(out, 'vex.cdx.json');
          const vex = vexDocument(result.sbom.sbom, result.sbom.report, {
            tool: { name: 'iotassure', version: TOOL_VERSION },
          });
          writeFileAtomic(
            vexFile,
            `${JSON.stringify(vex, null, 2)}
`,
            { mode: MODES.private, force: flag(args, 'force') },
          );
          written.push(vexFile);
        }
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        unsaved = `${error.message}
${keepElsewhere(evidence, io)}
`;
      }
    }
    const table = summaryTable(result, io.tty);
    if (flag(args, 'json')) {
      io.stdout(`${JSON.stringify(result.observations, null, 2)}\n`);
      if (!flag(args, 'quiet')) io.stderr(table);
    } else io.stdout(table);
    if (written.length > 0 && !flag(args, 'quiet'))
      (flag(args, 'json') ? io.stderr : io.stdout)(`Wrote ${written.join(', ')}\n`);
    if (unsaved) {
      io.stderr(unsaved);
      return 2;
    }
    const counts = countVerdicts(result.observations);
    if (result.aborted) return 130;
    return counts.FAIL > 0 || (failOn === 'INCONCLUSIVE' && counts.INCONCLUSIVE > 0) ? 1 : 0;
  },
};

/**
 * The results of a network run are not lost when --out cannot take them after the run (disk full, permissions
 * changed): they go to a new private folder in the system's temporary folder, or else to standard output.
 */
function keepElsewhere(evidence: Evidence, io: CommandIO): string {
  try {
    const file = join(mkdtempSync(join(tmpdir(), 'iotassure-evidence-')), 'evidence.json');
    writeEvidence(file, evidence);
    return `The results were saved to ${file} instead.`;
  } catch {
    io.stdout(`${JSON.stringify(evidence, null, 2)}\n`);
    return 'The results were printed on standard output instead.';
  }
}

function onlyChecks(args: ParsedArgs): string[] | undefined {
  const value = string(args, 'only');
  if (value === undefined) return undefined;
  const ids = value
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const known = [...checks, ...sbomChecks].map((c) => c.meta.id);
  for (const id of ids) {
    if (!known.includes(id)) {
      const suggestion = closest(id, known);
      throw new UsageError(
        `unknown check "${id}"${suggestion ? `; did you mean ${suggestion}?` : `; checks: ${known.join(', ')}`}`,
      );
    }
  }
  return ids;
}

function withSource(audit: AuditSink, source: string): AuditSink {
  return (event) => audit(event.event === 'start' ? { ...event, source, tool: `iotassure ${TOOL_VERSION}` } : event);
}

function progress(io: CommandIO): (event: ProgressEvent) => void {
  return ({ item, state, observation, index, total }) => {
    const where = forTerminal(`${item.target.id} ${item.check.meta.id} ${item.endpoint}`);
    if (state === 'start') {
      if (io.tty) io.stderr(`\r\x1b[K[${index}/${total}] ${where} …`);
      return;
    }
    const verdict = observation!.verdict;
    const label = io.tty ? `${VERDICT_COLOURS[verdict]}${verdict}\x1b[0m` : verdict;
    io.stderr(`${io.tty ? '\r\x1b[K' : ''}[${index}/${total}] ${where} ${label} (${observation!.durationMs} ms)\n`);
  };
}

function summaryTable(result: RunResult, colour: boolean): string {
  // target ids and paths come from the targets file, summaries quote devices: both are made safe to print
  const rows = result.observations.map((o) =>
    [o.targetId ?? '', o.check, o.target, o.verdict, o.summary].map(forTerminal),
  );
  const head = ['TARGET', 'CHECK', 'ENDPOINT', 'VERDICT', 'SUMMARY'];
  const widths = head.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[], paint = false) =>
    cells
      .map((cell, i) => {
        if (i === 4) return cell;
        const padded = cell.padEnd(widths[i]!);
        return paint && i === 3 && colour ? `${VERDICT_COLOURS[cell as Verdict]}${padded}\x1b[0m` : padded;
      })
      .join('  ')
      .trimEnd();
  const counts = countVerdicts(result.observations);
  const lines = [line(head), ...rows.map((r) => line(r, true))];
  lines.push(
    '',
    `${result.observations.length} check${result.observations.length === 1 ? '' : 's'}: ${counts.PASS} PASS, ${counts.FAIL} FAIL, ` +
      `${counts.INCONCLUSIVE} INCONCLUSIVE, ${counts.NOT_APPLICABLE} NOT_APPLICABLE` +
      (result.skipped.length > 0 ? `; ${result.skipped.length} not run (opt-in missing)` : '') +
      (result.aborted ? '; the run was stopped before the end' : ''),
  );
  for (const s of result.skipped) lines.push(forTerminal(`  not run: ${s.check} ${s.endpoint} — ${s.reason}`));
  return `${lines.join('\n')}\n`;
}

function planText(plan: Plan): string {
  const lines = [forTerminal(`Scope: ${plan.scope.join(', ')} (${plan.scopeHash.slice(0, 19)}…)`)];
  lines.push(
    `Limits: ${plan.limits.concurrency} sockets, ${plan.limits.perHost} per host, ${plan.limits.connectionsPerSecond} connections/s per host, ` +
      `${plan.limits.attemptsPerService} credential submissions per address and port in all (1/s), ${plan.limits.timeoutMs} ms per operation`,
  );
  for (const target of plan.targets) {
    lines.push(
      '',
      forTerminal(
        `${target.id} → ${target.addresses.join(', ')}${target.target.element ? ` (element ${target.target.element})` : ''}`,
      ),
    );
    for (const item of plan.items.filter((i) => i.target === target)) {
      const note = planNote(item);
      const attempts = item.attempts > 0 ? `, ≤ ${item.attempts} credential submissions` : '';
      const status = item.skipped ? `  [not run: ${item.skipped}]` : '';
      lines.push(
        forTerminal(
          `  ${item.check.meta.id.padEnd(8)} ${item.endpoint.padEnd(24)} ${item.check.meta.intrusiveness}${attempts}${status}`,
        ),
      );
      if (note && !item.skipped) lines.push(`           ${forTerminal(note)}`);
    }
  }
  if (plan.budgets.size > 0) {
    lines.push('', 'Credential budgets (every check on an address and port draws from the same one):');
    for (const [endpoint, budget] of plan.budgets) lines.push(`  ${forTerminal(endpoint)}: ${budget}`);
  }
  if (plan.sbom) {
    lines.push(
      '',
      forTerminal(
        `SBOM ${plan.sbom.sbom} against the OSV database ${plan.sbom.osv}: ${plan.sbom.checks.join(', ')} (files only)`,
      ),
    );
  }
  const running = plan.items.filter((i) => !i.skipped).length + (plan.sbom?.checks.length ?? 0);
  lines.push('', `${running} check${running === 1 ? '' : 's'} would run; nothing was sent (--dry-run).`);
  return `${lines.join('\n')}\n`;
}

function planNote(item: PlanItem): string | undefined {
  return item.check.planNote?.(item.target.target, item.service, item.attempts);
}

function planJson(plan: Plan) {
  return {
    scope: plan.scope,
    scopeHash: plan.scopeHash,
    limits: plan.limits,
    targets: plan.targets.map((t) => ({
      id: t.id,
      host: t.target.host,
      element: t.target.element,
      addresses: t.addresses,
    })),
    ...(plan.sbom && { sbom: plan.sbom }),
    credentialBudgets: Object.fromEntries(plan.budgets),
    items: plan.items.map((i) => ({
      target: i.target.id,
      check: i.check.meta.id,
      endpoint: i.endpoint,
      intrusiveness: i.check.meta.intrusiveness,
      attempts: i.attempts,
      ...(planNote(i) && { note: planNote(i) }),
      ...(i.skipped && { skipped: i.skipped }),
    })),
  };
}

function evidenceOf(plan: Plan, result: RunResult, source: string, model: string | undefined): Evidence {
  return {
    format: EVIDENCE_FORMAT,
    formatVersion: EVIDENCE_FORMAT_VERSION,
    tool: { name: 'iotassure', version: TOOL_VERSION },
    started: result.started,
    finished: result.finished,
    source,
    ...(model && { model }),
    scope: plan.scope,
    scopeHash: plan.scopeHash,
    targets: plan.targets.map((t) => ({
      id: t.id,
      host: t.target.host,
      ...(t.target.element && { element: t.target.element }),
      addresses: t.addresses,
    })),
    observations: result.observations,
    skipped: result.skipped,
    connections: result.connections,
    credentialAttempts: result.credentialAttempts,
    credentialSubmissions: result.credentialSubmissions,
    aborted: result.aborted,
  };
}
