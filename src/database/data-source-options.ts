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
      // Client-side bound too: a server that vanished without closing the socket never answers.
      query_timeout: config.DB_STATEMENT_TIMEOUT_MS + 2000,
      idle_in_transaction_session_timeout: config.DB_STATEMENT_TIMEOUT_MS * 2,
      keepAlive: true,
      application_name: 'duo-checkpoints',
    },
  };
}
