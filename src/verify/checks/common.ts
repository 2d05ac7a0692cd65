/** What several checks share: picking services, naming endpoints, and the capped default-credential loop. */
import { DEFAULT_CREDENTIALS, type DefaultCredential } from '../data/default-credentials.js';
import { NetError } from '../net.js';
import { type Pair, pairLabel, scrub } from '../redact.js';
import { type DeclaredService, type Target, transportOf } from '../targets.js';
import type { CheckContext, CheckResult, Exchange } from '../types.js';

/** The target's declared services speaking one of `protocols`. */
export function servicesWith(target: Target, protocols: readonly string[]): DeclaredService[] {
  return target.services.filter((s) => protocols.includes(s.protocol));
}

/** The pairs to try on a target: its own `credentials.defaults`, or the built-in list. */
export function defaultsFor(target: Target): readonly DefaultCredential[] {
  return target.credentials?.defaults ?? DEFAULT_CREDENTIALS;
}

export function endpoint(address: string, service: DeclaredService): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return `${transportOf(service)}://${host}:${service.port}`;
}

export function short(text: string, max = 160): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** not-offered: the service takes no passwords at all (e.g. SSH with public keys only), so no default can work */
export type AttemptOutcome = 'accepted' | 'rejected' | 'lockout' | 'no-prompt' | 'unclear' | 'not-offered';

export interface DefaultsOptions {
  /** e.g. "telnet login" — names the attempts in the evidence */
  what: string;
  pairs: readonly Pair[];
  /** one attempt on a fresh connection; `seen` is scrubbed of the pair before it is kept */
  attempt(pair: Pair): Promise<{ outcome: AttemptOutcome; seen: string }>;
}

/**
 * Tries default pairs in order, one per `ctx.takeAttempt()` (≤ 1/s, ≤ the per-service budget), stopping at the
 * first accepted pair, a lockout sign or a missing prompt. The verdict is FAIL for an accepted pair, PASS when every
 * tried pair was clearly rejected, INCONCLUSIVE otherwise.
 */
export async function tryDefaults(ctx: CheckContext, options: DefaultsOptions): Promise<CheckResult> {
  const exchanges: Exchange[] = [];
  let rejected = 0;
  let unclear = 0;
  for (const [index, pair] of options.pairs.entries()) {
    if (!(await ctx.takeAttempt())) break;
    let outcome: AttemptOutcome;
    let seen: string;
    try {
      ({ outcome, seen } = await options.attempt(pair));
    } catch (error) {
      // A refused connection after earlier attempts is a lockout sign (the device stopped listening to us).
      if (rejected > 0 && error instanceof NetError && (error.kind === 'refused' || error.kind === 'reset')) {
        outcome = 'lockout';
        seen = `${error.message} after ${rejected} rejected attempt${rejected === 1 ? '' : 's'}`;
      } else throw error;
    }
    // A login prompt that stops appearing after rejected attempts is a lockout sign as well.
    if (outcome === 'no-prompt' && rejected > 0) outcome = 'lockout';
    exchanges.push({ sent: `${options.what} with ${pairLabel(pair, index)}`, seen: short(scrub(seen, pair)) });
    if (outcome === 'accepted') {
      return {
        verdict: 'FAIL',
        summary: `${options.what} accepted ${pairLabel(pair, index)}: a well-known default credential works`,
        details: [`matched default #${index + 1} of ${options.pairs.length} in the list; change it on the device`],
        exchanges,
      };
    }
    if (outcome === 'lockout') {
      ctx.lockedOut(`${options.what}: ${short(seen, 80)}`);
      return {
        verdict: 'INCONCLUSIVE',
        summary: `stopped after a lockout sign on ${options.what} (${rejected} pair${rejected === 1 ? '' : 's'} rejected before it)`,
        exchanges,
      };
    }
    if (outcome === 'not-offered') {
      return { verdict: 'PASS', summary: `${options.what} is not offered: ${short(seen, 100)}`, exchanges };
    }
    if (outcome === 'no-prompt') {
      return { verdict: 'INCONCLUSIVE', summary: `no ${options.what} prompt was recognised`, exchanges };
    }
    if (outcome === 'rejected') rejected++;
    else unclear++;
  }
  if (rejected + unclear === 0) {
    return { verdict: 'INCONCLUSIVE', summary: `no credential attempt was allowed on this service`, exchanges };
  }
  if (unclear > 0) {
    return {
      verdict: 'INCONCLUSIVE',
      summary: `${unclear} of ${rejected + unclear} default pair${rejected + unclear === 1 ? '' : 's'} got a reply that was neither a clear login nor a clear rejection`,
      exchanges,
    };
  }
  return {
    verdict: 'PASS',
    summary: `all ${rejected} default pair${rejected === 1 ? '' : 's'} tried ${rejected === 1 ? 'was' : 'were'} rejected`,
    details: [`tried the first ${rejected} of ${options.pairs.length} pairs in the list (the per-service limit)`],
    exchanges,
  };
}
