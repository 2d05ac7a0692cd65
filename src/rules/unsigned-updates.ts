import type { Truth } from '../model/condition.js';
import { allHold, decide, lacks } from './decide.js';
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
    // Verifying signatures removes the cause; a secure mechanism and protected signing keys keep it sound.
    mitigations: ['authenticated-updates'],
    supporting: ['secure-update-mechanism', 'build-and-signing-integrity'],
    references: ['owasp-iot-top10-2018:I4', 'etsi-en-303-645:5.3-9', 'etsi-en-303-645:5.3-10', 'eu-cra:II.7'],
    asks: ['update.mechanism', 'update.signed'],
  },
  check(graph) {
    return graph.devices().flatMap((device) => {
      const mechanism = device.update?.mechanism;
      const updateable: Truth = mechanism === undefined ? 'unknown' : mechanism !== 'none';
      return decide(
        allHold({ 'update.mechanism': updateable, 'update.signed': lacks(device.update?.signed) }),
        device.id,
        (keys) =>
          keys.length === 2
            ? `How ${device.name} is updated, and whether it verifies update signatures, is not stated.`
            : keys[0] === 'update.signed'
              ? `${device.name} receives ${mechanism} updates; whether it verifies their signature is not stated.`
              : `${device.name} does not verify update signatures; whether it can be updated at all is not stated.`,
        () => {
          const endpoint = device.update?.endpoint;
          const cleartextPath = (graph.flowsTo.get(device.id) ?? []).some(
            (f) => (f.purpose === 'update' || f.from === endpoint) && f.encryption === 'none',
          );
          const safety = device.safetyRelevant === true;
          return {
            subject: device.id,
            message: `${device.name} receives ${mechanism} updates but does not verify a signature before installing them${cleartextPath ? ', and an update flow to it is unencrypted' : ''}.`,
            likelihood: cleartextPath ? 4 : undefined,
            impact: safety ? 5 : undefined,
            adjustment:
              [
                ...(cleartextPath ? ['anyone on the unencrypted update path can swap the image'] : []),
                ...(safety ? ['the device is safety-relevant'] : []),
              ].join('; ') || undefined,
          };
        },
      );
    });
  },
};
