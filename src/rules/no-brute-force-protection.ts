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
    mitigations: ['brute-force-protection', 'password-credential-quality', 'user-change-default-credentials'],
    references: ['owasp-iot-top10-2018:I1', 'etsi-en-303-645:5.1-5'],
  },
  check(graph) {
    return graph.devices().flatMap((device) => {
      if (device.authentication?.bruteForceProtection === true) return [];
      const services = device.services.filter((s) => s.enabled && s.authentication === 'password');
      if (services.length === 0) return [];
      const internet = services.some((s) => s.exposure === 'internet');
      const list = services.map((s) => `${s.protocol.toUpperCase()}${s.port ? ` ${s.port}` : ''}`).join(', ');
      return [
        {
          subject: device.id,
          message: `${device.name} accepts passwords on ${list} without stated protection against repeated guessing${internet ? ', from the internet' : ''}.`,
          likelihood: internet ? 5 : undefined,
        },
      ];
    });
  },
};
