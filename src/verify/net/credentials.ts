/**
 * Credential submissions: every user name and password any check sends — a default pair, a wrong password, the
 * test account — is charged to one budget per resolved address and port (limits.attemptsPerService, plus what an
 * opted-in check such as CRED-05 declares), paced at most one per second per address, and stopped for good on that
 * address by the first lockout sign any check sees. Each submission is written to the audit log before it is sent.
 *
 * A check gets the pair to send only from `CredentialBudget.take`, as a Submission, and the protocol code that puts
 * credentials on the wire takes only Submissions: a credential that was not charged does not type-check.
 */
import type { Pair } from '../redact.js';
import { bracket } from './address.js';
import type { AuditSink } from './audit.js';
import { sleep } from './net.js';

export const ATTEMPT_INTERVAL_MS = 1000;

declare const CHARGED: unique symbol;
/** A pair that has been charged to a budget and may be sent once. */
export type Submission = Pair & { readonly [CHARGED]: true };

export interface SubmissionRequest {
  address: string;
  port: number;
  /** the check sending it, and how many its plan item may send at most */
  check: string;
  allowance: number;
  target: string;
  pair: Pair;
  /** how the submission is named in the audit log and the evidence, never the password */
  label: string;
}

interface Endpoint {
  budget: number;
  used: number;
  byCheck: Map<string, number>;
}

interface Host {
  /** the slot the last reserved submission waits for */
  last: number;
  /** when the last submission was handed over to be sent */
  sent: number;
  lockout?: string;
}

export class CredentialBudget {
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly hosts = new Map<string, Host>();

  constructor(
    /** submissions allowed per address and port; `budgets` raises it where opted-in checks declare more */
    private readonly perEndpoint: number,
    budgets: ReadonlyMap<string, number> = new Map(),
    private readonly audit?: AuditSink,
  ) {
    for (const [key, budget] of budgets) this.endpoints.set(key, { budget, used: 0, byCheck: new Map() });
  }

  /**
   * Waits for the pace and charges one submission; the pair comes back as a Submission to send, or undefined when
   * the address and port's budget or the check's allowance is spent, or a lockout was seen on the address.
   */
  async take(request: SubmissionRequest, signal?: AbortSignal): Promise<Submission | undefined> {
    const host = this.host(request.address);
    const endpoint = this.endpoint(request.address, request.port);
    const mine = endpoint.byCheck.get(request.check) ?? 0;
    if (host.lockout !== undefined || endpoint.used >= endpoint.budget || mine >= request.allowance) return undefined;
    // reserve the submission and the next slot before waiting, so concurrent checks queue up one second apart
    endpoint.used++;
    endpoint.byCheck.set(request.check, mine + 1);
    const wait = host.last + ATTEMPT_INTERVAL_MS - performance.now();
    host.last = performance.now() + Math.max(0, wait);
    const release = () => {
      endpoint.used--;
      endpoint.byCheck.set(request.check, (endpoint.byCheck.get(request.check) ?? 1) - 1);
    };
    try {
      if (wait > 0) await sleep(wait, signal);
      // A timer that fired late (a busy process) leaves the next slot closer than a second to the last hand-over:
      // wait out the rest, so that no two submissions are handed over less than a second apart. What the address
      // sees can still be closer: a check may wait for a connection slot between taking a submission and sending it
      // (test/verify/credentials.test.ts measures the hand-overs for that reason).
      let since = performance.now() - host.sent;
      while (since < ATTEMPT_INTERVAL_MS) {
        await sleep(ATTEMPT_INTERVAL_MS - since, signal);
        since = performance.now() - host.sent;
      }
    } catch (error) {
      release();
      throw error;
    }
    if (host.lockout !== undefined) {
      release();
      return undefined;
    }
    host.sent = performance.now();
    this.audit?.({
      event: 'credential',
      target: request.target,
      check: request.check,
      endpoint: endpointKey(request.address, request.port),
      submission: endpoint.used,
      budget: endpoint.budget,
      what: request.label,
    });
    return request.pair as Submission;
  }

  /** Records a lockout sign: no check sends another credential to this address in this run. */
  lockedOut(address: string, reason: string, check: string): void {
    const host = this.host(address);
    if (host.lockout !== undefined) return;
    host.lockout = reason;
    this.audit?.({ event: 'lockout', address, check, reason });
  }

  /** How many submissions `check` may still send to address:port: its allowance and the shared budget. */
  left(address: string, port: number, check: string, allowance: number): number {
    if (this.hosts.get(address)?.lockout !== undefined) return 0;
    const endpoint = this.endpoint(address, port);
    return Math.max(0, Math.min(allowance - (endpoint.byCheck.get(check) ?? 0), endpoint.budget - endpoint.used));
  }

  lockoutOf(address: string): string | undefined {
    return this.hosts.get(address)?.lockout;
  }

  /** Submissions sent per address:port. */
  sent(): Record<string, number> {
    return Object.fromEntries([...this.endpoints].filter(([, e]) => e.used > 0).map(([key, e]) => [key, e.used]));
  }

  get total(): number {
    return [...this.endpoints.values()].reduce((n, e) => n + e.used, 0);
  }

  private host(address: string): Host {
    let host = this.hosts.get(address);
    if (!host) {
      host = { last: Number.NEGATIVE_INFINITY, sent: Number.NEGATIVE_INFINITY };
      this.hosts.set(address, host);
    }
    return host;
  }

  private endpoint(address: string, port: number): Endpoint {
    const key = endpointKey(address, port);
    let endpoint = this.endpoints.get(key);
    if (!endpoint) {
      endpoint = { budget: this.perEndpoint, used: 0, byCheck: new Map() };
      this.endpoints.set(key, endpoint);
    }
    return endpoint;
  }
}

/** "192.0.2.10:23", "[2001:db8::1]:23": the key of a budget. */
export function endpointKey(address: string, port: number): string {
  return `${bracket(address)}:${port}`;
}
