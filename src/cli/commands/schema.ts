import { modelJsonSchema } from '../../model/schema.js';
import type { CommandDefinition } from '../command.js';

export const schemaCommand: CommandDefinition = {
  name: 'schema',
  usage: '',
  summary: 'Print the JSON Schema of the system model, for editor autocompletion and validation.',
  positionals: [0, 0],
  options: {},
  examples: [
    {
      command: 'iotassure schema > iotassure.schema.json',
      description: 'save it; point your editor (e.g. the YAML extension) at it',
    },
  ],
  run(_args, io) {
    io.stdout(`${JSON.stringify(modelJsonSchema(), null, 2)}\n`);
    return 0;
  },
};
