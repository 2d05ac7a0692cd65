import { modelJsonSchema } from '../../model/schema.js';
import type { CommandSpec } from '../command.js';

export const schemaCommand: CommandSpec = {
  usage: '',
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
