import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export type TableSizes = Record<string, number>;

/**
 * The bench's own administrative connection to DATABASE_URL. Every contender lives in its own
 * schema (bench_*), dropped and created afresh, so a run never reads another run's rows and
 * never touches anything outside those schemas.
 */
export class BenchDatabase {
  private constructor(readonly pool: pg.Pool) {}

  static async connect(url: string): Promise<BenchDatabase> {
    const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'duo-bench-admin' });
    await pool.query('SELECT 1');
    return new BenchDatabase(pool);
  }

  async resetSchema(schema: string): Promise<void> {
    await this.dropSchema(schema);
    await this.pool.query(`CREATE SCHEMA ${ident(schema)}`);
  }

  async dropSchema(schema: string): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
  }

  /** VACUUM ANALYZE of every table of the schema (partitioned parents recurse into partitions). */
  async vacuumAnalyze(schema: string): Promise<void> {
    for (const table of await this.tables(schema, ['r', 'p'])) await this.pool.query(`VACUUM (ANALYZE) ${ident(schema)}.${ident(table)}`);
  }

  /** ANALYZE only: fresh planner statistics without the cost of a vacuum (between scaling steps). */
  async analyze(schema: string): Promise<void> {
    for (const table of await this.tables(schema, ['r', 'p'])) await this.pool.query(`ANALYZE ${ident(schema)}.${ident(table)}`);
  }

  /** pg_total_relation_size (heap + TOAST + indexes) of every stored table: partitions count, their empty parents do not. */
  async tableSizes(schema: string): Promise<TableSizes> {
    const { rows } = await this.pool.query<{ name: string; bytes: string }>(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY c.relname`,
      [schema],
    );
    return Object.fromEntries(rows.map((row) => [row.name, Number(row.bytes)]));
  }

  async rowCount(schema: string, table: string): Promise<number> {
    const { rows } = await this.pool.query<{ count: string }>(`SELECT count(*) AS count FROM ${ident(schema)}.${ident(table)}`);
    return Number(rows[0].count);
  }

  /**
   * Waits until PostgreSQL has no background work left from what came before: a CHECKPOINT writes
   * out the dirty pages now, then no autovacuum worker may be running. Contenders run one after
   * the other, and the million-row phase of one left the next measured against autovacuum and the
   * checkpointer (a full run's service figures were half those of a run of the service alone).
   * False when it was still busy after `maxSeconds`.
   */
  async settle(maxSeconds: number): Promise<boolean> {
    // CHECKPOINT needs superuser or pg_checkpoint; without either, the wait alone still helps.
    await this.pool.query('CHECKPOINT').catch(() => undefined);
    const deadline = Date.now() + maxSeconds * 1000;
    for (;;) {
      const { rows } = await this.pool.query<{ busy: number }>(`SELECT count(*)::int AS busy FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`);
      if (rows[0].busy === 0) return true;
      if (Date.now() >= deadline) return false;
      await sleep(500);
    }
  }

  /** The server's version and the settings that move write and read costs most, for the results file. */
  async serverSettings(): Promise<Record<string, string>> {
    const { rows } = await this.pool.query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM pg_settings
       WHERE name IN ('server_version', 'shared_buffers', 'synchronous_commit', 'fsync', 'jit', 'work_mem', 'max_wal_size') ORDER BY name`,
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
  }

  /** Ordinary ('r') and partitioned ('p') tables of the schema that are not themselves partitions. */
  async tables(schema: string, kinds: string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind = ANY($2) AND NOT c.relispartition ORDER BY c.relname`,
      [schema, kinds],
    );
    return rows.map((row) => row.name);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Subtracts a before-snapshot, so only what the workload added counts (empty tables and indexes are not zero bytes). */
export function sizeDelta(after: TableSizes, before: TableSizes): { total: number; tables: TableSizes } {
  const tables = Object.fromEntries(
    Object.entries(after)
      .map(([name, bytes]): [string, number] => [name, bytes - (before[name] ?? 0)])
      .filter(([, bytes]) => bytes !== 0),
  );
  return { total: Object.values(tables).reduce((sum, bytes) => sum + bytes, 0), tables };
}

/** A quoted SQL identifier; schema and table names come from the bench itself, but quoting costs nothing. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
