/**
 * Credential attempts per service: a budget (limits.attemptsPerService, default 3; more only for opt-in checks that
 * declare it), a pace of at most one attempt per second, and a lockout latch — once any check sees a lockout sign
 * on the service, no check sends credentials to it again in this run.
 */
import { sleep } from './net.js';

export const ATTEMPT_INTERVAL_MS = 1000;

export class AttemptGate {
  private last = Number.NEGATIVE_INFINITY;
  private readonly used = new Map<string, number>();
  private lockout: string | undefined;
  /** attempts sent, for the audit record */
  total = 0;

  /** Waits for the pace and takes one attempt from `pool`'s budget; false when spent or locked out. */
  async take(pool: string, budget: number, signal?: AbortSignal): Promise<boolean> {
    if (this.lockout !== undefined) return false;
    const used = this.used.get(pool) ?? 0;
    if (used >= budget) return false;
    this.used.set(pool, used + 1);
    const wait = this.last + ATTEMPT_INTERVAL_MS - performance.now();
    this.last = performance.now() + Math.max(0, wait);
    if (wait > 0) await sleep(wait, signal);
    this.total++;
    return this.lockout === undefined;
  }

  lockedOut(reason: string): void {
    this.lockout ??= reason;
  }

  get lockoutReason(): string | undefined {
    return this.lockout;
  }
}
