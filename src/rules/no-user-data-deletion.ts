import { allHold, decide, lacks } from './decide.js';
import type { RiskRule } from './rule.js';

/** Kinds that are people or things, not systems that could offer a way to erase data. */
const NOT_SYSTEMS = new Set(['user', 'physical-entity']);

/** Devices and services that store personal data but give people no simple way to erase it. */
export const noUserDataDeletion: RiskRule = {
  meta: {
    id: 'no-user-data-deletion',
    title: 'Users cannot delete their personal data',
    description:
      'When a device or service stores personal data but offers no simple way to erase it, people cannot exercise their right to deletion, and the data stays on devices that are resold, returned or thrown away.',
    riskSource: 'priv-no-data-subject-control',
    linddun: ['unawareness', 'non-compliance'],
    likelihood: 3,
    impact: 3,
    // Erasure on the device and deletion in the service remove the cause; request handling and erasing before
    // disposal cover what remains.
    mitigations: ['device-user-data-erasure', 'service-personal-data-deletion'],
    supporting: ['data-subject-rights-requests', 'user-erase-personal-data-before-disposal'],
    references: ['etsi-en-303-645:5.11-1', 'etsi-en-303-645:5.11-2', 'eu-cra:I.2(m)'],
    asks: ['userDataDeletion'],
  },
  check(graph) {
    return graph.model.elements
      .filter((e) => !NOT_SYSTEMS.has(e.kind))
      .flatMap((element) => {
        const data = graph.dataStoredIn(element).filter((d) => d.personalData !== undefined);
        if (data.length === 0) return [];
        const what = `${element.name} stores personal data (${data.map((d) => d.name).join(', ')})`;
        return decide(
          allHold({ userDataDeletion: lacks(element.userDataDeletion) }),
          element.id,
          () => `${what}; whether users can delete it simply is not stated.`,
          () => {
            const sensitive = data.some((d) => d.personalData?.sensitive);
            return {
              subject: element.id,
              related: data.map((d) => d.id),
              message: `${what} and offers no simple way for users to delete it.`,
              impact: sensitive ? 4 : undefined,
              adjustment: sensitive ? 'the data is sensitive personal data' : undefined,
            };
          },
        );
      });
  },
};
