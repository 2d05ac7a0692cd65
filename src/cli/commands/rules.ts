import { RULES } from '../../rules/index.js';
import type { CommandSpec } from '../command.js';

export const rulesCommand: CommandSpec = {
  usage: '',
  positionals: [0, 0],
  options: { json: { type: 'boolean', description: 'print the rules as JSON' } },
  examples: [{ command: 'iotassure rules', description: 'the rules, one per line' }],
  run(args, io) {
    if (args.values.json) {
      io.stdout(
        `${JSON.stringify(
          RULES.map((r) => r.meta),
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    for (const { meta } of RULES) {
      const threats = [...(meta.stride ?? []), ...(meta.linddun ?? [])].join(', ');
      io.stdout(
        `${meta.id.padEnd(40)} ${meta.title}\n${' '.repeat(41)}${meta.riskSource} · ${threats} · L${meta.likelihood}×I${meta.impact} · ${meta.mitigations.join(', ')}\n`,
      );
    }
    return 0;
  },
};
