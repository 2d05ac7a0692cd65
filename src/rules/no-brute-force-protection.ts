import { allHold, decide, lacks, servicesOf } from './decide.js';
import { serviceLabel } from './describe.js';
import type { RiskRule } from './rule.js';

/** Password-protected device services that let an attacker guess without limit. */
export const noBruteForceProtection: RiskRule = {
  meta: {
    id: 'no-brute-force-protection',
    title: 'Device password service does not limit guessing',
    description:
      'A device service that takes a password without delaying or locking out repeated failures can be guessed automatically; IoT botnets do exactly this against telnet, SSH and web logins.',
    riskSource: 'scd-weak-device-credentials',
    stride: ['spoofing', 'elevation-of-privilege'],
    likelihood: 3,
    impact: 4,
    // Limiting failed attempts removes the cause; strong, changed passwords make guessing hopeless anyway.
    mitigations: ['brute-force-protection'],
    supporting: ['password-credential-quality', 'user-change-default-credentials'],
    references: ['owasp-iot-top10-2018:I1', 'etsi-en-303-645:5.1-5'],
    asks: ['services', 'authentication.bruteForceProtection'],
  },
  check(graph) {
    return graph.devices().flatMap((device) => {
      const services = servicesOf(device, (s) => s.authentication === 'password');
      const list = services === 'unknown' ? '' : services.map(serviceLabel).join(', ');
      return decide(
        allHold({
          services: services === 'unknown' ? 'unknown' : services.length > 0,
          'authentication.bruteForceProtection': lacks(device.authentication?.bruteForceProtection),
        }),
        device.id,
        (keys) =>
          keys.includes('services')
            ? `The network services of ${device.name} are not stated${keys.length === 2 ? ', nor whether it limits repeated password guesses' : ''}.`
            : `${device.name} accepts passwords on ${list}; whether it limits repeated guessing is not stated.`,
        () => {
          const internet = services !== 'unknown' && services.some((s) => s.exposure === 'internet');
          return {
            subject: device.id,
            message: `${device.name} accepts passwords on ${list} without protection against repeated guessing${internet ? ', from the internet' : ''}.`,
            likelihood: internet ? 5 : undefined,
            adjustment: internet ? 'the password service is reachable from the internet' : undefined,
          };
        },
      );
    });
  },
};
