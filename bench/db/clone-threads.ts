import { ident, type BenchDatabase } from './bench-database.js';

/**
 * How a contender keys its rows by thread: raw pg and PostgresSaver have a `thread_id` column in
 * every table; the service keys checkpoint rows by `workflow_id`, one workflow per thread.
 */
export type ThreadKeying = { kind: 'thread_id' } | { kind: 'workflow'; workflowsTable: string };

/** Checkpoint ids are rewritten per copy (first 8 hex digits = copy number), so indexes see distinct keys as in real data. */
const CHECKPOINT_ID_COLUMNS = new Set(['checkpoint_id', 'parent_checkpoint_id', 'thread_ts', 'parent_ts']);
const REWRITTEN_ID = (column: string) => `overlay(src.${ident(column)} placing lpad(to_hex(m.g), 8, '0') from 1 for 8)`;

/** The name of copy number `g` (SQL expression), and the same in TypeScript. */
const COPY_NAME_SQL = `'bg-' || m.g`;
export const copyName = (g: number) => `bg-${g}`;

/**
 * Copies every row of thread `template` into threads bg-<from> … bg-<to>, in SQL: the fast way to
 * fill a table to a million realistic rows (each copy is a thread the contender itself wrote,
 * through its own put). Columns are read from the catalog, so a change to the service's tables
 * needs no change here as long as its rows stay keyed by workflow_id; other columns, surrogate
 * ids included, are copied verbatim (ids are unique per workflow in its partitioned tables, and
 * references between a copy's own rows stay intact).
 */
export async function cloneThread(db: BenchDatabase, schema: string, keying: ThreadKeying, template: string, from: number, to: number): Promise<void> {
  const series = `generate_series(${from}, ${to}) AS m(g)`;
  if (keying.kind === 'thread_id') {
    for (const table of await db.tables(schema, ['r', 'p'])) {
      await copyRows(db, schema, table, { column: 'thread_id', template, value: COPY_NAME_SQL, source: series });
    }
    return;
  }
  const workflows = `${ident(schema)}.${ident(keying.workflowsTable)}`;
  const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM ${workflows} WHERE thread_id = $1`, [template]);
  if (rows.length !== 1) throw new Error(`expected one workflow for thread ${template}, found ${rows.length}`);
  const templateWorkflow = rows[0].id;
  // The workflow rows first (new ids from the sequence), then every table keyed by workflow_id.
  await copyRows(db, schema, keying.workflowsTable, { column: 'id', template: templateWorkflow, value: null, source: series, rename: 'thread_id' });
  const copies = `(SELECT m.g, w.id FROM ${series} JOIN ${workflows} w ON w.thread_id = ${COPY_NAME_SQL}) AS m`;
  for (const table of await db.tables(schema, ['r', 'p'])) {
    if (table === keying.workflowsTable) continue;
    await copyRows(db, schema, table, { column: 'workflow_id', template: templateWorkflow, value: 'm.id', source: copies });
  }
}

type CopySpec = {
  /** The column that names the thread; rows where it equals `template` are copied. */
  column: string;
  template: string;
  /** Its value in the copy (SQL over `m`), or null to let the column default (a generated id). */
  value: string | null;
  /** A FROM item `m` with one row per copy and its number in `m.g`. */
  source: string;
  /** Another column that gets the copy's name (the workflow's thread_id). */
  rename?: string;
};

async function copyRows(db: BenchDatabase, schema: string, table: string, spec: CopySpec): Promise<void> {
  const columns = await insertableColumns(db, schema, table);
  if (!columns.includes(spec.column)) return;
  const targets = spec.value === null ? columns.filter((column) => column !== spec.column) : columns;
  const values = targets.map((column) => {
    if (column === spec.column) return spec.value!;
    if (column === spec.rename) return COPY_NAME_SQL;
    return CHECKPOINT_ID_COLUMNS.has(column) ? REWRITTEN_ID(column) : `src.${ident(column)}`;
  });
  const qualified = `${ident(schema)}.${ident(table)}`;
  await db.pool.query(
    `INSERT INTO ${qualified} (${targets.map(ident).join(', ')})
     SELECT ${values.join(', ')} FROM ${qualified} AS src CROSS JOIN ${spec.source}
     WHERE src.${ident(spec.column)} = $1`,
    [spec.template],
  );
}

/** Columns an INSERT may name: not dropped, not generated. */
async function insertableColumns(db: BenchDatabase, schema: string, table: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_attribute a
     WHERE a.attrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     ORDER BY a.attnum`,
    [schema, table],
  );
  return rows.map((row) => row.name);
}
