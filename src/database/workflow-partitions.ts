import type { DataSource } from 'typeorm';

/** The checkpoint tables, partitioned by ranges of workflow id (see the CreateDuoWorkflows migration). */
export const PARTITIONED_TABLES = [
  'duo_workflows_checkpoints',
  'duo_workflows_checkpoint_blobs',
  'duo_workflows_checkpoint_elements',
  'duo_workflows_checkpoint_writes',
];

export type RangePartition = { table: string; name: string; from: number; to: number };

/**
 * Keeps range partitions ahead of the workflow id sequence: the range holding the newest workflow
 * and `ahead` more. Runs after migrations and from the retention job; idempotent, and safe from
 * several replicas at once (creation conflicts are ignored). Ranges are contiguous, so `size` may
 * change between runs and only affects new ranges.
 */
export async function ensureWorkflowPartitions(dataSource: DataSource, size: number, ahead = 2): Promise<string[]> {
  const newest = await newestWorkflowId(dataSource);
  const created: string[] = [];
  for (const table of PARTITIONED_TABLES) {
    const ranges = await listRangePartitions(dataSource, table);
    let from = ranges.length > 0 ? Math.max(...ranges.map((r) => r.to)) : 1;
    while (from <= newest + ahead * size) {
      const name = `${table}_w${from}`;
      if (!(await createPartition(dataSource, table, name, from, from + size))) break;
      created.push(name);
      from += size;
    }
  }
  return created;
}

/** The highest workflow id handed out so far (0 before the first), in this schema. */
export async function newestWorkflowId(dataSource: DataSource): Promise<number> {
  const [{ last }]: { last: string | null }[] = await dataSource.query(
    "SELECT last_value AS last FROM pg_sequences WHERE sequencename = 'duo_workflows_workflows_id_seq' AND schemaname = current_schema()",
  );
  return Number(last ?? 0);
}

export async function listRangePartitions(dataSource: DataSource, table: string): Promise<RangePartition[]> {
  const rows: { name: string; bound: string }[] = await dataSource.query(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = $1 AND p.relnamespace = current_schema()::regnamespace`,
    [table],
  );
  return rows.flatMap(({ name, bound }) => {
    const match = /FROM \('?(\d+)'?\) TO \('?(\d+)'?\)/.exec(bound);
    return match ? [{ table, name, from: Number(match[1]), to: Number(match[2]) }] : [];
  });
}

/**
 * False when the range cannot be created now: another replica made it, or rows for it already sit
 * in the default partition (they stay readable there; retention deletes them row by row).
 */
async function createPartition(dataSource: DataSource, table: string, name: string, from: number, to: number): Promise<boolean> {
  try {
    await dataSource.query(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF ${table} FOR VALUES FROM (${from}) TO (${to})`);
    return true;
  } catch (error) {
    const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
    // 23514: the default partition holds rows of this range; 42P07 / 42P17: created concurrently or overlapping.
    if (code === '23514' || code === '42P07' || code === '42P17') return false;
    throw error;
  }
}
