import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/environment.js';
import { prepareSchema, revertLastMigration } from '../../database/migration-runner.js';
import { withDataSource } from '../with-data-source.js';
import type { CliCommand } from './command.js';

/** Applies pending migrations and creates the partitions ahead, telling stderr what it did. */
export async function migrateAndReport(dataSource: DataSource, config: AppConfig): Promise<void> {
  const { applied, partitions } = await prepareSchema(dataSource, config);
  process.stderr.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'no pending migrations\n');
  if (partitions.length) process.stderr.write(`created partitions: ${partitions.join(', ')}\n`);
}

export const migrateCommand: CliCommand = {
  description: 'apply pending migrations and create the partitions ahead',
  run: (config) =>
    withDataSource(config, async (dataSource) => {
      await migrateAndReport(dataSource, config);
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
