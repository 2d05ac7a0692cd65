import { anyHolds, decide, isOneOf, stated } from './decide.js';
import type { RiskRule } from './rule.js';

const WEAK_STORAGE: ReadonlySet<string> = new Set(['plaintext', 'obfuscated']);

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
    // Protected storage and no secrets in the image remove the cause; per-device keys limit what one dump unlocks.
    mitigations: ['secure-parameter-storage', 'no-hardcoded-secrets'],
    supporting: ['device-credential-lifecycle', 'physical-hardening'],
    references: ['owasp-iot-top10-2018:I1', 'etsi-en-303-645:5.4-1', 'etsi-en-303-645:5.4-3'],
    asks: ['secretStorage', 'hardcodedCredentials'],
  },
  check(graph) {
    return graph.devices().flatMap((device) =>
      decide(
        anyHolds({
          secretStorage: isOneOf(device.secretStorage, WEAK_STORAGE),
          hardcodedCredentials: stated(device.hardcodedCredentials),
        }),
        device.id,
        (keys) =>
          `How ${device.name} keeps its secrets is not stated (${keys.length === 2 ? 'its secret storage, and whether credentials are built into its image' : keys[0] === 'secretStorage' ? 'its secret storage' : 'whether credentials are built into its image'}).`,
        () => {
          const hardcoded = device.hardcodedCredentials === true;
          const publicSpace = device.physicalExposure === 'public-space';
          const causes = [
            ...(device.secretStorage === 'plaintext' ? ['keeps its secrets in plaintext'] : []),
            ...(device.secretStorage === 'obfuscated' ? ['keeps its secrets only obfuscated, not encrypted'] : []),
            ...(hardcoded ? ['has credentials built into its software image'] : []),
          ];
          return {
            subject: device.id,
            message: `${device.name} ${causes.join(' and ')}${publicSpace ? ', in a public space' : ''}.`,
            likelihood: hardcoded || publicSpace ? 4 : undefined,
            impact: hardcoded ? 5 : undefined,
            adjustment:
              [
                ...(hardcoded ? ['the same secret is in every unit and in every downloaded image'] : []),
                ...(publicSpace && !hardcoded ? ['anyone can take it in a public space'] : []),
              ].join('; ') || undefined,
          };
        },
      ),
    );
  },
};
