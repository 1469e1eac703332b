import { revertLastMigration, runPendingMigrations } from '../../database/migration-runner.js';
import { withDataSource } from '../with-data-source.js';
import type { CliCommand } from './command.js';

export const migrateCommand: CliCommand = {
  description: 'apply pending migrations',
  run: (config) =>
    withDataSource(config, async (dataSource) => {
      const applied = await runPendingMigrations(dataSource);
      process.stderr.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'no pending migrations\n');
      return 0;
    }),
};

export const migrateRevertCommand: CliCommand = {
  description: 'revert the most recent migration',
  run: (config) =>
    withDataSource(config, async (dataSource) => {
      await revertLastMigration(dataSource);
      process.stderr.write('reverted the last migration\n');
      return 0;
    }),
};
