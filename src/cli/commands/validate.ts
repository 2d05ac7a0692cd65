import { checkModelReferences } from '../../assess/references.js';
import { RULES } from '../../rules/index.js';
import { COMMON_OPTIONS, type CommandDefinition, flag, strings } from '../command.js';
import { loadWorkspace } from '../workspace.js';

export const validateCommand: CommandDefinition = {
  name: 'validate',
  usage: 'MODEL...',
  summary: 'Check system models without assessing them: syntax, schema, references, catalog ids.',
  positionals: [1, 1000],
  options: {
    catalog: COMMON_OPTIONS.catalog,
    'allow-path': COMMON_OPTIONS['allow-path'],
    quiet: { type: 'boolean', short: 'q', description: 'print nothing when the models are valid' },
  },
  examples: [
    {
      command: 'iotassure validate system.yaml',
      description: 'exit 0 when the model is valid, 2 with the problems otherwise',
    },
  ],
  run(args, io) {
    for (const file of args.positionals) {
      const { model, catalog } = loadWorkspace(file, {
        catalogs: strings(args, 'catalog'),
        allowPaths: strings(args, 'allow-path'),
      });
      checkModelReferences(model, catalog, RULES);
      if (!flag(args, 'quiet')) {
        const instances = model.elements.reduce((n, e) => n + e.count, 0);
        io.stdout(
          `${file}: valid — ${model.elements.length} elements (${instances} instances), ${model.flows.length} flows, ` +
            `${model.dataAssets.length} data assets, ${model.zones.length} zones\n`,
        );
      }
    }
    return 0;
  },
};
