import type { Truth } from '../model/condition.js';
import type { ModelDataAsset } from '../model/types.js';
import { allHold, decide } from './decide.js';
import type { RiskRule } from './rule.js';

/**
 * Whether the data is kept without an effective limit, under the key that decides it: no period (stated
 * `unlimited` or `unspecified`), or a period that deletion does not enforce.
 */
function unlimited(d: ModelDataAsset): Record<string, Truth> {
  if (d.retention === undefined) return { retention: 'unknown' };
  if (typeof d.retentionDays !== 'number') return { retention: true };
  return { 'retention.enforced': d.retentionEnforced === undefined ? 'unknown' : !d.retentionEnforced };
}

/** Personal data kept without a retention limit, with none specified, or beyond a limit nobody enforces. */
export const unlimitedRetention: RiskRule = {
  meta: {
    id: 'unlimited-retention',
    title: 'Personal data is kept without an enforced retention limit',
    description:
      'Recordings, locations and usage histories kept with no deletion date, or past a date that nothing enforces, pile up for years, so a breach, a subpoena or a change of owner exposes far more of the lives of people than the service ever needed.',
    riskSource: 'priv-excessive-retention',
    linddun: ['data-disclosure', 'non-compliance'],
    likelihood: 3,
    impact: 3,
    // A period enforced by deletion removes the cause, set by the provider or by the user in the devices and plans.
    mitigations: ['personal-data-retention-limits', 'user-set-retention-and-deletion'],
    supporting: ['service-personal-data-deletion'],
    references: ['etsi-en-303-645:6-6', 'iso-iec-29100:5.6'],
    asks: ['retention', 'retention.enforced'],
  },
  check(graph) {
    return graph.model.dataAssets
      .filter((d) => d.personalData !== undefined)
      .flatMap((data) => {
        const what = `${data.name} (personal data: ${data.personalData?.categories.join(', ')})`;
        return decide(
          allHold(unlimited(data)),
          data.id,
          (keys) =>
            keys[0] === 'retention'
              ? `How long ${what} is kept is not stated.`
              : `${what} is kept for ${data.retention}; whether deletion enforces that is not stated.`,
          () => {
            const forever = data.retentionDays === 'unlimited';
            const sensitive = data.personalData?.sensitive === true;
            const why = forever
              ? 'is kept without limit'
              : data.retention === 'unspecified'
                ? 'has an unspecified retention period'
                : `is kept for ${data.retention} by policy, but nothing deletes it then`;
            return {
              subject: data.id,
              message: `${what} ${why}.`,
              likelihood: forever ? 4 : undefined,
              impact: sensitive ? 4 : undefined,
              adjustment:
                [
                  ...(forever ? ['nothing is ever deleted'] : []),
                  ...(sensitive ? ['it is sensitive personal data'] : []),
                ].join('; ') || undefined,
            };
          },
        );
      });
  },
};
