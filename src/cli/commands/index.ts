import { bootstrapCommand } from './bootstrap.command.js';
import type { CliCommand } from './command.js';
import { migrateCommand, migrateRevertCommand } from './migrate.command.js';
import { retentionCommand } from './retention.command.js';
import { tokenCommand } from './token.command.js';

export const COMMANDS: Record<string, CliCommand> = {
  migrate: migrateCommand,
  'migrate:revert': migrateRevertCommand,
  bootstrap: bootstrapCommand,
  token: tokenCommand,
  retention: retentionCommand,
};
