/**
 * The verification run: plan = targets × the checks that apply to them, then execution with every safety rule in one
 * place. Host names are resolved once, and every resolved address must be inside the scope before anything is sent.
 * Intrusive checks run only on targets that opt in. Credential attempts are paced and capped per service. Every
 * operation has a timeout, every check and every target a time cap, and one AbortSignal reaches all of them.
 * Results become observations: the evidence `iotassure assess --evidence` reads.
 */
import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import type { Observation } from '../assess/context.js';
import { AttemptGate } from './attempts.js';
import type { AuditSink } from './audit.js';
import { checks as REGISTRY } from './checks/index.js';
import { DEFAULT_LIMITS, Limiter, type ResolvedLimits } from './limits.js';
import { Net, NetError } from './net.js';
import { runSbomPlan, type SbomPlan, sbomPlanOf } from './sbom/index.js';
import { Scope, ScopeViolation } from './scope.js';
import { type DeclaredService, type Target, transportOf, type VerificationSpec } from './targets.js';
import type { Check, CheckContext, CheckResult, Exchange, Verdict } from './types.js';

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
  /** every address the host resolved to (all inside the scope) */
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
  /** credential attempts it may send (0 for checks that send none) */
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
    let addresses: string[];
    try {
      addresses = ipaddr.isValid(target.host) ? [target.host] : await resolve(target.host);
    } catch (error) {
      throw new PlanError(`cannot resolve host "${target.host}": ${(error as Error).message}`, [
        'targets',
        index,
        'host',
      ]);
    }
    if (addresses.length === 0) throw new PlanError(`host "${target.host}" has no address`, ['targets', index, 'host']);
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
        scope.assertAllowed(address);
      } catch (error) {
        if (!(error instanceof ScopeViolation)) throw error;
        const via = address === target.host ? '' : ` (${target.host} resolves to ${address})`;
        throw new PlanError(
          `target ${target.host}${via} is not allowed: ${error.message}`,
          ['targets', index, 'host'],
          scopeHint(env),
        );
      }
    }
    const address = addresses.find((a) => ipaddr.parse(a).kind() === 'ipv4') ?? addresses[0]!;
    return { id: target.id ?? `${target.element ?? 'target'}@${target.host}`, index, target, addresses, address };
  });

  const items: PlanItem[] = [];
  for (const planned of targets) {
    for (const check of selected) {
      for (const service of check.appliesTo(planned.target)) {
        const optIn = check.meta.optIn ?? (check.meta.intrusiveness === 'intrusive' ? 'intrusive' : undefined);
        const allowed = optIn === undefined || (planned.target.allow ?? []).includes(optIn);
        items.push({
          target: planned,
          check,
          service,
          endpoint: service ? serviceEndpoint(planned.address, service) : `host://${bracket(planned.address)}`,
          // Only checks that send credentials get a budget: their own, or the per-service default for auth-attempt ones.
          attempts:
            check.meta.attempts ?? (check.meta.intrusiveness === 'auth-attempt' ? limits.attemptsPerService : 0),
          skipped: allowed ? undefined : `needs allow: [${optIn}] on the target`,
        });
      }
    }
  }
  const sbom = sbomPlanOf(spec, options);
  return {
    scope: scopeEntries,
    scopeHash: scopeHash(scopeEntries, targets),
    limits,
    targets,
    items,
    ...(sbom && { sbom }),
  };
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

const bracket = (address: string) => (address.includes(':') ? `[${address}]` : address);

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

/** An observation as verify writes it: the assessment's Observation plus the evidence behind the verdict. */
export interface VerifyObservation extends Observation {
  /** the target as listed (its id) and its host as written */
  targetId: string;
  host: string;
  service?: { port: number; protocol: string; transport: 'tcp' | 'udp' };
  intrusiveness: Check['meta']['intrusiveness'];
  details?: string[];
  exchanges?: Exchange[];
  durationMs: number;
  equivalent?: string;
}

export interface ProgressEvent {
  item: PlanItem;
  state: 'start' | 'done';
  observation?: VerifyObservation;
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
  observations: VerifyObservation[];
  skipped: { target: string; check: string; endpoint: string; reason: string }[];
  /** connections opened per host:port */
  connections: Record<string, number>;
  credentialAttempts: number;
  aborted: boolean;
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
  const sbomObservations = plan.sbom ? await runSbomPlan(plan.sbom) : [];
  const gates = new Map<string, AttemptGate>();
  const observations: VerifyObservation[] = [];
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
      const key = item.service ? item.endpoint : `${item.endpoint}#host`;
      const gate = gates.get(key) ?? new AttemptGate();
      gates.set(key, gate);
      const t0 = performance.now();
      const result = targetSignal.aborted
        ? {
            verdict: 'INCONCLUSIVE' as const,
            summary: `not run: the target's time cap of ${plan.limits.targetTimeoutMs} ms was reached`,
          }
        : await runCheck(item, net, gate, targetSignal, plan.limits, options.signal);
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
    credentialAttempts: [...gates.values()].reduce((n, g) => n + g.total, 0),
    aborted: options.signal?.aborted ?? false,
  };
  options.audit?.({
    event: 'end',
    scopeHash: plan.scopeHash,
    verdicts: countVerdicts(result.observations),
    connections: result.connections,
    credentialAttempts: result.credentialAttempts,
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
  gate: AttemptGate,
  targetSignal: AbortSignal,
  limits: RunLimits,
  userSignal?: AbortSignal,
): Promise<CheckResult> {
  const cap = timeLimit(limits.checkTimeoutMs);
  const timeout = cap.signal;
  const signal = AbortSignal.any([targetSignal, timeout]);
  const pool = item.check.meta.attempts ? item.check.meta.id : 'defaults';
  const ctx: CheckContext = {
    target: item.target.target,
    address: item.target.address,
    service: item.service,
    net,
    signal,
    timeoutMs: limits.timeoutMs,
    takeAttempt: () => (item.attempts > 0 ? gate.take(pool, item.attempts, signal) : Promise.resolve(false)),
    lockedOut: (reason) => gate.lockedOut(reason),
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
    return await Promise.race([item.check.run(ctx), stopped]);
  } catch (error) {
    return failure(item, error, signal);
  } finally {
    cap.clear();
  }
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

function toObservation(item: PlanItem, result: CheckResult, durationMs: number, ids: Set<string>): VerifyObservation {
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

function sortByPlan(observations: VerifyObservation[], items: PlanItem[]): VerifyObservation[] {
  const order = new Map(items.map((item, i) => [`${item.check.meta.id} ${item.endpoint} ${item.target.id}`, i]));
  const rank = (o: VerifyObservation) => order.get(`${o.check} ${o.target} ${o.targetId}`) ?? 0;
  return [...observations].sort((a, b) => rank(a) - rank(b));
}

export function countVerdicts(observations: readonly { verdict: Verdict }[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { PASS: 0, FAIL: 0, INCONCLUSIVE: 0, NOT_APPLICABLE: 0 };
  for (const o of observations) counts[o.verdict]++;
  return counts;
}
