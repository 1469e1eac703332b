import type { DataSource } from 'typeorm';

/** The row count of every table but the migrations log, in one statement (cheap enough per request). */
export class RowCounter {
  private constructor(
    private readonly dataSource: DataSource,
    private readonly sql: string,
  ) {}

  static async for(dataSource: DataSource): Promise<RowCounter> {
    // Only plain tables: a partitioned parent would count its partitions' rows a second time.
    const tables: { tablename: string }[] = await dataSource.query(
      `SELECT c.relname AS tablename FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> 'schema_migrations' ORDER BY 1`,
    );
    const columns = tables.map(({ tablename }) => `(SELECT count(*) FROM "${tablename}")::int AS "${tablename}"`);
    return new RowCounter(dataSource, `SELECT ${columns.join(', ')}`);
  }

  async counts(): Promise<Record<string, number>> {
    return (await this.dataSource.query(this.sql))[0];
  }
}

/**
 * The tables in which `marker` appears anywhere in a row (any column, as its JSON text): how a
 * test proves that a value it sent was not stored, whatever column it might have landed in.
 */
export async function tablesContaining(dataSource: DataSource, marker: string): Promise<string[]> {
  const tables: { tablename: string }[] = await dataSource.query(
    `SELECT c.relname AS tablename FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> 'schema_migrations'`,
  );
  const found: string[] = [];
  for (const { tablename } of tables) {
    // bytea columns show as \x… hex in JSON text, so the marker is searched in hex as well.
    const rows = await dataSource.query(
      `SELECT 1 FROM "${tablename}" t WHERE strpos(row_to_json(t)::text, $1) > 0 OR strpos(row_to_json(t)::text, $2) > 0 LIMIT 1`,
      [marker, Buffer.from(marker).toString('hex')],
    );
    if (rows.length > 0) found.push(tablename);
  }
  return found;
}
