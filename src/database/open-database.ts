import type { AppConfig } from '../config/environment.js';
import type { DatabaseTarget } from './data-source-options.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export type OpenDatabase = DatabaseTarget & { stop(): Promise<void> };

/** PostgreSQL at DATABASE_URL, or the embedded database under DATA_DIR when none is given. */
export async function openDatabase(config: AppConfig): Promise<OpenDatabase> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE, embedded: false, preparedStatements: config.DB_PREPARED_STATEMENTS, stop: async () => {} };
  }
  const embedded = await startEmbeddedPostgres(config.DATA_DIR);
  return { url: embedded.url, poolSize: 1, embedded: true, preparedStatements: false, stop: () => embedded.stop() };
}
