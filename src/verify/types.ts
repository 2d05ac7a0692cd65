/**
 * Verification: checks that compare what a device is declared to do (the target's declared profile, like the IXIT of
 * ETSI TS 103 701) with what is observed on the network or in its SBOM, and give a TS 103 701 style verdict. Each
 * check is one module with `meta` and `run`, like a risk rule.
 */
import type { Exchange, Verdict } from '../evidence/observation.js';
import type { DeclaredService, Target } from '../model/verification.js';
import type { Submission } from './net/credentials.js';
import type { Net } from './net/net.js';
import type { Pair } from './redact.js';

export type { Exchange, Verdict };

/** safe: a normal handshake or read · auth-attempt: sends credentials (capped) · intrusive: opt-in per target */
export type Intrusiveness = 'safe' | 'auth-attempt' | 'intrusive';

export interface CheckMeta {
  /** e.g. CRED-03, as in docs/verification.md */
  id: string;
  title: string;
  description: string;
  /**
   * What the check must observe for a PASS, in one sentence. Anything less — no answer, a timeout, a refusal
   * before the protocol spoke, a cap reached before the list was done — is INCONCLUSIVE, never PASS.
   */
  passes: string;
  intrusiveness: Intrusiveness;
  /** the controls a PASS evidences and a FAIL contradicts: the one place the check-to-control link is stored */
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
   * Credential submissions the check sends per service. Absent: none. 'shared': up to the per-service limit
   * (limits.attemptsPerService), from the budget every check on that address and port shares. A number: an opt-in
   * check that needs more than the limit (CRED-05) — the budget of its address and port grows by that much.
   */
  credentials?: 'shared' | number;
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
  /** the canonical IP address target.host resolved to (once, before the run); every probe uses it, never target.host */
  address: string;
  /** the declared service the check runs against; undefined for host-level checks */
  service?: DeclaredService;
  /** every socket goes through this; it refuses addresses outside the scope before sending anything */
  net: Net;
  signal: AbortSignal;
  /** the per-operation timeout (limits.timeoutMs): connect, read, one exchange */
  timeoutMs: number;
  /**
   * Charges one credential submission to `port` of this address (the service's port by default): waits for the
   * pace, writes it to the audit log, and returns the pair to send — or undefined when the budget is spent or a
   * lockout was seen on the address: then send no credential. The pace: the check is done with its previous
   * submission when it asks for this one, and the address is handed nothing for a second after that (nor while
   * another check's submission to the address is out), so the address sees at most one per second. Ask for one at
   * a time: a second asked for while the first is still awaited waits for the check to end.
   */
  credential(pair: Pair, label: string, port?: number): Promise<Submission | undefined>;
  /** Records a sign of lockout (a lockout message, a refused connection after failures): it ends all credential submissions to the address. */
  lockedOut(reason: string): void;
  /** how many submissions this check may still send to the service (its allowance and the shared budget) */
  credentialsLeft(): number;
}

export interface Check {
  meta: CheckMeta;
  /** The services of a target it runs on; an empty list for host-level checks that run once per target. */
  appliesTo(target: Target): (DeclaredService | undefined)[];
  run(ctx: CheckContext): Promise<CheckResult>;
  /** What the plan should say about this check beyond its id and endpoint (e.g. how much of a list the budget covers). */
  planNote?(target: Target, service: DeclaredService | undefined, allowance: number): string;
}
