/**
 * Devices that observe the people around them: cameras, microphones, presence and biometric sensors. Location,
 * health and motion are left out: they measure the device's carrier or the things it is fitted to (a worn tag, a
 * vibration sensor), who are not bystanders.
 */
import type { SystemGraph } from '../model/graph.js';
import type { ModelElement } from '../model/types.js';
import type { PhysicalExposure, Sensing } from '../model/vocabulary.js';
import { allHold, decide, isOneOf, listed } from './decide.js';
import type { RuleFinding } from './rule.js';

const AROUND: ReadonlySet<Sensing> = new Set(['camera', 'microphone', 'presence', 'biometric']);

/** The findings for devices at the places `where` names that sense the people around them. */
export function sensingPeopleAt(
  graph: SystemGraph,
  where: ReadonlySet<PhysicalExposure>,
  place: string,
  risk: (device: ModelElement, sensing: Sensing[]) => RuleFinding,
): RuleFinding[] {
  return graph.devices().flatMap((device) => {
    const sensing = device.sensing.filter((s) => AROUND.has(s));
    return decide(
      allHold({
        physicalExposure: isOneOf(device.physicalExposure, where),
        sensing: listed(device, 'sensing', () => sensing.length > 0),
      }),
      device.id,
      (keys) =>
        keys.includes('sensing')
          ? `Whether ${device.name} senses people (camera, microphone, presence, biometrics) is not stated.`
          : `${device.name} senses people (${sensing.join(', ')}); whether it is ${place} is not stated.`,
      () => risk(device, sensing),
    );
  });
}
