/**
 * Commands are data: name, summary, options, examples and a `run` function. The parser, `--help`, and the generated
 * CLI reference (docs/cli.md) all read these definitions.
 */
import { parseArgs } from 'node:util';
import { closest } from '../util/suggest.js';

export interface OptionDefinition {
  type: 'string' | 'boolean';
  short?: string;
  /** may be given more than once; help and docs say "(repeatable)", so the description need not */
  multiple?: boolean;
  /** shown in help as --name VALUE */
  value?: string;
  description: string;
}

export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** the terminal supports colours and progress lines */
  tty: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

/** What a command module defines; its name and summary are listed in commands/index.ts, where --help reads them. */
export interface CommandSpec {
  /** e.g. `MODEL [--format FORMATS] [--out DIR]` */
  usage: string;
  description?: string;
  options: Record<string, OptionDefinition>;
  examples: { command: string; description: string }[];
  /** how many positional arguments: [min, max] */
  positionals: [number, number];
  run(args: ParsedArgs, io: CommandIO): Promise<number> | number;
}

export interface CommandDefinition extends CommandSpec {
  name: string;
  summary: string;
}

/** A mistake in how the command was called: shown with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandDefinition,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseCommandArgs(command: CommandDefinition, argv: string[]): ParsedArgs {
  const options = Object.fromEntries(
    // parseArgs rejects keys that are present but undefined, so only set what the definition sets.
    Object.entries(command.options).map(([name, o]) => [
      name,
      { type: o.type, ...(o.short && { short: o.short }), ...(o.multiple && { multiple: true }) },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    if (unknown) {
      const suggestion = closest(unknown.replace(/^-+/, ''), Object.keys(command.options));
      throw new UsageError(`unknown option ${unknown}${suggestion ? `; did you mean --${suggestion}?` : ''}`, command);
    }
    throw new UsageError(message.replace(/\. To specify a positional.*$/s, ''), command);
  }
  const [min, max] = command.positionals;
  if (parsed.positionals.length < min) throw new UsageError(`missing argument: ${command.usage}`, command);
  if (parsed.positionals.length > max) {
    throw new UsageError(`unexpected argument "${parsed.positionals[max]}"`, command);
  }
  return { positionals: parsed.positionals, values: parsed.values as ParsedArgs['values'] };
}

/** How an option is written: `-f, --format FORMATS`. */
export const optionFlag = (name: string, o: OptionDefinition): string =>
  `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`;

/** What an option means, as help and the CLI reference show it. */
export const optionText = (o: OptionDefinition): string => `${o.description}${o.multiple ? ' (repeatable)' : ''}`;

export function commandHelp(command: CommandDefinition): string {
  const lines = [`iotassure ${command.name} ${command.usage}`.trimEnd(), '', command.summary];
  if (command.description) lines.push('', command.description);
  const options = Object.entries(command.options);
  if (options.length > 0) {
    lines.push('', 'Options:');
    for (const [name, o] of options) {
      const flag = `${o.short ? '' : '    '}${optionFlag(name, o)}`;
      lines.push(`  ${flag.padEnd(30)} ${optionText(o)}`);
    }
  }
  if (command.examples.length > 0) {
    lines.push('', 'Examples:');
    for (const e of command.examples) lines.push(`  ${e.command}`, `      ${e.description}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Options several commands share. */
export const COMMON_OPTIONS = {
  catalog: {
    type: 'string',
    multiple: true,
    value: 'PATH',
    description: 'add a catalog file or folder of your own',
  },
  'allow-path': {
    type: 'string',
    multiple: true,
    value: 'DIR',
    description:
      'DIR is part of the project: files a model or targets file names (catalogs, rules, SBOM, OSV, PEM) may be in it, and messages may quote its files',
  },
  rules: {
    type: 'string',
    multiple: true,
    value: 'FILE',
    description: 'add a risk rules file of your own (`iotassure docs rules`)',
  },
  force: {
    type: 'boolean',
    description: 'write output files through symbolic links (replacing the file a link points to)',
  },
  json: { type: 'boolean', description: 'print JSON instead of text' },
  date: { type: 'string', value: 'YYYY-MM-DD', description: 'assess as of this date (default: today)' },
  strict: {
    type: 'boolean',
    description: 'exit 2 when the model contradicts itself or a claim lacks what it needs (consistency findings)',
  },
} as const satisfies Record<string, OptionDefinition>;

export const string = (args: ParsedArgs, name: string): string | undefined => {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
};

export const strings = (args: ParsedArgs, name: string): string[] => {
  const value = args.values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
};

export const flag = (args: ParsedArgs, name: string): boolean => args.values[name] === true;

/** `--date`, checked: an assessment date is YYYY-MM-DD. */
export function dateOption(args: ParsedArgs): string | undefined {
  const date = string(args, 'date');
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError('--date must be YYYY-MM-DD');
  return date;
}

/**
 * The word of `allowed` that `value` names: itself, or the one word it equals ignoring case (`--fail-on High`).
 * Case is ignored only where that leaves no doubt, so two words that differ only in case are never confused.
 */
export function matchWord<T extends string>(value: string, allowed: Iterable<T>): T | undefined {
  const words = [...allowed];
  if ((words as string[]).includes(value)) return value as T;
  const caseless = words.filter((w) => w.toLowerCase() === value.toLowerCase());
  return caseless.length === 1 ? caseless[0] : undefined;
}

/**
 * An option's value as one of `allowed` (see matchWord), or a usage error that lists them and suggests the nearest.
 * `what` names the kind of value in the message, e.g. "a risk level".
 */
export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[], what?: string): T {
  const match = matchWord(value, allowed);
  if (match !== undefined) return match;
  const suggestion = closest(value, allowed);
  throw new UsageError(
    `--${name} must be ${what ? `${what}: ${allowed.join(', ')}` : `one of ${allowed.join(', ')}`}; got "${value}"${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
  );
}

/** Reads an option that must be one of `allowed` (see oneOf). */
export function choice<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[]): T | undefined {
  const value = string(args, name);
  return value === undefined ? undefined : oneOf(name, value, allowed);
}
