/** Every command, in the order `--help` lists them. */
import type { CommandDefinition } from '../command.js';
import { assessCommand } from './assess.js';
import { auditCommand } from './audit.js';
import { backupCommand } from './backup.js';
import { catalogCommand } from './catalog.js';
import { coverageCommand } from './coverage.js';
import { diffCommand } from './diff.js';
import { docsCommand } from './docs.js';
import { initCommand } from './init.js';
import { mapCommand } from './map.js';
import { pullCommand } from './pull.js';
import { pushCommand } from './push.js';
import { questionsCommand } from './questions.js';
import { rulesCommand } from './rules.js';
import { schemaCommand } from './schema.js';
import { serveCommand } from './serve.js';
import { validateCommand } from './validate.js';
import { verifyCommand } from './verify.js';

export const COMMANDS: readonly CommandDefinition[] = [
  initCommand,
  validateCommand,
  assessCommand,
  questionsCommand,
  verifyCommand,
  diffCommand,
  coverageCommand,
  catalogCommand,
  mapCommand,
  rulesCommand,
  schemaCommand,
  docsCommand,
  serveCommand,
  pushCommand,
  pullCommand,
  auditCommand,
  backupCommand,
];
