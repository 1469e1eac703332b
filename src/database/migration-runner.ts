import { MigrationExecutor, type DataSource } from 'typeorm';
import type { AppConfig } from '../config/environment.js';
import { ensureWorkflowPartitions } from './workflow-partitions.js';

// Any constant works; it only has to be the same for every replica of this service.
const MIGRATION_LOCK_KEY = 7_311_903_422;

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so replicas that start together
 * run them once, one after the other, each migration in its own transaction. The migrations run
 * on the connection that holds the lock (the embedded database has only one).
 */
export async function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  return withMigrationLock(dataSource, async (executor) => {
    const applied = await executor.executePendingMigrations();
    return applied.map((migration) => migration.name);
  });
}

/** Migrations, then the checkpoint tables' partitions for the workflows to come. */
export async function prepareSchema(dataSource: DataSource, config: AppConfig): Promise<{ applied: string[]; partitions: string[] }> {
  const applied = await runPendingMigrations(dataSource);
  const partitions = await ensureWorkflowPartitions(dataSource, config.WORKFLOW_PARTITION_SIZE);
  return { applied, partitions };
}

/** Reverts the most recent migration, under the same lock. */
export async function revertLastMigration(dataSource: DataSource): Promise<void> {
  await withMigrationLock(dataSource, (executor) => executor.undoLastMigration());
}

/** True when a migration in the code has not been applied to the database. */
export async function hasPendingMigrations(dataSource: DataSource): Promise<boolean> {
  const executor = new MigrationExecutor(dataSource);
  return (await executor.getPendingMigrations()).length > 0;
}

async function withMigrationLock<T>(dataSource: DataSource, work: (executor: MigrationExecutor) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      return await work(executor);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
