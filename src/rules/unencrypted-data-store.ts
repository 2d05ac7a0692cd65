import type { ModelDataAsset } from '../model/types.js';
import { allHold, decide, lacks } from './decide.js';
import type { RiskRule } from './rule.js';

const STORE_KINDS = new Set(['data-store', 'cloud-service', 'edge-service']);
const PROTECTED_CLASSES = new Set(['confidential', 'restricted']);

const needsProtection = (d: ModelDataAsset): boolean =>
  d.personalData !== undefined || PROTECTED_CLASSES.has(d.classification ?? '');

/** Stores and services that keep personal or confidential data unencrypted. */
export const unencryptedDataStore: RiskRule = {
  meta: {
    id: 'unencrypted-data-store',
    title: 'Personal or confidential data stored unencrypted',
    description:
      'Recordings, telemetry and account data kept unencrypted in a database, bucket or service can be read by anyone who reaches the store, its disks or its backups, for every user at once.',
    riskSource: 'asd-exposed-data-stores',
    stride: ['information-disclosure'],
    likelihood: 3,
    impact: 4,
    // Encryption at rest with keys kept apart removes the cause; staff access limits cut who can read it anyway.
    mitigations: ['stored-data-protection', 'personal-data-at-rest-encryption'],
    supporting: ['staff-access-to-personal-data'],
    references: ['eu-cra:I.2(e)', 'owasp-iot-top10-2018:I7'],
    asks: ['encryptionAtRest'],
  },
  check(graph) {
    return graph.model.elements
      .filter((e) => STORE_KINDS.has(e.kind))
      .flatMap((element) => {
        const data = graph.dataStoredIn(element).filter(needsProtection);
        if (data.length === 0) return [];
        const what = `${element.name} stores ${data.map((d) => d.name).join(', ')}`;
        return decide(
          allHold({ encryptionAtRest: lacks(element.encryptionAtRest) }),
          element.id,
          () => `${what}; whether it encrypts them at rest is not stated.`,
          () => {
            const severe = data.some((d) => d.personalData?.sensitive || d.classification === 'restricted');
            return {
              subject: element.id,
              related: data.map((d) => d.id),
              message: `${what} without encryption at rest.`,
              impact: severe ? 5 : undefined,
              adjustment: severe ? 'it holds sensitive personal data or restricted data' : undefined,
            };
          },
        );
      });
  },
};
