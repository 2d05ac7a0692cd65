import { usesPasswords } from '../model/facts.js';
import type { PasswordPractice } from '../model/vocabulary.js';
import { allHold, decide } from './decide.js';
import type { RiskRule } from './rule.js';

const SHARED: ReadonlySet<PasswordPractice> = new Set(['shared-default', 'operator-set-shared']);

/** Devices that all accept the same password: the Mirai class of IoT compromise, or one leak for a whole fleet. */
export const sharedDefaultPassword: RiskRule = {
  meta: {
    id: 'shared-default-password',
    title: 'Devices share a default or fleet-wide password',
    description:
      'Every device of the kind ships with the same password, or the operator sets one password for the whole fleet, so one leaked manual, firmware image or installer note unlocks every device; botnets log in with default lists automatically.',
    riskSource: 'scd-weak-device-credentials',
    stride: ['spoofing', 'elevation-of-privilege'],
    likelihood: 5,
    impact: 4,
    // Unique or user-set passwords remove the cause, from the factory or at installation; limiting guesses slows the
    // attacks that do not know the password yet.
    mitigations: ['password-credential-quality', 'user-change-default-credentials'],
    supporting: ['brute-force-protection'],
    references: ['owasp-iot-top10-2018:I1', 'uk-psti:1'],
    asks: ['authentication.passwords'],
  },
  check(graph) {
    return graph.devices().flatMap((device) => {
      const practice = device.authentication?.passwords;
      return decide(
        allHold({
          'authentication.passwords':
            practice === undefined ? (usesPasswords(device) === false ? false : 'unknown') : SHARED.has(practice),
        }),
        device.id,
        () => `How the passwords of ${device.name} are set (unique, user-set or shared) is not stated.`,
        () => {
          const operatorSet = practice === 'operator-set-shared';
          const exposed = device.services.some((s) => s.enabled && s.exposure === 'internet');
          const fleet = device.count > 1 || exposed;
          return {
            subject: device.id,
            message: `${device.name} ${operatorSet ? 'shares one password, set by the operator, across the fleet' : 'ships with a password shared by every device of its kind'}${exposed ? ' and has a service reachable from the internet' : ''}.`,
            likelihood: operatorSet ? 3 : undefined,
            impact: fleet ? 5 : undefined,
            adjustment:
              [
                ...(operatorSet
                  ? ['the password is on no public default list, but one leak unlocks every device']
                  : []),
                ...(fleet
                  ? [exposed ? 'a service is reachable from the internet' : `${device.count} devices share it`]
                  : []),
              ].join('; ') || undefined,
          };
        },
      );
    });
  },
};
