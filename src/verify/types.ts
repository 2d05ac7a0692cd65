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
  /** the declared service the check runs against; undefined for host-level checks */
  service?: DeclaredService;
  /** every socket goes through this; it refuses addresses outside the scope before sending anything */
  net: Net;
  signal: AbortSignal;
  /** credential attempts left for this service; checks that send credentials must take from it */
  takeAttempt(): boolean;
}

export interface Check {
  meta: CheckMeta;
  /** The services of a target it runs on; an empty list for host-level checks that run once per target. */
  appliesTo(target: Target): (DeclaredService | undefined)[];
  run(ctx: CheckContext): Promise<CheckResult>;
}
