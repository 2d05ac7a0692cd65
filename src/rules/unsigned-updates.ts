import type { RiskRule } from './rule.js';

/** Updateable devices that install software without checking a signature on it. */
export const unsignedUpdates: RiskRule = {
  meta: {
    id: 'unsigned-updates',
    title: 'Device installs updates without verifying a signature',
    description:
      'A device that does not check the signature of an update installs whatever reaches it, so whoever controls the update path or the update server can replace its firmware.',
    riskSource: 'scd-untrusted-update',
    stride: ['tampering', 'elevation-of-privilege'],
    likelihood: 3,
    impact: 4,
    mitigations: ['authenticated-updates', 'secure-update-mechanism', 'build-and-signing-integrity'],
    references: ['owasp-iot-top10-2018:I4', 'etsi-en-303-645:5.3-9', 'etsi-en-303-645:5.3-10', 'eu-cra:II.7'],
  },
  check(graph) {
    return graph
      .devices()
      .filter((device) => device.update !== undefined && device.update.mechanism !== 'none')
      .filter((device) => device.update?.signed !== true)
      .map((device) => {
        const endpoint = device.update?.endpoint;
        const cleartextPath = (graph.flowsTo.get(device.id) ?? []).some(
          (f) => (f.purpose === 'update' || f.from === endpoint) && !graph.isEncrypted(f),
        );
        const what = device.update?.signed === false ? 'does not verify' : 'is not stated to verify';
        return {
          subject: device.id,
          message: `${device.name} receives ${device.update?.mechanism} updates but ${what} a signature before installing them${cleartextPath ? ', and an update flow to it is unencrypted' : ''}.`,
          likelihood: cleartextPath ? 4 : undefined,
          impact: device.safetyRelevant ? 5 : undefined,
        };
      });
  },
};
