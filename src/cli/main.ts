/**
 * The command line: dispatches to one command, maps errors to exit codes.
 * 0 success; 1 findings at or above --fail-on (or, for verify, failed checks); 2 bad input or usage;
 * 70 an internal error (a bug: please report it).
 */

import { dirname, resolve } from 'node:path';
import { withholdOutside } from '../input/read.js';
import { formatDiagnostic, InputError } from '../util/diagnostics.js';
import { didYouMean } from '../util/suggest.js';
import { TOOL_VERSION } from '../util/version.js';
import {
  type CommandDefinition,
  type CommandIO,
  commandHelp,
  type ParsedArgs,
  parseCommandArgs,
  strings,
  UsageError,
} from './command.js';
import { COMMANDS, loadCommand } from './commands/index.js';

export const EXIT = { ok: 0, findings: 1, input: 2, internal: 70 } as const;

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `iotassure ${TOOL_VERSION} — ISO/IEC 27400 IoT security and privacy assessment`,
    '',
    'Usage: iotassure COMMAND [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `iotassure COMMAND --help` for a command's options and examples, `iotassure docs` for the reference pages.",
    'Exit codes: 0 success · 1 findings at or above --fail-on · 2 bad input or usage · 70 internal error',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp());
    return name === undefined ? EXIT.input : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${TOOL_VERSION}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr(
      `iotassure: unknown command "${name}"; ${
        didYouMean(
          name,
          COMMANDS.map((c) => c.name),
        ) ?? 'run `iotassure --help`'
      }\n`,
    );
    return EXIT.input;
  }
  const command = await loadCommand(entry);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandHelp(command));
    return EXIT.ok;
  }
  return runCommand(command, rest, io);
}

/**
 * The project folders of a command line: the folders of the files it works on (the models, targets files, saved
 * assessments it names as arguments or with --model) and every --allow-path. What other files say is not printed
 * (see withholdOutside).
 */
function projectOf(args: ParsedArgs): string[] {
  const files = [...args.positionals, ...strings(args, 'model')];
  return [...files.map((p) => dirname(resolve(p))), ...strings(args, 'allow-path')];
}

async function runCommand(command: CommandDefinition, argv: string[], io: CommandIO): Promise<number> {
  let args: ParsedArgs | undefined;
  try {
    args = parseCommandArgs(command, argv);
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof InputError) {
      const diagnostics = withholdOutside(error.diagnostics, args ? projectOf(args) : []);
      for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      io.stderr(`${errors} error${errors === 1 ? '' : 's'}\n`);
      return EXIT.input;
    }
    if (error instanceof UsageError) {
      io.stderr(`iotassure ${command.name}: ${error.message}\nUsage: iotassure ${command.name} ${command.usage}\n`);
      return EXIT.input;
    }
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return EXIT.ok;
    io.stderr(
      `iotassure: internal error — this is a bug, please report it with the command you ran.\n${(error as Error).stack ?? String(error)}\n`,
    );
    return EXIT.internal;
  }
}
