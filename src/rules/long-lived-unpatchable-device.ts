import { allHold, decide } from './decide.js';
import type { RiskRule } from './rule.js';

/** Years in use from which a device without updates outlives the software it shipped with. */
export const LONG_LIFE = 3;

/**
 * Devices that cannot be updated yet stay in use for years: they are out of security support from the day they
 * ship, for their whole life. The design flaw is no-update-mechanism's; this risk is the years of exposure, treated
 * by isolating the device and planning its replacement.
 */
export const longLivedUnpatchableDevice: RiskRule = {
  meta: {
    id: 'long-lived-unpatchable-device',
    title: 'Device that cannot be updated stays in use for years',
    description: `A device whose software cannot be updated and that is meant to stay in use for ${LONG_LIFE} years or more collects every vulnerability found in that time, with no fix possible, until it is replaced.`,
    riskSource: 'omd-end-of-support',
    stride: ['elevation-of-privilege', 'tampering'],
    likelihood: 3,
    impact: 4,
    // Isolating the device and a published hardware support and replacement route address the years of exposure;
    // planning replacement and segmenting the network help.
    mitigations: ['non-updateable-device-handling', 'user-isolate-non-updateable-devices'],
    supporting: ['user-plan-end-of-support', 'network-selection-and-segmentation'],
    references: ['etsi-en-303-645:5.3-14', 'etsi-en-303-645:5.3-15A'],
    asks: ['update.mechanism', 'lifetimeYears'],
  },
  check(graph) {
    return graph.devices().flatMap((device) => {
      const mechanism = device.update?.mechanism;
      const years = device.lifetimeYears;
      return decide(
        allHold({
          'update.mechanism': mechanism === undefined ? 'unknown' : mechanism === 'none',
          lifetimeYears: years === undefined ? 'unknown' : years >= LONG_LIFE,
        }),
        device.id,
        (keys) =>
          keys.length === 2
            ? `Whether ${device.name} can be updated, and how long it stays in use, is not stated.`
            : keys[0] === 'lifetimeYears'
              ? `${device.name} cannot be updated; how long it stays in use is not stated.`
              : `${device.name} stays in use for ${years} years; whether it can be updated is not stated.`,
        () => ({
          subject: device.id,
          message: `${device.name} cannot be updated and stays in use for ${years} years${device.count > 1 ? `, ${device.count} of them` : ''}.`,
          likelihood: years! >= 10 ? 4 : undefined,
          adjustment: years! >= 10 ? 'a decade or more of vulnerabilities accumulates with no fix' : undefined,
        }),
      );
    });
  },
};
