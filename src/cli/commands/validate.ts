import { consistencyFindings } from '../../assess/pipeline.js';
import { COMMON_OPTIONS, type CommandSpec, dateOption, flag, strings } from '../command.js';
import { reportFindings } from '../findings.js';
import { loadWorkspace } from '../workspace.js';

export const validateCommand: CommandSpec = {
  usage: 'MODEL...',
  description:
    'A model that cannot be read, or refers to what does not exist, is an error (exit 2). A status or evidence that ' +
    "the model's own facts contradict is a consistency finding, printed as a warning; with --strict it is an error too.",
  positionals: [1, 1000],
  options: {
    catalog: COMMON_OPTIONS.catalog,
    rules: COMMON_OPTIONS.rules,
    date: COMMON_OPTIONS.date,
    strict: COMMON_OPTIONS.strict,
    'allow-path': COMMON_OPTIONS['allow-path'],
    quiet: { type: 'boolean', short: 'q', description: 'print nothing when the models are valid' },
  },
  examples: [
    {
      command: 'iotassure validate system.yaml',
      description: 'exit 0 when the model is valid, 2 with the problems otherwise',
    },
    {
      command: 'iotassure validate --strict system.yaml',
      description: 'in CI: also fail while a status contradicts the model or lacks its evidence',
    },
  ],
  run(args, io) {
    let findings = 0;
    for (const file of args.positionals) {
      const { model, catalog, rules } = loadWorkspace(file, {
        catalogs: strings(args, 'catalog'),
        rules: strings(args, 'rules'),
        allowPaths: strings(args, 'allow-path'),
      });
      const found = consistencyFindings(model, catalog, rules, { date: dateOption(args) });
      findings += found.length;
      reportFindings(io, found);
      if (!flag(args, 'quiet')) {
        const instances = model.elements.reduce((n, e) => n + e.count, 0);
        const noted = found.length > 0 ? `; ${found.length} consistency finding(s)` : '';
        io.stdout(
          `${file}: valid — ${model.elements.length} elements (${instances} instances), ${model.flows.length} flows, ` +
            `${model.dataAssets.length} data assets, ${model.zones.length} zones, ${model.products.length} products${noted}\n`,
        );
      }
    }
    return flag(args, 'strict') && findings > 0 ? 2 : 0;
  },
};
