/**
 * Commands are data: name, summary, options, examples and a `run` function. The parser, `--help`, and the generated
 * CLI reference (docs/cli.md) all read these definitions.
 */
import { parseArgs } from 'node:util';
import { closest } from '../util/suggest.js';

export interface OptionDefinition {
  type: 'string' | 'boolean';
  short?: string;
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

export interface CommandDefinition {
  name: string;
  /** e.g. `MODEL [--format FORMATS] [--out DIR]` */
  usage: string;
  summary: string;
  description?: string;
  options: Record<string, OptionDefinition>;
  examples: { command: string; description: string }[];
  /** how many positional arguments: [min, max] */
  positionals: [number, number];
  run(args: ParsedArgs, io: CommandIO): Promise<number> | number;
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

export function commandHelp(command: CommandDefinition): string {
  const lines = [`iotassure ${command.name} ${command.usage}`.trimEnd(), '', command.summary];
  if (command.description) lines.push('', command.description);
  const options = Object.entries(command.options);
  if (options.length > 0) {
    lines.push('', 'Options:');
    for (const [name, o] of options) {
      const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`;
      lines.push(`  ${flag.padEnd(30)} ${o.description}${o.multiple ? ' (repeatable)' : ''}`);
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
      'DIR is part of the project: files a model or targets file names (catalogs, SBOM, OSV, PEM) may be in it, and messages may quote its files',
  },
  force: {
    type: 'boolean',
    description: 'write output files through symbolic links (replacing the file a link points to)',
  },
  json: { type: 'boolean', description: 'print JSON instead of text' },
  date: { type: 'string', value: 'YYYY-MM-DD', description: 'assess as of this date (default: today)' },
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

/** Reads an option that must be one of `allowed`, with a suggestion when it is not. */
export function choice<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[]): T | undefined {
  const value = string(args, name);
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const suggestion = closest(value, allowed);
  throw new UsageError(
    `--${name} must be one of ${allowed.join(', ')}; got "${value}"${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
  );
}
