/**
 * Credential submissions: every user name and password any check sends — a default pair, a wrong password, the
 * test account — is charged to one budget per resolved address and port (limits.attemptsPerService, plus what an
 * opted-in check such as CRED-05 declares), paced so that the address sees at most one per second, and stopped for
 * good on that address by the first lockout sign any check sees. Each submission is written to the audit log before
 * it is sent.
 *
 * The pace is kept with turns: a submission's turn on its address lasts from its hand-over until its check is done
 * with it (the check asks for its next credential, or ends), and the next hand-over to the address waits a second
 * after that. Holding the pace at the hand-overs alone is not enough: a form login fetches its page before it posts,
 * and a request may wait for a connection slot, so two submissions handed over a second apart could arrive closer.
 *
 * A check gets the pair to send only from its `CheckCredentials.take`, as a Submission, and the protocol code that
 * puts credentials on the wire takes only Submissions: a credential that was not charged does not type-check.
 */
import type { Pair } from '../redact.js';
import { bracket } from './address.js';
import type { AuditSink } from './audit.js';
import { sleep } from './net.js';

/** the least time from the end of one submission's turn on an address to the next hand-over there */
const ATTEMPT_INTERVAL_MS = 1000;

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
  /** when the address may be handed its next submission: a second after the last turn ended (performance.now) */
  next: Promise<number>;
  lockout?: string;
}

/** A submission handed over, and the end of its turn on the address. */
interface Turn {
  submission: Submission;
  finish(): void;
}

/** One check's credentials: each submission's turn lasts until the check takes its next one, or ends. */
export interface CheckCredentials {
  /**
   * Ends the check's last turn, waits for the address's pace and charges one submission; the pair comes back as a
   * Submission to send, or undefined when the address and port's budget or the check's allowance is spent, a
   * lockout was seen on the address, or the check has ended.
   */
  take(request: SubmissionRequest, signal?: AbortSignal): Promise<Submission | undefined>;
  /** The check is over: its last turn ends, and it is handed nothing more. */
  end(): void;
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

  /** The credentials of one check run (the runner ends them when the check ends, however it ends). */
  forCheck(): CheckCredentials {
    let finish: (() => void) | undefined;
    let ended = false;
    const finishTurn = () => {
      finish?.();
      finish = undefined;
    };
    return {
      take: async (request, signal) => {
        finishTurn();
        if (ended) return undefined;
        const turn = await this.handOver(request, signal);
        // the check ended (its time cap) while it waited in line: the submission is charged but never sent
        if (turn && ended) turn.finish();
        else finish = turn?.finish;
        return ended ? undefined : turn?.submission;
      },
      end: () => {
        finishTurn();
        ended = true;
      },
    };
  }

  private async handOver(request: SubmissionRequest, signal?: AbortSignal): Promise<Turn | undefined> {
    const host = this.host(request.address);
    const endpoint = this.endpoint(request.address, request.port);
    const mine = endpoint.byCheck.get(request.check) ?? 0;
    if (host.lockout !== undefined || endpoint.used >= endpoint.budget || mine >= request.allowance) return undefined;
    // charge the submission before waiting, so that concurrent checks cannot overdraw the budget while they queue
    endpoint.used++;
    endpoint.byCheck.set(request.check, mine + 1);
    const release = () => {
      endpoint.used--;
      endpoint.byCheck.set(request.check, (endpoint.byCheck.get(request.check) ?? 1) - 1);
    };
    // join the address's line: this turn starts when the turn before it has ended and a second has passed
    const before = host.next;
    let passOn!: (from: number) => void;
    host.next = new Promise((resolve) => {
      passOn = resolve;
    });
    let from: number;
    try {
      from = await unlessAborted(before, signal);
      // a loop, because a timer can fire a little early by performance.now()
      for (let now = performance.now(); now < from; now = performance.now()) await sleep(from - now, signal);
    } catch (error) {
      release();
      // nothing was sent: the turn after this one waits for what this one waited for
      void before.then(passOn);
      throw error;
    }
    if (host.lockout !== undefined) {
      release();
      passOn(from);
      return undefined;
    }
    this.audit?.({
      event: 'credential',
      target: request.target,
      check: request.check,
      endpoint: endpointKey(request.address, request.port),
      submission: endpoint.used,
      budget: endpoint.budget,
      what: request.label,
    });
    // resolving a settled promise does nothing, so a turn ends once however often it is finished
    return { submission: request.pair as Submission, finish: () => passOn(performance.now() + ATTEMPT_INTERVAL_MS) };
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
      host = { next: Promise.resolve(Number.NEGATIVE_INFINITY) };
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

/** The promise's value, or the signal's reason once it aborts first. */
function unlessAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}
