import type { RiskRule } from './rule.js';

/** Personal data kept without a retention limit, or with none stated. */
export const unlimitedRetention: RiskRule = {
  meta: {
    id: 'unlimited-retention',
    title: 'Personal data is kept without a retention limit',
    description:
      'Recordings, locations and usage histories kept with no deletion date pile up for years, so a breach, a subpoena or a change of owner exposes far more of the lives of people than the service ever needed.',
    riskSource: 'priv-excessive-retention',
    linddun: ['data-disclosure', 'non-compliance'],
    likelihood: 3,
    impact: 3,
    mitigations: [
      'personal-data-retention-limits',
      'service-personal-data-deletion',
      'user-set-retention-and-deletion',
    ],
    references: ['etsi-en-303-645:6-6', 'iso-iec-29100:5.6'],
  },
  check(graph) {
    return graph.model.dataAssets
      .filter((d) => d.personalData !== undefined && typeof d.retentionDays !== 'number')
      .map((data) => {
        const unlimited = data.retentionDays === 'unlimited';
        const why = unlimited
          ? 'is kept without limit'
          : data.retention === 'unspecified'
            ? 'has an unspecified retention period'
            : 'has no retention period in the model';
        return {
          subject: data.id,
          message: `${data.name} (personal data: ${data.personalData?.categories.join(', ')}) ${why}.`,
          likelihood: unlimited ? 4 : undefined,
          impact: data.personalData?.sensitive ? 4 : undefined,
        };
      });
  },
};
