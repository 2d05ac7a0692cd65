import type { RiskRule } from './rule.js';

const WEAK_STORAGE = new Set(['plaintext', 'obfuscated']);

/** Keys and credentials that can be read out of a device's storage or firmware image. */
export const extractableSecrets: RiskRule = {
  meta: {
    id: 'extractable-secrets',
    title: 'Secrets can be extracted from the device',
    description:
      'Keys and credentials kept readable on the device, or built into its firmware, can be dumped from a device or a downloaded image and reused to impersonate it, reach the service or unlock other units.',
    riskSource: 'scd-extractable-secrets',
    stride: ['information-disclosure', 'spoofing'],
    likelihood: 3,
    impact: 4,
    mitigations: ['secure-parameter-storage', 'no-hardcoded-secrets', 'device-credential-lifecycle'],
    references: ['owasp-iot-top10-2018:I1', 'etsi-en-303-645:5.4-1', 'etsi-en-303-645:5.4-3'],
  },
  check(graph) {
    return graph
      .devices()
      .filter((device) => WEAK_STORAGE.has(device.secretStorage ?? '') || device.hardcodedCredentials === true)
      .map((device) => {
        const hardcoded = device.hardcodedCredentials === true;
        const causes = [
          ...(device.secretStorage === 'plaintext' ? ['keeps its secrets in plaintext'] : []),
          ...(device.secretStorage === 'obfuscated' ? ['keeps its secrets only obfuscated, not encrypted'] : []),
          ...(hardcoded ? ['has credentials built into its software image'] : []),
        ];
        return {
          subject: device.id,
          message: `${device.name} ${causes.join(' and ')}${device.physicalExposure === 'public-space' ? ', in a public space' : ''}.`,
          likelihood: hardcoded || device.physicalExposure === 'public-space' ? 4 : undefined,
          impact: hardcoded ? 5 : undefined,
        };
      });
  },
};
