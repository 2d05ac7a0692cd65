/**
 * Verification: checks that compare what a device is declared to do (the target's declared profile, like the IXIT of
 * ETSI TS 103 701) with what is observed on the network or in its SBOM, and give a TS 103 701 style verdict. Each
 * check is one module with `meta` and `run`, like a risk rule.
 */
import type { Net } from './net.js';
import type { DeclaredService, Target } from './targets.js';

export type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE' | 'NOT_APPLICABLE';

/** safe: a normal handshake or read · auth-attempt: sends credentials (capped) · intrusive: opt-in per target */
export type Intrusiveness = 'safe' | 'auth-attempt' | 'intrusive';

export interface CheckMeta {
  /** e.g. CRED-03, as in docs/verification.md */
  id: string;
  title: string;
  description: string;
  intrusiveness: Intrusiveness;
  /** the controls a PASS evidences and a FAIL contradicts */
  controls: string[];
  /** external requirement ids it evidences, e.g. etsi-en-303-645:5.1-1 */
  requirements: string[];
  /** the tool behaviour it matches, for people comparing results (e.g. "nmap mqtt-subscribe") */
  equivalent?: string;
  /**
   * The `allow` entry a target must list for the check to run. Intrusive checks need `intrusive` unless they name
   * another one here (CRED-05 needs `brute-force`); safe and auth-attempt checks run without one.
   */
  optIn?: 'intrusive' | 'brute-force' | 'multicast';
  /**
   * Credential attempts the check may send per service, from a budget of its own: for a safe check that logs in
   * once with the valid test account (HTTP-02), or an opt-in check that needs more than the per-service limit
   * (CRED-05). Auth-attempt checks without it share the per-service limit (limits.attemptsPerService).
   */
  attempts?: number;
}

/** What was sent and seen, in short: enough for an auditor to understand the verdict, never a password in clear. */
export interface Exchange {
  sent?: string;
  seen?: string;
}

export interface CheckResult {
  verdict: Verdict;
  /** one sentence a person can act on */
  summary: string;
  /** short evidence lines: banners, codes, versions, suites */
  details?: string[];
  exchanges?: Exchange[];
}

export interface CheckContext {
  target: Target;
  /** the IP address target.host resolved to (once, before the run); every probe must use it, never target.host */
  address: string;
  /** the declared service the check runs against; undefined for host-level checks */
  service?: DeclaredService;
  /** every socket goes through this; it refuses addresses outside the scope before sending anything */
  net: Net;
  signal: AbortSignal;
  /** the per-operation timeout (limits.timeoutMs): connect, read, one exchange */
  timeoutMs: number;
  /**
   * Waits until the next credential attempt on this service may be sent (at most one per second) and takes it from
   * the service's budget. False when the budget is spent or a lockout was seen: then send no more credentials.
   */
  takeAttempt(): Promise<boolean>;
  /** Records a sign of lockout on this service (a lockout message, a refused connection after failures): it ends all credential attempts on it. */
  lockedOut(reason: string): void;
}

export interface Check {
  meta: CheckMeta;
  /** The services of a target it runs on; an empty list for host-level checks that run once per target. */
  appliesTo(target: Target): (DeclaredService | undefined)[];
  run(ctx: CheckContext): Promise<CheckResult>;
}
