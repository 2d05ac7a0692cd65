import type { ModelElement } from '../model/types.js';
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
    mitigations: ['secure-ecosystem-interfaces', 'brute-force-protection', 'user-strong-account-authentication'],
    references: ['eu-cra:I.2(d)'],
  },
  check(graph) {
    return graph.model.elements
      .filter((e) => ACCOUNT_KINDS.has(e.kind) && passwordLogin(e) && e.authentication?.multiFactor !== true)
      .map((element) => {
        const limited = element.authentication?.bruteForceProtection === true;
        return {
          subject: element.id,
          message: `Users log in to ${element.name} with a password and ${element.authentication?.multiFactor === false ? 'no' : 'no stated'} second factor${limited ? '; repeated failures are limited' : ''}.`,
          likelihood: limited ? 3 : undefined,
        };
      });
  },
};
