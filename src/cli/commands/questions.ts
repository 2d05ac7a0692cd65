import { questionsMarkdown, questionsText } from '../../report/questions.js';
import { COMMON_OPTIONS, type CommandSpec, flag, oneOf, string } from '../command.js';
import { runAssessment } from './assess.js';

export const questionsCommand: CommandSpec = {
  usage: 'MODEL [--format text|md|json]',
  description:
    'An omitted fact is unknown, never "none": a rule that depends on it asks instead of rating a risk, and a ' +
    'requirement whose applicability depends on it is undetermined. Each question names the model key to state, the ' +
    'element or template to state it on, and the rules, requirements and controls its answer decides.',
  positionals: [1, 1],
  options: {
    format: { type: 'string', short: 'f', value: 'FORMAT', description: 'text (default), md or json' },
    catalog: COMMON_OPTIONS.catalog,
    rules: COMMON_OPTIONS.rules,
    'allow-path': COMMON_OPTIONS['allow-path'],
    date: COMMON_OPTIONS.date,
    json: COMMON_OPTIONS.json,
  },
  examples: [
    { command: 'iotassure questions system.yaml', description: 'list what the model leaves open' },
    {
      command: 'iotassure questions system.yaml --format md > questionnaire.md',
      description: 'a questionnaire for a supplier',
    },
  ],
  run(args, io) {
    const format = flag(args, 'json')
      ? 'json'
      : oneOf('format', string(args, 'format') ?? 'text', ['text', 'md', 'json'], 'a format');
    const assessment = runAssessment({ positionals: args.positionals, values: args.values });
    if (format === 'json') io.stdout(`${JSON.stringify(assessment.questions, null, 2)}\n`);
    else io.stdout(format === 'md' ? questionsMarkdown(assessment) : questionsText(assessment));
    return 0;
  },
};
