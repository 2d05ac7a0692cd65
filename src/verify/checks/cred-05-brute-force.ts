/**
 * CRED-05 — brute force over the network is impracticable (TS 103 701 5.1-5-2 b). Opt-in per target
 * (`allow: [brute-force]`) because it can lock the owner out: when a valid account is given, one valid login first
 * (a refused test account proves nothing later), K wrong passwords at the paced rate, timing each, then the valid
 * login again. PASS for a lockout sign, a growing delay or a valid login refused after the wrong ones; FAIL when all
 * K were answered at constant speed and the valid login still works at once.
 */
import { randomBytes } from 'node:crypto';
import { NetError } from '../net/net.js';
import { type Pair, pairLabel, scrub } from '../redact.js';
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
      `Sends ${BRUTE_FORCE_ATTEMPTS} wrong passwords (each a second after the answer to the one before) to each ` +
      'declared password login and times the answers, then tries the valid test account. PASS for a lockout, a ' +
      'growing delay or a refused valid login; FAIL when every wrong password was answered at the same speed and the ' +
      'valid login still worked immediately after. Runs only on targets that allow brute-force.',
    passes:
      'a lockout sign or a growing delay within the wrong passwords, or the valid test account — accepted before them — refused right after them',
    intrusiveness: 'intrusive',
    optIn: 'brute-force',
    credentials: BRUTE_FORCE_ATTEMPTS + 2,
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
    const validLogin = async (when: string) => {
      const submission = valid && (await ctx.credential(valid, `valid login (${when})`));
      if (!submission) return undefined;
      const r = await loginOnce(ctx, submission);
      exchanges.push({
        sent: `valid login ${when} (${pairLabel(valid!, 0, 'test account')})`,
        seen: short(scrub(r.seen, valid), 80),
      });
      return r;
    };
    // The test account must work before the test: otherwise a refusal after it says nothing about a lockout.
    if (valid) {
      const before = await validLogin('before the test');
      if (!before) return { verdict: 'INCONCLUSIVE', summary: 'no credential submission was allowed', exchanges };
      if (before.outcome !== 'accepted') {
        return {
          verdict: 'INCONCLUSIVE',
          summary: `the test account (credentials.valid) was not accepted before the test (${short(before.seen, 60)}): check the password; nothing was tried`,
          exchanges,
        };
      }
    }
    for (let i = 0; i < BRUTE_FORCE_ATTEMPTS; i++) {
      // hex only: a wrong password must not itself read as a failure message when a device echoes it
      const pair: Pair = { username, password: randomBytes(8).toString('hex') };
      const submission = await ctx.credential(pair, `wrong password #${i + 1}`);
      if (!submission) break;
      const started = performance.now();
      let outcome: AttemptOutcome;
      let seen: string;
      try {
        ({ outcome, seen } = await loginOnce(ctx, submission));
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
      if (outcome !== 'rejected') {
        return { verdict: 'INCONCLUSIVE', summary: `wrong password #${i + 1} got an unclear answer`, exchanges };
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
    const after = await validLogin('after the test');
    if (!after)
      return { verdict: 'INCONCLUSIVE', summary: 'no attempt was left for the valid login', details, exchanges };
    if (after.outcome === 'accepted') {
      return {
        verdict: 'FAIL',
        summary: `${BRUTE_FORCE_ATTEMPTS} wrong passwords were answered at constant speed and the valid login still worked right after`,
        details,
        exchanges,
      };
    }
    if (after.outcome === 'rejected' || after.outcome === 'lockout') {
      ctx.lockedOut('brute-force test: the valid account is refused after the wrong passwords');
      return {
        verdict: 'PASS',
        summary: 'the test account, accepted before, was refused after the wrong passwords: the account is locked',
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
