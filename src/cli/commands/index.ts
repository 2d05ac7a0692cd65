/**
 * Every command, in the order `--help` lists them. A command's module is imported only when that command runs (or
 * its help is shown), so `iotassure --version` or `assess` does not load the network checks, the workspace server
 * or their dependencies.
 */
import type { CommandDefinition, CommandSpec } from '../command.js';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<CommandSpec>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'init',
    summary: 'Write a starting system model, or the control entries a model still needs.',
    load: async () => (await import('./init.js')).initCommand,
  },
  {
    name: 'validate',
    summary: 'Check system models: syntax, schema, references, catalog ids, and whether the model contradicts itself.',
    load: async () => (await import('./validate.js')).validateCommand,
  },
  {
    name: 'assess',
    summary: 'Assess an IoT system model: risks, applicable controls, gaps, conformance and framework coverage.',
    load: async () => (await import('./assess.js')).assessCommand,
  },
  {
    name: 'questions',
    summary: 'What the model does not say that a verdict depends on: a list to fill in, or a questionnaire to send.',
    load: async () => (await import('./questions.js')).questionsCommand,
  },
  {
    name: 'verify',
    summary: 'Check the listed devices over the network and write the results as evidence for assess.',
    load: async () => (await import('./verify.js')).verifyCommand,
  },
  {
    name: 'diff',
    summary: 'What changed between two assessments: new and closed risks, level and status changes, gaps, progress.',
    load: async () => (await import('./diff.js')).diffCommand,
  },
  {
    name: 'coverage',
    summary: "How far each framework is met: by a model's assessment state, or by the catalog's controls.",
    load: async () => (await import('./coverage.js')).coverageCommand,
  },
  {
    name: 'catalog',
    summary: 'Browse and search the control catalog, its frameworks and the facts controls depend on.',
    load: async () => (await import('./catalog.js')).catalogCommand,
  },
  {
    name: 'map',
    summary: 'Cross-map: which controls cover a requirement, or what a control satisfies in every framework.',
    load: async () => (await import('./map.js')).mapCommand,
  },
  {
    name: 'rules',
    summary: 'List the risk rules, or run the test tables of your own rules files.',
    load: async () => (await import('./rules.js')).rulesCommand,
  },
  {
    name: 'schema',
    summary: 'Print the JSON Schema of the system model, for editor autocompletion and validation.',
    load: async () => (await import('./schema.js')).schemaCommand,
  },
  {
    name: 'docs',
    summary: 'Print a reference page (Markdown), offline: the model keys, the commands, verification, reports…',
    load: async () => (await import('./docs.js')).docsCommand,
  },
  {
    name: 'serve',
    summary: 'Start the workspace: a web application and JSON API where a team runs its 27400 programme together.',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  {
    name: 'push',
    summary: 'Upload a model as a new revision to a workspace server; print its assessment summary and web link.',
    load: async () => (await import('./push.js')).pushCommand,
  },
  {
    name: 'pull',
    summary: 'Fetch the current model YAML of a system from a workspace server, exactly as stored there.',
    load: async () => (await import('./pull.js')).pullCommand,
  },
  {
    name: 'audit',
    summary: "Check the workspace's hash-chained audit log and name the first entry that was altered or removed.",
    load: async () => (await import('./audit.js')).auditCommand,
  },
  {
    name: 'backup',
    summary: "Back up the workspace's embedded SQLite store while it runs, or restore a backup.",
    load: async () => (await import('./backup.js')).backupCommand,
  },
];

/** The whole definition of a listed command: its module loaded, with the name and summary listed here. */
export async function loadCommand(entry: CommandEntry): Promise<CommandDefinition> {
  return { name: entry.name, summary: entry.summary, ...(await entry.load()) };
}

/** Every command's whole definition, for the generated CLI reference. */
export const loadCommands = (): Promise<CommandDefinition[]> => Promise.all(COMMANDS.map(loadCommand));
