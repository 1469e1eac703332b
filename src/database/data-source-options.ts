import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { AppConfig } from '../config/environment.js';
import { ENTITIES } from './entities.js';

/** The injection token of the DatabaseTarget the app was started with. */
export const DATABASE_TARGET = Symbol('DATABASE_TARGET');

export type DatabaseTarget = {
  url: string;
  /** The embedded database serves one connection at a time, so its pool is one. */
  poolSize: number;
  embedded: boolean;
  /** Named prepared statements for the request path's SQL (never on the embedded database). */
  preparedStatements: boolean;
};

/** The one DataSource definition: the server, the CLI and the tests all build theirs here. */
export function dataSourceOptions(config: AppConfig, target: DatabaseTarget): DataSourceOptions {
  return {
    type: 'postgres',
    url: target.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    // Failed queries are either handled (a unique violation becomes 409) or logged as JSON with the
    // request id by the exception filter; TypeORM's own console logging would be neither.
    logging: false,
    extra: {
      max: target.poolSize,
      // A request waits at most this long for a connection, so a dead database gives 503s, not hangs.
      connectionTimeoutMillis: config.DB_CONNECT_TIMEOUT_MS,
      statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
      // No query_timeout: the server's connections are watched for stalled statements instead
      // (stalled-statements.ts, which says why).
      idle_in_transaction_session_timeout: config.DB_STATEMENT_TIMEOUT_MS * 2,
      keepAlive: true,
      application_name: 'duo-checkpoints',
      // Prepared statements are planned once per connection; a new connection plans them again
      // with the tables' statistics of the day (DB_CONNECTION_LIFETIME_S).
      ...(target.preparedStatements ? { options: sessionOptions(), maxLifetimeSeconds: config.DB_CONNECTION_LIFETIME_S } : {}),
    },
  };
}

/**
 * PostgreSQL session settings for the app's connections, after any the environment gives in
 * PGOPTIONS (which an explicit `options` would otherwise replace). The request path's statements are
 * prepared once per connection (sql.ts); with the default plan_cache_mode, PostgreSQL keeps
 * re-planning them for each execution, because a generic plan over the partitioned checkpoint tables
 * looks costlier than a custom one, and planning there costs more than running the lookup. Every one
 * of those statements is an index probe by key, which a generic plan with run-time partition pruning
 * runs as well.
 */
function sessionOptions(): string {
  return [process.env.PGOPTIONS, '-c plan_cache_mode=force_generic_plan'].filter(Boolean).join(' ');
}
