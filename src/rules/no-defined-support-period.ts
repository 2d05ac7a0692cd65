import { allHold, decide, lacks } from './decide.js';
import { statementHolders } from './product-statements.js';
import type { RiskRule } from './rule.js';

/** Products sold without a published end date for security updates. */
export const noDefinedSupportPeriod: RiskRule = {
  meta: {
    id: 'no-defined-support-period',
    title: 'No published support period for security updates',
    description:
      'When the end of security updates is not published, buyers cannot plan replacement and keep devices in use long after fixes have stopped.',
    riskSource: 'omd-end-of-support',
    stride: ['elevation-of-privilege'],
    likelihood: 2,
    impact: 3,
    // Publishing the period removes the cause; buyers who ask for it and plan replacement limit the harm.
    mitigations: ['defined-support-period'],
    supporting: ['user-plan-end-of-support', 'user-procurement-security-requirements'],
    references: ['uk-psti:3', 'etsi-en-303-645:5.3-13'],
    asks: [
      'supportPeriod',
      'supportPeriod.published',
      'system.lifecycle.supportPeriod',
      'system.lifecycle.supportPeriod.published',
    ],
  },
  check(graph) {
    if (graph.devices().length === 0) return [];
    return statementHolders(graph).flatMap((holder) => {
      const period = holder.supportPeriod;
      return decide(
        period === undefined
          ? [holder.key('supportPeriod')]
          : allHold({ [holder.key('supportPeriod.published')]: lacks(period.published) }),
        holder.id,
        () =>
          period === undefined
            ? `${holder.name} states no support period for security updates, nor that it has none.`
            : `${holder.name} defines a support period until ${period.end}; whether it is published is not stated.`,
        () => ({
          subject: holder.id,
          message: `${holder.name} defines a support period until ${period!.end} but does not publish it.`,
        }),
      );
    });
  },
};
