import type { CliCommand } from './command.js';
import { migrateCommand, migrateRevertCommand } from './migrate.command.js';

export const COMMANDS: Record<string, CliCommand> = {
  migrate: migrateCommand,
  'migrate:revert': migrateRevertCommand,
};
