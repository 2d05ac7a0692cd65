/** Concurrency and rate limits for probes: a global and a per-host semaphore, and a per-host token bucket. */

export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }
}

export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  constructor(private readonly perSecond: number) {
    this.tokens = Math.max(1, perSecond);
  }

  /** Waits until a token is available, then takes it. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.tokens = Math.min(Math.max(1, this.perSecond), this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      signal?.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000)));
    }
  }
}

export interface ResolvedLimits {
  concurrency: number;
  perHost: number;
  connectionsPerSecond: number;
  attemptsPerService: number;
  timeoutMs: number;
}

export const DEFAULT_LIMITS: ResolvedLimits = {
  concurrency: 16,
  perHost: 2,
  connectionsPerSecond: 10,
  attemptsPerService: 3,
  timeoutMs: 3000,
};

/** One global semaphore, and a semaphore and a bucket per host, created on first use. */
export class Limiter {
  private readonly global: Semaphore;
  private readonly hosts = new Map<string, { semaphore: Semaphore; bucket: TokenBucket }>();
  constructor(readonly limits: ResolvedLimits) {
    this.global = new Semaphore(limits.concurrency);
  }

  /** Waits for a free slot and a token for `host`; returns the function that frees the slot. */
  async slot(host: string, signal?: AbortSignal): Promise<() => void> {
    let entry = this.hosts.get(host);
    if (!entry) {
      entry = {
        semaphore: new Semaphore(this.limits.perHost),
        bucket: new TokenBucket(this.limits.connectionsPerSecond),
      };
      this.hosts.set(host, entry);
    }
    const releaseHost = await entry.semaphore.acquire();
    const releaseGlobal = await this.global.acquire();
    try {
      await entry.bucket.take(signal);
    } catch (error) {
      releaseGlobal();
      releaseHost();
      throw error;
    }
    return () => {
      releaseGlobal();
      releaseHost();
    };
  }
}
