/** A catalog file of one user control (as JSON, which is YAML), with some fields replaced. */
export function userControlCatalog(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    controls: [
      {
        id: 'my-control',
        title: 'T',
        statement: 'S',
        family: '7.1.3',
        clause: { id: '7.1.3', confidence: 'medium' },
        stakeholders: ['user'],
        stages: ['operation'],
        domains: ['UD'],
        riskSources: ['ud-unaware-users'],
        ...overrides,
      },
    ],
  });
}
