import type { ModelDataAsset } from '../model/types.js';
import type { RiskRule } from './rule.js';

/** Personal data that reaches several people: access shared that has to be withdrawn when they leave. */
export const sharedAccessToPersonalData: RiskRule = {
  meta: {
    id: 'shared-access-to-personal-data',
    title: 'Personal data is shared with several users',
    description:
      'When recordings or histories are shared with family members, tenants, staff or installers, their access tends to outlive the relationship, so ex-partners, former tenants or former employees keep watching.',
    riskSource: 'ud-shared-access-not-revoked',
    stride: ['information-disclosure'],
    linddun: ['data-disclosure'],
    likelihood: 3,
    impact: 3,
    // Seeing who has access and revoking it when people leave removes the cause; restricting who may view limits it.
    mitigations: ['user-manage-accounts-and-shared-access', 'bystander-and-secondary-user-privacy'],
    supporting: ['user-restrict-access-to-recordings'],
  },
  check(graph) {
    const recipients = new Map<string, Set<string>>();
    const assets = new Map<string, ModelDataAsset>();
    for (const flow of graph.model.flows) {
      if (graph.element(flow.to).kind !== 'user') continue;
      for (const data of graph.personalDataIn(flow)) {
        assets.set(data.id, data);
        const users = recipients.get(data.id) ?? new Set<string>();
        users.add(flow.to);
        recipients.set(data.id, users);
      }
    }
    return [...recipients].flatMap(([id, ids]) => {
      const users = [...ids].map((u) => graph.element(u));
      const people = users.reduce((sum, u) => sum + u.count, 0);
      if (people < 2) return [];
      const data = assets.get(id)!;
      return [
        {
          subject: id,
          related: [...ids],
          message: `${data.name} reaches ${people} people (${users.map((u) => (u.count > 1 ? `${u.name} ×${u.count}` : u.name)).join(', ')}), whose access has to be withdrawn when they leave.`,
          impact: data.personalData?.sensitive ? 4 : undefined,
          adjustment: data.personalData?.sensitive ? 'the data is sensitive personal data' : undefined,
        },
      ];
    });
  },
};
