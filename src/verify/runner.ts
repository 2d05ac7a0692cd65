/**
 * The verification run: plan = targets × the checks that apply to them, then execution with every safety rule in one
 * place. Host names are resolved once, and every resolved address must be inside the scope before anything is sent.
 * Intrusive checks run only on targets that opt in. Credential submissions are paced and capped per address and port.
 * Every operation has a timeout, every check and every target a time cap, and one AbortSignal reaches all of them.
 * No check can PASS on silence: a PASS (or NOT_APPLICABLE) from a check the target never answered becomes
 * INCONCLUSIVE. Results become observations: the evidence `iotassure assess --evidence` reads.
 */
import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import type { EvidenceObservation, Verdict } from '../evidence/observation.js';
import { type DeclaredService, type Target, transportOf, type VerificationSpec } from '../model/verification.js';
import { checks as REGISTRY } from './checks/index.js';
import { bracket, canonicalAddress } from './net/address.js';
import type { AuditSink } from './net/audit.js';
import { CredentialBudget, endpointKey } from './net/credentials.js';
import { DEFAULT_LIMITS, Limiter, type ResolvedLimits } from './net/limits.js';
import { Net, NetError } from './net/net.js';
import { Scope, ScopeViolation } from './net/scope.js';
import { type MatchReport, runSbomPlan, type Sbom, type SbomPlan, sbomPlanOf } from './sbom/index.js';
import type { Check, CheckContext, CheckResult } from './types.js';

export interface RunLimits extends ResolvedLimits {
  /** the longest one check may run (default 60 s) */
  checkTimeoutMs: number;
  /** the longest all checks of one target may run together (default 10 min) */
  targetTimeoutMs: number;
}

export const DEFAULT_RUN_LIMITS: RunLimits = { ...DEFAULT_LIMITS, checkTimeoutMs: 60_000, targetTimeoutMs: 600_000 };

/** A problem with one target or scope entry found while planning; nothing has been sent. */
export class PlanError extends Error {
  constructor(
    message: string,
    /** where in the verification spec, e.g. ['targets', 2, 'host'] */
    readonly path: (string | number)[],
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'PlanError';
  }
}

export interface PlannedTarget {
  /** target.id, or element@host */
  id: string;
  index: number;
  target: Target;
  /** every address the host resolved to, canonical (all inside the scope) */
  addresses: string[];
  /** the address probes use: the first IPv4 one, else the first */
  address: string;
}

export interface PlanItem {
  target: PlannedTarget;
  check: Check;
  /** undefined for host-level checks */
  service?: DeclaredService;
  /** tcp://ip:port for a service, host://ip for host-level checks */
  endpoint: string;
  /** credential submissions it may send at most (0 for checks that send none) */
  attempts: number;
  /** why it will not run (an opt-in the target does not give) */
  skipped?: string;
}

export interface Plan {
  scope: string[];
  scopeHash: string;
  limits: RunLimits;
  targets: PlannedTarget[];
  items: PlanItem[];
  /** credential submissions allowed per address:port (only endpoints that a check sends credentials to) */
  budgets: Map<string, number>;
  /** the file-based SBOM checks, run once when the spec names an SBOM and an OSV database */
  sbom?: SbomPlan;
}

export interface PlanOptions {
  /** check ids to run; all when absent */
  only?: readonly string[];
  /** for tests: the environment the scope guard reads (IOTASSURE_TEST_SCOPE) */
  env?: NodeJS.ProcessEnv;
  /** for tests: how host names resolve */
  resolve?: (host: string) => Promise<string[]>;
  /** the registry (for tests) */
  checks?: readonly Check[];
  /** the folder the spec's relative `sbom` and `osv` paths are relative to (default: the working directory) */
  baseDir?: string;
  /** the file the spec came from, for citations in the evidence */
  source?: string;
}

/** Resolves, scopes and plans; throws PlanError before anything is sent when a target is outside the scope. */
export async function planRun(spec: VerificationSpec, options: PlanOptions = {}): Promise<Plan> {
  const env = options.env ?? process.env;
  const resolve = options.resolve ?? resolveHost;
  const limits: RunLimits = { ...DEFAULT_RUN_LIMITS, ...definedOnly(spec.limits ?? {}) };
  const registry = options.checks ?? REGISTRY;
  const selected = options.only ? registry.filter((c) => options.only!.includes(c.meta.id)) : registry;

  const resolved: { target: Target; index: number; addresses: string[] }[] = [];
  for (const [index, target] of spec.targets.entries()) {
    const where = ['targets', index, 'host'];
    const literal = canonicalAddress(target.host);
    let answers: string[];
    try {
      answers = literal ? [literal.address] : await resolve(target.host);
    } catch (error) {
      throw new PlanError(`cannot resolve host "${target.host}": ${(error as Error).message}`, where);
    }
    if (answers.length === 0) throw new PlanError(`host "${target.host}" has no address`, where);
    const addresses = answers.map((answer) => {
      const canonical = canonicalAddress(answer);
      if (!canonical) throw new PlanError(`host "${target.host}" resolved to "${answer}", not an IP address`, where);
      return canonical.address;
    });
    resolved.push({ target, index, addresses: [...new Set(addresses)] });
  }

  const scopeEntries = spec.scope ?? [...new Set(resolved.flatMap((r) => r.addresses))];
  scopeEntries.forEach((entry, i) => {
    try {
      new Scope([entry], { env: {} });
    } catch (error) {
      throw new PlanError((error as Error).message, spec.scope ? ['scope', i] : ['targets']);
    }
  });
  const scope = new Scope(scopeEntries, { env });
  const targets: PlannedTarget[] = resolved.map(({ target, index, addresses }) => {
    for (const address of addresses) {
      try {
        scope.judge(canonicalAddress(address)!);
      } catch (error) {
        if (!(error instanceof ScopeViolation)) throw error;
        const via =
          address === target.host
            ? ''
            : canonicalAddress(target.host)
              ? ` (${target.host} is ${address})`
              : ` (${target.host} resolves to ${address})`;
        throw new PlanError(
          `target ${target.host}${via} is not allowed: ${error.message}`,
          ['targets', index, 'host'],
          scopeHint(env),
        );
      }
    }
    const address = addresses.find((a) => canonicalAddress(a)!.ip.kind() === 'ipv4') ?? addresses[0]!;
    return { id: target.id ?? `${target.element ?? 'target'}@${target.host}`, index, target, addresses, address };
  });

  const items: PlanItem[] = [];
  for (const planned of targets) {
    for (const check of selected) {
      for (const service of check.appliesTo(planned.target)) {
        const optIn = check.meta.optIn ?? (check.meta.intrusiveness === 'intrusive' ? 'intrusive' : undefined);
        const allowed = optIn === undefined || (planned.target.allow ?? []).includes(optIn);
        const credentials = check.meta.credentials;
        items.push({
          target: planned,
          check,
          service,
          endpoint: service ? serviceEndpoint(planned.address, service) : `host://${bracket(planned.address)}`,
          attempts: credentials === undefined ? 0 : credentials === 'shared' ? limits.attemptsPerService : credentials,
          skipped: allowed ? undefined : `needs allow: [${optIn}] on the target`,
        });
      }
    }
  }
  const sbom = sbomPlanOf(spec, options);
  const budgets = credentialBudgets(items, limits.attemptsPerService);
  const budgetOf = (item: PlanItem) => budgets.get(endpointKey(item.target.address, item.service!.port));
  return {
    scope: scopeEntries,
    scopeHash: scopeHash(scopeEntries, targets),
    limits,
    targets,
    // no check may plan more submissions than the budget of its address and port holds
    items: items.map((i) =>
      i.attempts > 0 && i.service ? { ...i, attempts: Math.min(i.attempts, budgetOf(i) ?? i.attempts) } : i,
    ),
    budgets,
    ...(sbom && { sbom }),
  };
}

/**
 * One budget per address and port for every credential any check sends there: the per-service limit, grown by what
 * opted-in checks that need more (CRED-05) declare. Only endpoints that some running check sends credentials to.
 */
function credentialBudgets(items: readonly PlanItem[], perService: number): Map<string, number> {
  const budgets = new Map<string, number>();
  for (const item of items) {
    if (item.skipped || item.attempts === 0 || !item.service) continue;
    const key = endpointKey(item.target.address, item.service.port);
    const extra = typeof item.check.meta.credentials === 'number' ? item.check.meta.credentials : 0;
    budgets.set(key, (budgets.get(key) ?? perService) + extra);
  }
  return budgets;
}

function scopeHint(env: NodeJS.ProcessEnv): string {
  return env.IOTASSURE_TEST_SCOPE === 'loopback' && env.IOTASSURE_NETNS !== '1'
    ? 'IOTASSURE_TEST_SCOPE=loopback is set: only 127.0.0.0/8 and ::1 may be contacted'
    : 'list the address or its range under `scope:`, or correct the host';
}

async function resolveHost(host: string): Promise<string[]> {
  const results = await lookup(host, { all: true, verbatim: true });
  return results.map((r) => r.address);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function serviceEndpoint(address: string, service: DeclaredService): string {
  return `${transportOf(service)}://${bracket(address)}:${service.port}`;
}

/** sha256 over the scope and what each target resolved to: the audit log names the exact reach of a run. */
function scopeHash(scope: string[], targets: PlannedTarget[]): string {
  const canonical = JSON.stringify({
    scope: [...scope].sort(),
    targets: targets.map((t) => ({ host: t.target.host, addresses: [...t.addresses].sort() })),
  });
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

// ---------------------------------------------------------------------------------------------------------------

export interface ProgressEvent {
  item: PlanItem;
  state: 'start' | 'done';
  observation?: EvidenceObservation;
  /** position of the item among those that run, 1-based, and how many run */
  index: number;
  total: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  audit?: AuditSink;
  /** for tests: the environment the scope guard reads */
  env?: NodeJS.ProcessEnv;
  /** for tests: a Net of one's own (to count what it opened) */
  net?: Net;
}

export interface RunResult {
  started: string;
  finished: string;
  observations: EvidenceObservation[];
  skipped: { target: string; check: string; endpoint: string; reason: string }[];
  /** connections opened per host:port */
  connections: Record<string, number>;
  /** credential submissions sent, in all and per address:port */
  credentialAttempts: number;
  credentialSubmissions: Record<string, number>;
  aborted: boolean;
  /** the SBOM and what matching it found, when the spec names one: a VEX document is written from it */
  sbom?: { sbom: Sbom; report: MatchReport };
}

export async function executePlan(plan: Plan, options: RunOptions = {}): Promise<RunResult> {
  const started = new Date();
  const scope = new Scope(plan.scope, { env: options.env ?? process.env });
  const net = options.net ?? new Net(scope, new Limiter(plan.limits), plan.limits.timeoutMs);
  const runnable = plan.items.filter((i) => !i.skipped);
  const skipped = plan.items
    .filter((i) => i.skipped)
    .map((i) => ({ target: i.target.id, check: i.check.meta.id, endpoint: i.endpoint, reason: i.skipped! }));
  // SBOM checks read files only: run them first, so an unreadable SBOM stops the run before anything is sent
  const sbom = plan.sbom ? await runSbomPlan(plan.sbom) : undefined;
  const sbomObservations = sbom?.observations ?? [];
  const budget = new CredentialBudget(plan.limits.attemptsPerService, plan.budgets, options.audit);
  const observations: EvidenceObservation[] = [];
  const ids = new Set<string>();
  let position = 0;
  options.audit?.({
    event: 'start',
    scope: plan.scope,
    scopeHash: plan.scopeHash,
    targets: plan.targets.map((t) => ({ id: t.id, host: t.target.host, addresses: t.addresses })),
    checks: runnable.map((i) => `${i.check.meta.id} ${i.endpoint}`),
    skipped: skipped.map((s) => `${s.check} ${s.endpoint}: ${s.reason}`),
    limits: plan.limits,
    credentialBudgets: Object.fromEntries(plan.budgets),
  });

  const runTarget = async (planned: PlannedTarget) => {
    const cap = timeLimit(plan.limits.targetTimeoutMs);
    const targetSignal = AbortSignal.any([...(options.signal ? [options.signal] : []), cap.signal]);
    try {
      await runItems(planned, targetSignal);
    } finally {
      cap.clear();
    }
  };
  const runItems = async (planned: PlannedTarget, targetSignal: AbortSignal) => {
    for (const item of runnable.filter((i) => i.target === planned)) {
      if (options.signal?.aborted) return;
      const index = ++position;
      options.onProgress?.({ item, state: 'start', index, total: runnable.length });
      const t0 = performance.now();
      const result = targetSignal.aborted
        ? {
            verdict: 'INCONCLUSIVE' as const,
            summary: `not run: the target's time cap of ${plan.limits.targetTimeoutMs} ms was reached`,
          }
        : await runCheck(item, net, budget, targetSignal, plan.limits, options.signal);
      const observation = toObservation(item, result, Math.round(performance.now() - t0), ids);
      observations.push(observation);
      options.audit?.({
        event: 'check',
        target: planned.id,
        check: item.check.meta.id,
        endpoint: item.endpoint,
        verdict: observation.verdict,
        durationMs: observation.durationMs,
      });
      options.onProgress?.({ item, state: 'done', observation, index, total: runnable.length });
    }
  };
  await Promise.all(plan.targets.map(runTarget));

  const finished = new Date();
  const result: RunResult = {
    started: started.toISOString(),
    finished: finished.toISOString(),
    observations: [...sortByPlan(observations, runnable), ...sbomObservations],
    skipped,
    connections: Object.fromEntries(net.opened),
    credentialAttempts: budget.total,
    credentialSubmissions: budget.sent(),
    aborted: options.signal?.aborted ?? false,
    ...(sbom?.report && { sbom: { sbom: sbom.sbom, report: sbom.report } }),
  };
  options.audit?.({
    event: 'end',
    scopeHash: plan.scopeHash,
    verdicts: countVerdicts(result.observations),
    connections: result.connections,
    credentialAttempts: result.credentialAttempts,
    credentialSubmissions: result.credentialSubmissions,
    durationMs: finished.getTime() - started.getTime(),
    aborted: result.aborted,
  });
  return result;
}

/** Plans and runs in one call. */
export async function verify(spec: VerificationSpec, options: PlanOptions & RunOptions = {}): Promise<RunResult> {
  return executePlan(await planRun(spec, options), options);
}

async function runCheck(
  item: PlanItem,
  net: Net,
  budget: CredentialBudget,
  targetSignal: AbortSignal,
  limits: RunLimits,
  userSignal?: AbortSignal,
): Promise<CheckResult> {
  const cap = timeLimit(limits.checkTimeoutMs);
  const timeout = cap.signal;
  const signal = AbortSignal.any([targetSignal, timeout]);
  const view = net.forCheck();
  const credentials = budget.forCheck();
  const { address } = item.target;
  const check = item.check.meta.id;
  const ctx: CheckContext = {
    target: item.target.target,
    address,
    service: item.service,
    net: view,
    signal,
    timeoutMs: limits.timeoutMs,
    credential: (pair, label, port = item.service?.port) =>
      port === undefined
        ? Promise.resolve(undefined)
        : credentials.take(
            { address, port, check, allowance: item.attempts, target: item.target.id, pair, label },
            signal,
          ),
    lockedOut: (reason) => budget.lockedOut(address, reason, check),
    credentialsLeft: () => (item.service ? budget.left(address, item.service.port, check, item.attempts) : 0),
  };
  const stopped = new Promise<CheckResult>((resolve) => {
    const onAbort = () =>
      resolve({
        verdict: 'INCONCLUSIVE',
        summary: userSignal?.aborted
          ? 'the run was stopped'
          : timeout.aborted
            ? `stopped at the check's time cap of ${limits.checkTimeoutMs} ms`
            : `stopped at the target's time cap of ${limits.targetTimeoutMs} ms`,
      });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return unlessSilent(item, await Promise.race([item.check.run(ctx), stopped]), view);
  } catch (error) {
    return failure(item, error, signal);
  } finally {
    // however the check ended, its last credential turn ends with it, so the address's line moves on
    credentials.end();
    cap.clear();
  }
}

/**
 * The rule no check can talk its way around: a PASS needs an answer from the target. When the target answered none
 * of the check's probes (no route, switched off, every packet dropped), or the check sent none, its PASS — and a
 * NOT_APPLICABLE drawn from silence — becomes INCONCLUSIVE, with what a PASS needs.
 */
export function unlessSilent(item: PlanItem, result: CheckResult, view: Net): CheckResult {
  const { attempts, answered } = view.contact;
  const drawnFromSilence =
    answered === 0 && (result.verdict === 'PASS' || (result.verdict === 'NOT_APPLICABLE' && attempts > 0));
  if (!drawnFromSilence) return result;
  const where = item.endpoint.replace(/^host:\/\//, '');
  return {
    verdict: 'INCONCLUSIVE',
    summary:
      attempts === 0
        ? `nothing was observed: the check sent nothing to ${where}`
        : `${where} did not answer any of ${attempts} probe${attempts === 1 ? '' : 's'} (unreachable, switched off or filtered), so nothing was observed`,
    details: [`a PASS needs: ${item.check.meta.passes}`, `the check alone would have said: ${result.summary}`],
    exchanges: result.exchanges,
  };
}

/**
 * An AbortSignal that fires after `ms`. Unlike AbortSignal.timeout its timer keeps the process alive, so a check
 * stuck on a promise without a socket still ends at its cap instead of the process exiting under it.
 */
function timeLimit(ms: number): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`time cap of ${ms} ms`, 'TimeoutError')), ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** An exception from a check, as a verdict with a one-line reason: the run goes on. */
function failure(item: PlanItem, error: unknown, signal: AbortSignal): CheckResult {
  if (signal.aborted) return { verdict: 'INCONCLUSIVE', summary: 'stopped at a time cap or by the user' };
  const where = item.endpoint.replace(/^host:\/\//, '');
  if (error instanceof ScopeViolation) {
    return { verdict: 'INCONCLUSIVE', summary: `the scope guard refused a connection: ${error.message}` };
  }
  if (error instanceof NetError) {
    const reason: Record<NetError['kind'], string> = {
      refused: `could not connect to ${where}: connection refused`,
      unreachable: `could not reach ${where}: host unreachable`,
      timeout: `no answer from ${where} in time (${error.message})`,
      reset: `${where} reset the connection`,
      tls: `TLS handshake with ${where} failed: ${error.message}`,
      protocol: `${where} did not speak the expected protocol: ${error.message}`,
    };
    return { verdict: 'INCONCLUSIVE', summary: reason[error.kind] };
  }
  return {
    verdict: 'INCONCLUSIVE',
    summary: `the check failed with an internal error: ${(error as Error).message ?? String(error)}`,
    details: ['this is a bug in iotassure; please report it with the target file (without secrets)'],
  };
}

function toObservation(item: PlanItem, result: CheckResult, durationMs: number, ids: Set<string>): EvidenceObservation {
  const meta = item.check.meta;
  let id = `${meta.id}@${item.endpoint}`;
  for (let n = 2; ids.has(id); n++) id = `${meta.id}@${item.endpoint}#${n}`;
  ids.add(id);
  const target = item.target.target;
  return {
    id,
    check: meta.id,
    title: meta.title,
    target: item.endpoint,
    targetId: item.target.id,
    host: target.host,
    ...(target.element && { element: target.element }),
    ...(item.service && {
      service: { port: item.service.port, protocol: item.service.protocol, transport: transportOf(item.service) },
    }),
    verdict: result.verdict,
    summary: result.summary,
    passes: meta.passes,
    ...(result.details?.length && { details: result.details }),
    ...(result.exchanges?.length && { exchanges: result.exchanges }),
    controls: meta.controls,
    requirements: meta.requirements,
    intrusiveness: meta.intrusiveness,
    ...(meta.equivalent && { equivalent: meta.equivalent }),
    collected: new Date().toISOString(),
    durationMs,
  };
}

function sortByPlan(observations: EvidenceObservation[], items: PlanItem[]): EvidenceObservation[] {
  const order = new Map(items.map((item, i) => [`${item.check.meta.id} ${item.endpoint} ${item.target.id}`, i]));
  const rank = (o: EvidenceObservation) => order.get(`${o.check} ${o.target} ${o.targetId}`) ?? 0;
  return [...observations].sort((a, b) => rank(a) - rank(b));
}

export function countVerdicts(observations: readonly { verdict: Verdict }[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { PASS: 0, FAIL: 0, INCONCLUSIVE: 0, NOT_APPLICABLE: 0 };
  for (const o of observations) counts[o.verdict]++;
  return counts;
}
