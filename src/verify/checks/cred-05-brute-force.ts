/**
 * CRED-05 — brute force over the network is impracticable (TS 103 701 5.1-5-2 b). Opt-in per target
 * (`allow: [brute-force]`) because it can lock the owner out: K wrong passwords at the paced rate, timing each; then,
 * when a valid account is given, one valid login. PASS for a lockout sign, a growing delay or a refused valid login
 * afterwards; FAIL when all K were answered at constant speed and the valid login still works at once.
 */
import { randomBytes } from 'node:crypto';
import { NetError } from '../net.js';
import { pairLabel, scrub } from '../redact.js';
import type { Check, Exchange } from '../types.js';
import { type AttemptOutcome, short } from './common.js';
import { LOGIN_PROTOCOLS, loginOnce } from './login.js';

/** Wrong passwords sent (K in the check catalogue). */
export const BRUTE_FORCE_ATTEMPTS = 10;

export const cred05: Check = {
  meta: {
    id: 'CRED-05',
    title: 'Brute-force attempts are slowed down or locked out',
    description:
      `Sends ${BRUTE_FORCE_ATTEMPTS} wrong passwords (one per second) to each declared password login and times the ` +
      'answers, then tries the valid test account. PASS for a lockout, a growing delay or a refused valid login; FAIL ' +
      'when every wrong password was answered at the same speed and the valid login still worked immediately after. ' +
      'Runs only on targets that allow brute-force.',
    intrusiveness: 'intrusive',
    optIn: 'brute-force',
    attempts: BRUTE_FORCE_ATTEMPTS + 1,
    controls: ['brute-force-protection'],
    requirements: ['etsi-en-303-645:5.1-5'],
    equivalent: 'TS 103 701 test case 5.1-5-2 (b)',
  },
  appliesTo: (target) =>
    target.services.filter(
      (s) =>
        LOGIN_PROTOCOLS.includes(s.protocol) && (s.authentication === undefined || s.authentication === 'password'),
    ),
  async run(ctx) {
    const valid = ctx.target.credentials?.valid;
    const username = valid?.username ?? 'admin';
    const exchanges: Exchange[] = [];
    const latencies: number[] = [];
    for (let i = 0; i < BRUTE_FORCE_ATTEMPTS; i++) {
      if (!(await ctx.takeAttempt())) break;
      // hex only: a wrong password must not itself read as a failure message when a device echoes it
      const pair = { username, password: randomBytes(8).toString('hex') };
      const started = performance.now();
      let outcome: AttemptOutcome;
      let seen: string;
      try {
        ({ outcome, seen } = await loginOnce(ctx, pair));
      } catch (error) {
        if (i > 0 && error instanceof NetError && ['refused', 'reset', 'timeout'].includes(error.kind)) {
          outcome = 'lockout';
          seen = error.message;
        } else throw error;
      }
      const ms = Math.round(performance.now() - started);
      latencies.push(ms);
      exchanges.push({ sent: `wrong password #${i + 1}`, seen: `${short(scrub(seen, pair), 80)} (${ms} ms)` });
      if (outcome === 'accepted') {
        return {
          verdict: 'INCONCLUSIVE',
          summary: 'a random wrong password was accepted: the service takes any password',
          exchanges,
        };
      }
      if (outcome === 'not-offered')
        return { verdict: 'NOT_APPLICABLE', summary: `no password login: ${short(seen, 80)}`, exchanges };
      // A login prompt that stops appearing after rejected attempts is a lockout too.
      if (outcome === 'no-prompt' && i > 0) outcome = 'lockout';
      if (outcome === 'lockout') {
        ctx.lockedOut(`brute-force test: ${short(seen, 60)}`);
        return { verdict: 'PASS', summary: `locked out after ${i + 1} wrong password${i === 0 ? '' : 's'}`, exchanges };
      }
    }
    const details = [`latencies (ms): ${latencies.join(', ')}`];
    if (latencies.length < BRUTE_FORCE_ATTEMPTS) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `only ${latencies.length} of ${BRUTE_FORCE_ATTEMPTS} attempts were allowed`,
        details,
        exchanges,
      };
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const first = median(latencies.slice(0, 3));
    const last = median(latencies.slice(-3));
    if (last >= 2 * first + 500) {
      return { verdict: 'PASS', summary: `answers slowed from about ${first} ms to ${last} ms`, details, exchanges };
    }
    if (!valid) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `${BRUTE_FORCE_ATTEMPTS} wrong passwords were answered at constant speed and no lockout was announced; give credentials.valid to tell whether the account was locked`,
        details,
        exchanges,
      };
    }
    const after = (await ctx.takeAttempt()) ? await loginOnce(ctx, valid) : undefined;
    if (!after)
      return { verdict: 'INCONCLUSIVE', summary: 'no attempt was left for the valid login', details, exchanges };
    exchanges.push({
      sent: `valid login (${pairLabel(valid, 0, 'test account')})`,
      seen: short(scrub(after.seen, valid), 80),
    });
    if (after.outcome === 'accepted') {
      return {
        verdict: 'FAIL',
        summary: `${BRUTE_FORCE_ATTEMPTS} wrong passwords were answered at constant speed and the valid login still worked right after`,
        details,
        exchanges,
      };
    }
    if (after.outcome === 'rejected' || after.outcome === 'lockout') {
      return {
        verdict: 'PASS',
        summary: 'the valid login was refused after the wrong passwords: the account is locked',
        details,
        exchanges,
      };
    }
    return {
      verdict: 'INCONCLUSIVE',
      summary: 'the valid login after the test got an unclear answer',
      details,
      exchanges,
    };
  },
};
