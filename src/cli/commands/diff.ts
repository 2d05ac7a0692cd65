import { ASSESSMENT_FORMAT } from '../../assess/assessment.js';
import { readSourceFile } from '../../input/source.js';
import { validateDocument } from '../../input/validate.js';
import { diffAssessments, diffMarkdown, diffText, newRisksAtOrAbove } from '../../report/diff.js';
import { type DiffInput, diffInputOf } from '../../report/diff-input.js';
import { inputError } from '../../util/diagnostics.js';
import { isRecord } from '../../util/objects.js';
import { COMMON_OPTIONS, type CommandSpec, choice, flag, oneOf, type ParsedArgs, string, strings } from '../command.js';
import { runAssessment } from './assess.js';

const DIFF_FORMATS = ['text', 'md', 'json'] as const;

export const diffCommand: CommandSpec = {
  usage: 'OLD NEW [--format text|md|json] [--fail-on-new LEVEL]',
  description:
    'OLD and NEW are each a system model (assessed on the spot) or the JSON of `iotassure assess --format json`. ' +
    'Prints new and closed risks, risks whose residual level or status changed, controls whose status changed, ' +
    'gaps opened and closed, and the change in supported requirements per framework.',
  positionals: [2, 2],
  options: {
    format: {
      type: 'string',
      short: 'f',
      value: 'FORMAT',
      description: 'text (default), md (for a pull-request comment) or json',
    },
    'fail-on-new': {
      type: 'string',
      value: 'LEVEL',
      description: 'exit 1 when a risk is new at LEVEL or above, or rose to LEVEL or above, and is not accepted',
    },
    catalog: COMMON_OPTIONS.catalog,
    'allow-path': COMMON_OPTIONS['allow-path'],
    date: COMMON_OPTIONS.date,
    quiet: { type: 'boolean', short: 'q', description: 'print nothing; only the exit code' },
  },
  examples: [
    {
      command: 'iotassure diff base/system.yaml system.yaml',
      description: 'what a change to the model does to risks, gaps and framework progress',
    },
    {
      command: 'iotassure diff baseline.json system.yaml --format md > comment.md',
      description: 'compare with a saved assessment, as a pull-request comment',
    },
    {
      command: 'iotassure diff base/system.yaml system.yaml --fail-on-new high',
      description: 'in CI: fail when a change introduces a high or critical risk',
    },
  ],
  run(args, io) {
    const format = choice(args, 'format', DIFF_FORMATS) ?? 'text';
    const [oldPath, newPath] = args.positionals as [string, string];
    const before = loadSide(oldPath, args);
    const after = loadSide(newPath, args);
    const diff = diffAssessments(before, after);
    const level = string(args, 'fail-on-new');
    const failOn = level === undefined ? undefined : oneOf('fail-on-new', level, diff.levels, 'a risk level');
    if (!flag(args, 'quiet')) {
      if (format === 'json') io.stdout(`${JSON.stringify(diff, null, 2)}\n`);
      else if (format === 'md') io.stdout(diffMarkdown(diff));
      else io.stdout(diffText(diff, { colour: io.tty }));
    }
    return failOn !== undefined && newRisksAtOrAbove(diff, failOn).length > 0 ? 1 : 0;
  },
};

/** A saved assessment (recognised by its `format` field), validated like a model, or a system model, assessed now. */
export function loadSide(file: string, args: ParsedArgs): DiffInput {
  const doc = readSourceFile(file);
  const value = doc.value;
  if (isRecord(value) && 'format' in value) {
    if (value.format !== ASSESSMENT_FORMAT) {
      throw inputError(file, `not an iotassure assessment: its format is ${describeFormat(value.format)}`, {
        position: doc.locate(['format']),
        hint: 'pass a system model or the output of `iotassure assess MODEL --format json`',
      });
    }
    const version = value.formatVersion === undefined ? '' : String(value.formatVersion).slice(0, 20);
    if (!/^[123]\.\d+$/.test(version)) {
      throw inputError(
        file,
        `assessment format version ${version || '(none)'} is not supported; this reads 1.x, 2.x and 3.x`,
        {
          position: doc.locate(['formatVersion']),
          hint: 'use the iotassure version that wrote it, or assess the model again',
        },
      );
    }
    return diffInputOf(value, (schema, decoded) => validateDocument(doc, schema, decoded));
  }
  if (/\.json$/i.test(file) && !(isRecord(value) && 'system' in value)) {
    throw inputError(file, 'neither a system model nor an iotassure assessment (no `format: iotassure-assessment`)', {
      hint: 'pass a system model or the output of `iotassure assess MODEL --format json`',
    });
  }
  return runAssessment({
    positionals: [file],
    values: {
      catalog: strings(args, 'catalog'),
      date: string(args, 'date'),
      'allow-path': strings(args, 'allow-path'),
    },
  });
}

/** A format field as found, short: it may be anything a hand-edited file holds. */
function describeFormat(format: unknown): string {
  if (typeof format === 'string') return JSON.stringify(format.slice(0, 60));
  if (format === null || typeof format !== 'object') return String(format);
  return Array.isArray(format) ? 'a list' : 'a mapping';
}
