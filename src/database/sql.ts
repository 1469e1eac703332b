import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { DATABASE_TARGET, type DatabaseTarget } from './data-source-options.js';
import { postgresAsksForRetry } from './database-errors.js';

/**
 * The SQL of the request path (authentication, access checks, the checkpoint store). On PostgreSQL
 * every statement text becomes a named prepared statement on each connection that runs it, so it
 * is planned once per connection instead of once per request: planning a lookup on the partitioned
 * checkpoint tables costs more than running it (0.6–5 ms against 0.1 ms). The texts are constants
 * in the code (a handful of variants each), so the statements per connection stay few.
 *
 * Unnamed where a session is not the client's own (DB_PREPARED_STATEMENTS=false: a transaction-mode
 * pooler) and on the embedded database, which serves its socket's clients in one session (a
 * reconnected client would find its statements already there) and gains little from them.
 *
 * Every statement passed to query() must be safe to run twice (see run()); the others go to
 * queryOnce(). Statements run on the pool under TypeORM's DataSource, without TypeORM's per-query
 * work. Results are the rows, for every kind of statement (DataSource.query gives [rows, count]
 * for an UPDATE … RETURNING), and errors are TypeORM's QueryFailedError, which the exception filter
 * logs without parameters.
 */
@Injectable()
export class Sql {
  private readonly prepared: boolean;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(DATABASE_TARGET) target: DatabaseTarget,
  ) {
    this.prepared = target.preparedStatements;
  }

  query<Row>(text: string, params: unknown[] = []): Promise<Row[]> {
    return this.run<Row>(text, params, true);
  }

  /**
   * query() for a statement that must not run twice (an insert that takes a new id): not tried
   * again on a lost connection, where it may have committed.
   */
  queryOnce<Row>(text: string, params: unknown[] = []): Promise<Row[]> {
    return this.run<Row>(text, params, false);
  }

  private async run<Row>(text: string, params: unknown[], retry: boolean): Promise<Row[]> {
    const name = this.prepared ? statementName(text) : undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.pool().query({ name, text, values: params });
        return result.rows as Row[];
      } catch (error) {
        // A connection that died under the statement (a restarted pooler, the embedded database's
        // socket after an error) is replaced by the pool; the request path's statements are reads
        // and idempotent writes, so one more try on a fresh connection is safe. A database that is
        // down fails that try too and the request answers 503.
        if (retry && attempt === 1 && isConnectionLost(error)) continue;
        // A deadlock's victim was rolled back whole (each statement here is its own transaction),
        // so even a statement that must not run twice has not run once: try again. Seen with a
        // checkpoint write while retention dropped a partition of the same tables (the write
        // answered 500). (The other failure PostgreSQL asks to retry, serialization_failure, does
        // not happen to a statement of its own at READ COMMITTED.)
        if (attempt === 1 && postgresAsksForRetry(error)) continue;
        throw new QueryFailedError(text, params, error as Error);
      }
    }
  }

  private pool(): Pool {
    return poolOf(this.dataSource);
  }
}

/** The pg pool under TypeORM's DataSource (its PostgreSQL driver's `master`). */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as PostgresDriver).master as Pool;
}

const names = new Map<string, string>();

/** A name per distinct text: a hash, so that the same text always gets the same name. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `duo_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/** pg's error when the server side of a connection went away while a statement was on it. */
function isConnectionLost(error: unknown): boolean {
  return error instanceof Error && /Connection terminated/.test(error.message);
}
