import type { ModelDataAsset } from '../model/types.js';
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
    mitigations: ['stored-data-protection', 'personal-data-at-rest-encryption'],
    references: ['eu-cra:I.2(e)', 'owasp-iot-top10-2018:I7'],
  },
  check(graph) {
    return graph.model.elements
      .filter((e) => STORE_KINDS.has(e.kind) && e.encryptionAtRest !== true)
      .flatMap((element) => {
        const data = graph.dataStoredIn(element).filter(needsProtection);
        if (data.length === 0) return [];
        const severe = data.some((d) => d.personalData?.sensitive || d.classification === 'restricted');
        return [
          {
            subject: element.id,
            related: data.map((d) => d.id),
            message: `${element.name} stores ${data.map((d) => d.name).join(', ')} ${element.encryptionAtRest === false ? 'without' : 'with no stated'} encryption at rest.`,
            impact: severe ? 5 : undefined,
          },
        ];
      });
  },
};
