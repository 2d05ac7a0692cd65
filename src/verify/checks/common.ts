/** What several checks share: picking services, the default-credential loop, and telling closed from silent. */
import { randomBytes } from 'node:crypto';
import { type DeclaredService, type Target, transportOf } from '../../model/verification.js';
import { builtInList, type CredentialList, type LoginSurface } from '../data/default-credentials.js';
import type { Submission } from '../net/credentials.js';
import { NetError } from '../net/net.js';
import { type Pair, pairLabel, scrub } from '../redact.js';
import type { CheckContext, CheckResult, Exchange, Verdict } from '../types.js';

/** The target's declared services speaking one of `protocols`. */
export function servicesWith(target: Target, protocols: readonly string[]): DeclaredService[] {
  return target.services.filter((s) => protocols.includes(s.protocol));
}

/** The pairs to try on a login surface of a target: its own `credentials.defaults`, or the built-in list for its class. */
export function defaultsFor(target: Target, surface: LoginSurface): CredentialList {
  const own = target.credentials?.defaults;
  return own ? { name: "the target's credentials.defaults", pairs: own } : builtInList(surface, target.deviceClass);
}

/** How the plan shows a default-credential check: which part of which list the budget covers. */
export function listPlanNote(list: CredentialList, allowance: number): string {
  const n = list.pairs.length;
  const covered = Math.min(n, allowance);
  return covered >= n
    ? `all ${n} pairs of the ${list.name}`
    : `pairs 1–${covered} of the ${n} in the ${list.name}: the list cannot be finished, so no PASS (set limits.attemptsPerService to ${n} to try all)`;
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
  list: CredentialList;
  /** one attempt on a fresh connection; `seen` is scrubbed of the pair before it is kept */
  attempt(submission: Submission): Promise<{ outcome: AttemptOutcome; seen: string }>;
  /**
   * A service that accepts any user name and password has no default to find. `before`: send one random pair first
   * (for a broker already seen accepting anonymous clients); `after` (default): send one after the first accepted
   * default, when the budget allows.
   */
  control?: 'before' | 'after';
  /** the verdict when a random pair is accepted too (default FAIL: the service accepts any password) */
  acceptsAny?: Verdict;
}

/** A random pair that no device has as its credential: the control for "accepts anything". */
export function randomPair(): Pair {
  return { username: `iotassure-${randomBytes(3).toString('hex')}`, password: randomBytes(8).toString('hex') };
}

/**
 * Tries default pairs in order, each charged to the budget of the address and port (≤ 1/s), stopping at the first
 * accepted pair, a lockout sign or a missing prompt. FAIL for an accepted pair that a random pair does not also
 * open; PASS only when every pair of the list was tried and clearly rejected — a list the budget cut short is
 * INCONCLUSIVE, with how much of it was tried.
 */
export async function tryDefaults(ctx: CheckContext, options: DefaultsOptions): Promise<CheckResult> {
  const exchanges: Exchange[] = [];
  const { pairs, name } = options.list;
  const coverage = (tried: number) => `tried ${tried} of the ${pairs.length} pairs of the ${name}`;
  const send = async (pair: Pair, label: string) => {
    const submission = await ctx.credential(pair, `${options.what} with ${label}`);
    if (!submission) return undefined;
    const outcome = await options.attempt(submission);
    exchanges.push({ sent: `${options.what} with ${label}`, seen: short(scrub(outcome.seen, pair)) });
    return outcome;
  };
  const acceptsAny = (): CheckResult => ({
    verdict: options.acceptsAny ?? 'FAIL',
    summary: `${options.what} accepts any user name and password (a random pair got in): there is no credential at all, default or not`,
    exchanges,
  });
  if (options.control === 'before') {
    const control = await send(randomPair(), 'a random pair (control)');
    if (control?.outcome === 'accepted') return acceptsAny();
  }
  let rejected = 0;
  let unclear = 0;
  for (const [index, pair] of pairs.entries()) {
    let result: { outcome: AttemptOutcome; seen: string } | undefined;
    try {
      result = await send(pair, pairLabel(pair, index));
    } catch (error) {
      // A refused connection after earlier attempts is a lockout sign (the device stopped listening to us).
      if (rejected > 0 && error instanceof NetError && (error.kind === 'refused' || error.kind === 'reset')) {
        result = {
          outcome: 'lockout',
          seen: `${error.message} after ${rejected} rejected attempt${rejected === 1 ? '' : 's'}`,
        };
        exchanges.push({ sent: `${options.what} with ${pairLabel(pair, index)}`, seen: result.seen });
      } else throw error;
    }
    if (!result) break;
    // A login prompt that stops appearing after rejected attempts is a lockout sign as well.
    const outcome = result.outcome === 'no-prompt' && rejected > 0 ? 'lockout' : result.outcome;
    if (outcome === 'accepted') {
      const control = options.control === 'after' || options.control === undefined;
      const check = control ? await send(randomPair(), 'a random pair (control)') : undefined;
      if (check?.outcome === 'accepted') return acceptsAny();
      return {
        verdict: 'FAIL',
        summary: `${options.what} accepted ${pairLabel(pair, index)}: a well-known default credential works`,
        details: [
          `matched pair #${index + 1} of the ${pairs.length} in the ${name}; change it on the device`,
          ...(control && !check
            ? ['no submission was left for a random control pair, so "accepts any password" was not ruled out']
            : []),
        ],
        exchanges,
      };
    }
    if (outcome === 'lockout') {
      ctx.lockedOut(`${options.what}: ${short(result.seen, 80)}`);
      return {
        verdict: 'INCONCLUSIVE',
        summary: `stopped after a lockout sign on ${options.what} (${rejected} pair${rejected === 1 ? '' : 's'} rejected before it)`,
        details: [coverage(rejected + unclear)],
        exchanges,
      };
    }
    if (outcome === 'not-offered') {
      return { verdict: 'PASS', summary: `${options.what} is not offered: ${short(result.seen, 100)}`, exchanges };
    }
    if (outcome === 'no-prompt') {
      return { verdict: 'INCONCLUSIVE', summary: `no ${options.what} prompt was recognised`, exchanges };
    }
    if (outcome === 'rejected') rejected++;
    else unclear++;
  }
  const tried = rejected + unclear;
  const details = [coverage(tried)];
  if (tried === 0) {
    return {
      verdict: 'INCONCLUSIVE',
      summary:
        'no credential submission was left for this service (the budget of its address and port was spent, or a lockout was seen)',
      details,
      exchanges,
    };
  }
  if (unclear > 0) {
    return {
      verdict: 'INCONCLUSIVE',
      summary: `${unclear} of ${tried} default pair${tried === 1 ? '' : 's'} got a reply that was neither a clear login nor a clear rejection`,
      details,
      exchanges,
    };
  }
  if (tried < pairs.length) {
    return {
      verdict: 'INCONCLUSIVE',
      summary: `the first ${tried} of ${pairs.length} default pairs were rejected, but the submission limit stopped the list there: the rest were not tried`,
      details: [
        ...details,
        `to finish the list, set limits.attemptsPerService to ${pairs.length}, or list the vendor's documented defaults under credentials.defaults`,
      ],
      exchanges,
    };
  }
  return {
    verdict: 'PASS',
    summary: `all ${pairs.length} default pair${pairs.length === 1 ? '' : 's'} of the ${name} ${pairs.length === 1 ? 'was' : 'were'} rejected`,
    details,
    exchanges,
  };
}

/**
 * Whether the host answers at all: a TCP connection (or a reset) on one of its declared TCP ports. Silence on the
 * ports a check probed is "filtered" only on a host that answers elsewhere; on a host that answers nowhere it is
 * "unreachable", which proves nothing.
 */
export async function hostAnswers(ctx: CheckContext, exclude: readonly number[] = []): Promise<number | undefined> {
  const ports = ctx.target.services
    .filter((s) => transportOf(s) === 'tcp' && !exclude.includes(s.port))
    .map((s) => s.port)
    .slice(0, 3);
  for (const port of ports) {
    try {
      (await ctx.net.tcp(ctx.address, port, ctx.signal)).destroy();
      return port;
    } catch (error) {
      if (!(error instanceof NetError)) throw error;
      if (error.kind === 'refused' || error.kind === 'reset') return port;
    }
  }
  return undefined;
}

/** What a failed TCP connection says about a port: closed (the host refused it) or silent (no answer at all). */
export function portSilence(error: NetError): 'closed' | 'silent' {
  return error.kind === 'refused' || error.kind === 'reset' ? 'closed' : 'silent';
}
