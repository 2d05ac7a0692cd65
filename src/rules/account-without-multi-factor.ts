import type { ModelElement } from '../model/types.js';
import { allHold, decide, lacks } from './decide.js';
import type { RiskRule } from './rule.js';

const ACCOUNT_KINDS = new Set(['cloud-service', 'management-service', 'web-app', 'mobile-app']);

const passwordLogin = (e: ModelElement): boolean =>
  (e.authentication?.mechanisms ?? []).includes('password') || e.authentication?.passwords === 'user-defined';

/** User accounts guarded by a password alone. */
export const accountWithoutMultiFactor: RiskRule = {
  meta: {
    id: 'account-without-multi-factor',
    title: 'User accounts are protected by a password alone',
    description:
      "A user account behind only a password is taken over with a phished, guessed or reused password, and with it the user's cameras, locks and recorded data.",
    riskSource: 'ud-account-takeover',
    stride: ['spoofing', 'elevation-of-privilege'],
    likelihood: 4,
    impact: 4,
    // Offering a second factor and turning it on remove the cause; limiting guesses only slows one way in.
    mitigations: ['secure-ecosystem-interfaces', 'user-strong-account-authentication'],
    supporting: ['brute-force-protection', 'login-and-session-controls'],
    references: ['eu-cra:I.2(d)'],
    asks: ['authentication.multiFactor'],
  },
  check(graph) {
    return graph.model.elements
      .filter((e) => ACCOUNT_KINDS.has(e.kind) && passwordLogin(e))
      .flatMap((element) => {
        const limited = element.authentication?.bruteForceProtection === true;
        return decide(
          allHold({ 'authentication.multiFactor': lacks(element.authentication?.multiFactor) }),
          element.id,
          () => `Users log in to ${element.name} with a password; whether a second factor is offered is not stated.`,
          () => ({
            subject: element.id,
            message: `Users log in to ${element.name} with a password and no second factor${limited ? '; repeated failures are limited' : ''}.`,
            likelihood: limited ? 3 : undefined,
            adjustment: limited
              ? 'repeated failed logins are limited, which slows guessing but not phishing or reuse'
              : undefined,
          }),
        );
      });
  },
};
